#include "core/net/client_ip.h"

#include <cstddef>

#include "core/util/text.h"

namespace openclaw::net {
namespace {

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value <= 65535;
}

}  // namespace

bool has_proxy_headers(const ForwardingHeaders& headers) {
  return headers.forwarded.has_value() || headers.x_forwarded_for.has_value() ||
         headers.x_forwarded_proto.has_value() || headers.x_real_ip.has_value() ||
         headers.x_forwarded_host.has_value();
}

std::optional<IpAddress> parse_forwarded_address(std::string_view text) {
  text = trim(text, " \t");
  if (text.empty()) return std::nullopt;
  if (text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view after = text.substr(close + 1);
    if (!after.empty() && !(after.front() == ':' && is_port(after.substr(1)))) {
      return std::nullopt;
    }
    auto address = IpAddress::parse(text.substr(0, close + 1));
    return address;
  }
  // A single colon can only be "IPv4:port"; two or more means a bare IPv6 address.
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    if (!is_port(text.substr(colon + 1))) return std::nullopt;
    auto address = IpAddress::parse(text.substr(0, colon));
    if (!address || !address->is_v4()) return std::nullopt;
    return address;
  }
  return IpAddress::parse(text);
}

std::optional<IpAddress> resolve_client_ip(const IpAddress& peer, const ForwardingHeaders& headers,
                                           const TrustedProxyList& trusted_proxies,
                                           bool allow_real_ip_fallback) {
  if (!trusted_proxies.contains(peer)) return peer;

  if (headers.x_forwarded_for) {
    std::string_view chain = *headers.x_forwarded_for;
    while (!chain.empty()) {
      const std::size_t comma = chain.rfind(',');
      const std::string_view element =
          comma == std::string_view::npos ? chain : chain.substr(comma + 1);
      chain = comma == std::string_view::npos ? std::string_view() : chain.substr(0, comma);
      if (trim(element, " \t").empty()) continue;
      auto hop = parse_forwarded_address(element);
      if (!hop) return std::nullopt;
      if (hop->is_loopback() || trusted_proxies.contains(*hop)) continue;
      return hop;
    }
  }
  if (allow_real_ip_fallback && headers.x_real_ip) {
    return parse_forwarded_address(*headers.x_real_ip);
  }
  return std::nullopt;
}

bool is_local_direct_request(const IpAddress& peer, const ForwardingHeaders& headers) {
  return peer.is_loopback() && !has_proxy_headers(headers);
}

}  // namespace openclaw::net
