// Fuzzes the address rules of core/net: IpAddress::parse, CidrRange::create,
// TrustedProxyList, parse_forwarded_address and resolve_client_ip / is_local_direct_request
// (spec §3.4), on one input split into lines:
//   byte 0     bit 0: allow_real_ip_fallback
//   line 1     trusted proxy entries, comma-separated (as gateway.trustedProxies)
//   line 2     the socket peer's address
//   lines 3-7  X-Forwarded-For, X-Real-IP, Forwarded, X-Forwarded-Proto, X-Forwarded-Host
//              (a header is present when its line is)
// Every line is also tried as an address and as a CIDR range. Invariants checked:
//  - to_string() of an address or range parses back to the same value, and is canonical;
//  - a range contains its own network and every address whose leading bits match, and no
//    address of the other family; create(address, prefix) agrees with contains();
//  - the client of an untrusted peer is the peer; a client found in X-Forwarded-For is
//    neither loopback nor a trusted proxy; "local direct" is exactly "loopback peer and
//    no proxy header".
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/net/cidr.h"
#include "core/net/client_ip.h"
#include "core/net/ip_address.h"
#include "core/net/trusted_proxies.h"
#include "fuzz_support.h"

namespace {

using openclaw::net::CidrRange;
using openclaw::net::ForwardingHeaders;
using openclaw::net::IpAddress;
using openclaw::net::TrustedProxyList;

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("client_ip_fuzz", what, detail);
}

void check(bool condition, const char* what, std::string_view detail) {
  if (!condition) violated(what, detail);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

void check_address(std::string_view text) {
  auto address = IpAddress::parse(text);
  if (!address) return;
  check(address->bytes().size() == (address->is_v4() ? 4u : 16u), "byte count does not match the family", text);
  const std::string canonical = address->to_string();
  auto again = IpAddress::parse(canonical);
  check(again && *again == *address, "to_string() does not parse back to the same address", text);
  check(again->to_string() == canonical, "to_string() is not canonical", text);
  // The bytes rebuild the same value (mapped IPv6 was already normalised to IPv4).
  if (address->is_v4()) {
    IpAddress::V4Bytes bytes{};
    std::copy(address->bytes().begin(), address->bytes().end(), bytes.begin());
    check(IpAddress::from_v4_bytes(bytes) == *address, "from_v4_bytes(bytes()) differs", text);
  } else {
    IpAddress::V6Bytes bytes{};
    std::copy(address->bytes().begin(), address->bytes().end(), bytes.begin());
    check(IpAddress::from_v6_bytes(bytes) == *address, "from_v6_bytes(bytes()) differs", text);
  }
  check(!(address->is_loopback() && address->is_private()), "loopback and private at once", text);
  // The forwarded-address parser accepts every bare literal too, as the same address.
  auto forwarded = openclaw::net::parse_forwarded_address(text);
  check(forwarded && *forwarded == *address, "parse_forwarded_address refuses a bare address", text);
}

void check_range(std::string_view text, const std::vector<IpAddress>& probes) {
  auto range = CidrRange::create(text);
  if (!range) {
    check(!range.error().message.empty(), "empty error message", text);
    return;
  }
  const int max = range->network().is_v4() ? 32 : 128;
  check(range->prefix_length() >= 0 && range->prefix_length() <= max, "prefix out of range", text);
  check(range->is_catch_all() == (range->prefix_length() == 0), "is_catch_all disagrees with the prefix", text);
  check(range->contains(range->network()), "a range does not contain its own network", text);
  const std::string written = range->to_string();
  auto again = CidrRange::create(written);
  check(again && *again == *range, "to_string() does not parse back to the same range", text);
  check(again->to_string() == written, "to_string() is not canonical", text);
  for (const IpAddress& probe : probes) {
    const bool contained = range->contains(probe);
    if (probe.is_v4() != range->network().is_v4()) {
      check(!contained, "a range contains an address of the other family", text);
      continue;
    }
    // Clearing the probe's host bits gives this range exactly when the probe is inside it.
    auto probe_range = CidrRange::create(probe, range->prefix_length());
    check(probe_range.has_value(), "create(address, valid prefix) failed", text);
    check(contained == (*probe_range == *range), "contains() disagrees with create(address, prefix)", text);
    check(probe_range->contains(probe), "create(address, prefix) does not contain the address", text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool allow_real_ip_fallback = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::vector<std::string_view> lines = split(text, '\n');
  auto line = [&](std::size_t index) -> std::optional<std::string> {
    if (index >= lines.size()) return std::nullopt;
    return std::string(lines[index]);
  };

  // Every line and every comma-separated piece, as an address and as a range.
  std::vector<IpAddress> probes;
  std::vector<std::string_view> pieces;
  for (std::string_view each : lines) {
    pieces.push_back(each);
    for (std::string_view piece : split(each, ',')) pieces.push_back(piece);
  }
  for (std::string_view piece : pieces) {
    check_address(piece);
    if (auto address = IpAddress::parse(piece)) probes.push_back(*address);
    if (auto forwarded = openclaw::net::parse_forwarded_address(piece)) {
      auto again = openclaw::net::parse_forwarded_address(forwarded->to_string());
      check(again && *again == *forwarded, "a forwarded address does not survive to_string()", piece);
    }
  }
  for (std::string_view piece : pieces) check_range(piece, probes);

  std::vector<std::string> entries;
  if (auto first = line(0); first && !first->empty()) {
    for (std::string_view entry : split(*first, ',')) entries.emplace_back(entry);
  }
  auto trusted = TrustedProxyList::create(entries);
  if (!trusted) {
    const std::string& message = trusted.error().message;
    check(message.rfind("gateway.trustedProxies[", 0) == 0, "error does not name the setting", message);
    return 0;
  }
  auto peer_text = line(1);
  if (!peer_text) return 0;
  auto peer = IpAddress::parse(*peer_text);
  if (!peer) return 0;

  ForwardingHeaders headers{line(4), line(2), line(5), line(3), line(6)};
  auto client = openclaw::net::resolve_client_ip(*peer, headers, *trusted, allow_real_ip_fallback);
  const bool local = openclaw::net::is_local_direct_request(*peer, headers);
  check(local == (peer->is_loopback() && !openclaw::net::has_proxy_headers(headers)),
        "is_local_direct_request is not 'loopback peer without proxy headers'", text);
  if (!trusted->contains(*peer)) {
    check(client && *client == *peer, "the client of an untrusted peer is not the peer", text);
    return 0;
  }
  if (!client) return 0;
  std::optional<IpAddress> real_ip;
  if (headers.x_real_ip) real_ip = openclaw::net::parse_forwarded_address(*headers.x_real_ip);
  const bool from_real_ip = allow_real_ip_fallback && real_ip && *real_ip == *client;
  if (!from_real_ip) {
    check(!client->is_loopback() && !trusted->contains(*client),
          "the client from X-Forwarded-For is a loopback or trusted hop", text);
    check(headers.x_forwarded_for.has_value(), "a client was found without X-Forwarded-For or X-Real-IP", text);
  }
  return 0;
}
