// Which client a request comes from, and whether it is "local direct" (spec §3.4): the rules
// that decide rate-limit keys, pairing locality and local-only privileges. Pure functions
// over the socket peer and the proxy headers; the HTTP layer fills ForwardingHeaders.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/net/ip_address.h"
#include "core/net/trusted_proxies.h"

namespace openclaw::net {

// The proxy headers of one request; nullopt when the header is absent. When a header occurs
// several times the HTTP layer joins the values with "," (as Node does for
// X-Forwarded-For), so x_forwarded_for holds the whole chain in order.
struct ForwardingHeaders {
  std::optional<std::string> forwarded;          // Forwarded (RFC 7239)
  std::optional<std::string> x_forwarded_for;    // X-Forwarded-For
  std::optional<std::string> x_forwarded_proto;  // X-Forwarded-Proto
  std::optional<std::string> x_real_ip;          // X-Real-IP
  std::optional<std::string> x_forwarded_host;   // X-Forwarded-Host
};

// True when any of the five headers is present. An empty value counts as present: stricter
// than upstream (which tests truthiness), so a request that merely carries the header name
// is never treated as local.
bool has_proxy_headers(const ForwardingHeaders& headers);

// One X-Forwarded-For element or X-Real-IP value as an address: surrounding spaces/tabs
// trimmed, then "a.b.c.d", "a.b.c.d:port", "v6", "[v6]" or "[v6]:port". nullopt otherwise
// (including "unknown" and obfuscated identifiers).
std::optional<IpAddress> parse_forwarded_address(std::string_view text);

// The client address of a request (upstream resolveClientIp):
//  - peer not in `trusted_proxies`: the peer.
//  - peer trusted: X-Forwarded-For walked right to left, skipping loopback and trusted hops;
//    the first other hop is the client. Empty elements (", ,") are skipped. A hop that is
//    not an address makes the whole answer nullopt: we cannot tell who is behind it, so we
//    fail closed (upstream silently drops such hops; we do not).
//  - no untrusted hop (or no header): X-Real-IP when `allow_real_ip_fallback` and it parses,
//    else nullopt, never the proxy's own address (that would make every proxied request
//    look like the proxy, often a loopback or private one).
std::optional<IpAddress> resolve_client_ip(const IpAddress& peer, const ForwardingHeaders& headers,
                                           const TrustedProxyList& trusted_proxies,
                                           bool allow_real_ip_fallback);

// Upstream isLocalDirectRequest: the peer is loopback and the request carries none of the
// five proxy headers. Proxy headers from any peer, trusted or not, make it non-local.
bool is_local_direct_request(const IpAddress& peer, const ForwardingHeaders& headers);

}  // namespace openclaw::net
