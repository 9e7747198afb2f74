// CidrRange: an IPv4 or IPv6 address range ("10.0.0.0/8", "fd00::/8") or a single address,
// as written in gateway.trustedProxies and similar allow-lists (spec §3.4). Built only
// through create(), which validates; a CidrRange that exists is well formed.
#pragma once

#include <string>
#include <string_view>

#include "core/net/ip_address.h"
#include "core/util/result.h"

namespace openclaw::net {

class CidrRange {
 public:
  // Parses "address/prefix" or a bare address (an exact match: /32 for IPv4, /128 for IPv6).
  //  - The address follows IpAddress::parse (brackets around IPv6 allowed, zone dropped).
  //  - The prefix is decimal, 0-32 for IPv4 and 0-128 for IPv6, without sign or leading zeros.
  //  - An IPv4-mapped IPv6 range ("::ffff:10.0.0.0/104") becomes the IPv4 range
  //    ("10.0.0.0/8"); its prefix must then be 96-128, since a shorter one would reach
  //    outside the mapped space.
  //  - Host bits below the prefix are accepted and cleared: "10.1.2.3/8" is "10.0.0.0/8".
  //    (Operators write a host's address with its network's prefix; refusing it would only
  //    annoy, and the range meant is unambiguous.)
  // Errors say what is wrong without repeating the input; callers add the input and where it
  // came from.
  static Result<CidrRange> create(std::string_view text);

  // The range of `prefix_length` leading bits of `address` (host bits cleared). Fails when
  // the prefix is out of range for the address family.
  static Result<CidrRange> create(const IpAddress& address, int prefix_length);

  // The network address (host bits cleared).
  const IpAddress& network() const { return network_; }
  int prefix_length() const { return prefix_length_; }

  // True when `address` has the same family and its leading prefix_length() bits equal the
  // network's. An IPv4 range never contains an IPv6 address and vice versa (a mapped address
  // is already IPv4, see IpAddress).
  bool contains(const IpAddress& address) const;

  // True for a prefix of 0 ("0.0.0.0/0", "::/0"): the range trusts every address of its
  // family, which doctor and the provisioner warn about.
  bool is_catch_all() const { return prefix_length_ == 0; }

  // "network/prefix", always with the prefix ("10.0.0.1/32" for a bare address).
  std::string to_string() const;

  friend bool operator==(const CidrRange&, const CidrRange&) = default;

 private:
  CidrRange(IpAddress network, int prefix_length)
      : network_(network), prefix_length_(prefix_length) {}

  IpAddress network_;
  int prefix_length_;
};

}  // namespace openclaw::net
