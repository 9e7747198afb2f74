// Browser Origin checks for WebSocket connects and Control UI requests (spec §3.6, upstream
// origin-check.ts). An origin passes when it is in gateway.controlUi.allowedOrigins (or the
// list holds "*"), when the operator enabled the Host-header fallback and the origin's host
// is the request's Host, or when a local-direct client (spec §3.4) loads the UI from a
// loopback host name. A missing, "null" or malformed Origin never passes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/model.h"

namespace openclaw::auth {

struct OriginPolicy {
  // gateway.controlUi.allowedOrigins as written: origins and/or "*".
  std::vector<std::string> allowed_origins;
  // gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback.
  bool allow_host_header_fallback = false;
};

// The policy configured under gateway.controlUi.
OriginPolicy origin_policy_from_config(const config::ControlUiConfig& control_ui);

// Why an origin passed, or that it did not.
enum class OriginMatch {
  NotAllowed,          // includes missing, "null" and malformed origins
  Allowlist,           // listed in allowed_origins
  Wildcard,            // allowed_origins holds "*" (worth a log line: allow-all is deliberate)
  HostHeaderFallback,  // origin host == Host header, fallback enabled
  LocalLoopback,       // local-direct client, loopback origin host name
};

// The origin as "scheme://host[:port]": scheme and host lowercased, a default port dropped
// (80 for http/ws, 443 for https/wss), an IPv6 host in canonical bracketed form
// ("[::1]"), an IPv4-mapped IPv6 host as dotted IPv4. A path, query or fragment after the
// authority is dropped, as a browser's URL.origin does. Surrounding whitespace is ignored.
// Returns nullopt for "" / "null", a missing or invalid scheme, credentials ("user@"), an
// empty host, a host with characters other than letters, digits, '-', '.' and '_' (non-ASCII
// hosts arrive punycoded from browsers), a bad IPv6 literal, or a port that is not 0-65535.
std::optional<std::string> normalize_origin(std::string_view origin);

// Decides the Origin header `origin_header` of a request whose Host header is `host_header`
// ("" when absent); `local_direct` is net::is_local_direct_request for the request. Checks,
// in upstream's order: allow-list ("*" or a listed origin; list entries are normalised like
// the header, malformed entries never match), Host-header fallback (when enabled: the
// origin's host[:port] equals the Host header's, ports compared after dropping the origin
// scheme's default port), then local-direct with a loopback origin host ("localhost",
// 127.0.0.0/8, ::1).
OriginMatch check_origin(std::string_view origin_header, const OriginPolicy& policy,
                         std::string_view host_header, bool local_direct);

// check_origin(...) != OriginMatch::NotAllowed.
bool origin_allowed(std::string_view origin_header, const OriginPolicy& policy,
                    std::string_view host_header, bool local_direct);

// The rejection upstream sends (INVALID_REQUEST with details.code
// CONTROL_UI_ORIGIN_NOT_ALLOWED, then close 1008).
inline constexpr std::string_view kOriginNotAllowedMessage =
    "origin not allowed (open the Control UI from the gateway host or allow it in "
    "gateway.controlUi.allowedOrigins)";
inline constexpr std::string_view kOriginNotAllowedCode = "CONTROL_UI_ORIGIN_NOT_ALLOWED";

}  // namespace openclaw::auth
