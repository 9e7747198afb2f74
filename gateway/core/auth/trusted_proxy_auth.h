// gateway.auth.mode "trusted-proxy" (spec §3.5): an authenticating reverse proxy in
// gateway.trustedProxies names the user in a header, and the gateway believes it.
#pragma once

#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/config/model.h"
#include "core/net/ip_address.h"
#include "core/net/trusted_proxies.h"

namespace openclaw::auth {

enum class TrustedProxyFailureReason {
  UntrustedSource,  // the socket peer is not in gateway.trustedProxies
  LoopbackSource,   // the peer is a trusted loopback address and allowLoopback is off
  MissingHeader,    // a requiredHeaders entry is absent or blank
  UserMissing,      // the userHeader is absent or blank
  UserNotAllowed,   // the user is not in a non-empty allowUsers
};

struct TrustedProxyFailure {
  TrustedProxyFailureReason reason;
  // MissingHeader: the required header's name; UserMissing: the userHeader's name;
  // UserNotAllowed: the user the proxy named (an identity, not a secret); else "".
  std::string detail;
};

// "untrusted_source", "loopback_source", "missing_header", "user_missing",
// "user_not_allowed": a bounded vocabulary for metric labels.
std::string_view to_string(TrustedProxyFailureReason reason);

// Upstream's reason string as its docs list it: "trusted_proxy_untrusted_source",
// "trusted_proxy_loopback_source", "trusted_proxy_missing_header_<name>",
// "trusted_proxy_user_missing", "trusted_proxy_user_not_allowed". Not for metric labels
// (the header name is operator-chosen).
std::string reason_code(const TrustedProxyFailure& failure);

// Looks up a request header by name, case-insensitively; nullopt when absent. When a header
// occurs several times the lookup returns the first value, as Node does.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

// A lookup over headers stored with lowercased names (the name asked for is lowercased).
// `headers` must outlive the lookup.
HeaderLookup lookup_in(const std::map<std::string, std::string>& headers);

// Authorizes one request. `peer_is_trusted_proxy` is the caller's verdict that the socket
// peer is a trusted proxy this mode accepts (in gateway.trustedProxies and, unless
// allowLoopback, not loopback); false yields UntrustedSource. Then, in upstream's order:
// every requiredHeaders entry must be present and non-blank (first failing one reported),
// the userHeader must be present and non-blank, and the user (trimmed) must be listed in
// allowUsers when that list is non-empty (exact, case-sensitive match).
// Returns the trimmed user name.
std::expected<std::string, TrustedProxyFailure> authorize_trusted_proxy(
    const config::TrustedProxyAuthConfig& config, const HeaderLookup& headers,
    bool peer_is_trusted_proxy);

// The same, deciding the source from the socket `peer` itself: UntrustedSource when it is
// not in `trusted_proxies`, LoopbackSource when it is loopback and config.allow_loopback is
// off.
std::expected<std::string, TrustedProxyFailure> authorize_trusted_proxy(
    const config::TrustedProxyAuthConfig& config, const HeaderLookup& headers,
    const net::IpAddress& peer, const net::TrustedProxyList& trusted_proxies);

}  // namespace openclaw::auth
