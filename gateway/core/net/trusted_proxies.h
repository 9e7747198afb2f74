// TrustedProxyList: the parsed gateway.trustedProxies setting (spec §3.4), the addresses
// whose X-Forwarded-For / X-Real-IP headers the gateway believes. One question: contains().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/net/cidr.h"
#include "core/net/ip_address.h"
#include "core/util/result.h"

namespace openclaw::net {

class TrustedProxyList {
 public:
  // An empty list: no peer is a trusted proxy.
  TrustedProxyList() = default;

  // Parses each entry with CidrRange::create after trimming surrounding ASCII whitespace.
  // Fails on the first bad entry, naming its config path, index and value, e.g.
  //   gateway.trustedProxies[2]: "10.0.0.0/33" is not an IP address or CIDR range
  //   (prefix length 33 is out of range for IPv4 (0-32))
  // `config_path` lets other allow-lists (e.g. gateway.nodes.pairing.autoApproveCidrs)
  // reuse the parser with their own name in the message.
  static Result<TrustedProxyList> create(const std::vector<std::string>& entries,
                                         std::string_view config_path = "gateway.trustedProxies");

  // True when some entry contains `address`.
  bool contains(const IpAddress& address) const;

  bool empty() const { return entries_.empty(); }
  // The parsed entries in configuration order.
  const std::vector<CidrRange>& entries() const { return entries_; }

 private:
  explicit TrustedProxyList(std::vector<CidrRange> entries) : entries_(std::move(entries)) {}

  std::vector<CidrRange> entries_;
};

}  // namespace openclaw::net
