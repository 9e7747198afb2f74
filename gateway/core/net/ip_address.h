// IpAddress: an IPv4 or IPv6 address as a value, parsed strictly from text (socket peers,
// X-Forwarded-For hops, config entries) and classified for the gateway's locality rules
// (spec §3.4). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are normalised to IPv4, so a
// dual-stack socket's "::ffff:127.0.0.1" is the same value as "127.0.0.1".
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace openclaw::net {

class IpAddress {
 public:
  using V4Bytes = std::array<std::uint8_t, 4>;
  using V6Bytes = std::array<std::uint8_t, 16>;

  // Parses an address literal. Returns nullopt for anything else; no surrounding whitespace,
  // ports or host names are accepted.
  //  - IPv4: strict dotted quad, exactly four decimal parts 0-255; a part with a leading zero
  //    ("01.2.3.4") is refused because other parsers read it as octal.
  //  - IPv6: every RFC 4291 text form, including "::", compressed forms and a trailing
  //    embedded IPv4 ("64:ff9b::192.0.2.1"); hex digits in either case.
  //  - "[...]" brackets are accepted around an IPv6 address only.
  //  - A zone id ("fe80::1%eth0") is accepted and dropped: it names the local interface, not
  //    the peer, and no rule here (CIDR match, loopback, private) depends on it.
  //  - IPv4-mapped IPv6 becomes the IPv4 address. IPv4-compatible "::a.b.c.d" (deprecated)
  //    stays IPv6.
  static std::optional<IpAddress> parse(std::string_view text);

  static IpAddress from_v4_bytes(const V4Bytes& bytes);
  // An IPv4-mapped address becomes the IPv4 address, as in parse().
  static IpAddress from_v6_bytes(const V6Bytes& bytes);

  bool is_v4() const { return !v6_; }
  bool is_v6() const { return v6_; }

  // Network-order bytes: 4 for IPv4, 16 for IPv6.
  std::span<const std::uint8_t> bytes() const {
    return std::span<const std::uint8_t>(bytes_.data(), v6_ ? 16 : 4);
  }

  // 127.0.0.0/8 or ::1.
  bool is_loopback() const;
  // RFC 1918 (10/8, 172.16/12, 192.168/16) or IPv6 unique-local fc00::/7. Link-local and
  // CGNAT addresses are not "private" here; see is_link_local / is_carrier_grade_nat.
  bool is_private() const;
  // 169.254.0.0/16 or fe80::/10.
  bool is_link_local() const;
  // RFC 6598 shared address space 100.64.0.0/10 (carrier-grade NAT; Tailscale addresses).
  bool is_carrier_grade_nat() const;
  // 0.0.0.0 or ::.
  bool is_unspecified() const;
  // Upstream's isPrivateOrLoopbackAddress for pairing locality: loopback, private,
  // link-local or CGNAT.
  bool is_private_or_loopback() const {
    return is_loopback() || is_private() || is_link_local() || is_carrier_grade_nat();
  }

  // Canonical text: dotted quad for IPv4; RFC 5952 for IPv6 (lowercase, no leading zeros,
  // the longest run of two or more zero groups as "::", leftmost on a tie). No brackets.
  std::string to_string() const;

  // Orders all IPv4 addresses before all IPv6 addresses, then by bytes.
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend std::strong_ordering operator<=>(const IpAddress&, const IpAddress&) = default;

 private:
  IpAddress() = default;

  bool v6_ = false;
  // IPv4 uses the first four bytes; the rest stay zero so defaulted comparison works.
  V6Bytes bytes_{};
};

}  // namespace openclaw::net
