// The handshake's refusals around authentication (spec §1.6, §3.6, §3.8): the exact
// `unauthorized: ...` messages upstream words per client kind (auth-messages.ts), the
// details clients use to decide whether to retry, and the device-identity, origin and
// pairing refusals. All are sent as a `res` error, then the socket is closed 1008 with the
// message (see truncate_close_reason) as reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/connect_params.h"
#include "core/protocol/error_shape.h"
#include "core/protocol/protocol_version.h"

namespace openclaw::protocol {

enum class AuthFailureReason {
  TokenMissing,
  TokenMismatch,
  TokenMissingConfig,
  PasswordMissing,
  PasswordMismatch,
  PasswordMissingConfig,
  BootstrapTokenInvalid,
  DeviceTokenMismatch,
  RateLimited,
  TrustedProxyUntrustedSource,
  TrustedProxyUserMissing,
  TrustedProxyUserNotAllowed,
  TrustedProxyMissingHeader,
  Unauthorized,
};

// Upstream's reason string: token_missing, token_mismatch, token_missing_config,
// password_missing, password_mismatch, password_missing_config, bootstrap_token_invalid,
// device_token_mismatch, rate_limited, trusted_proxy_untrusted_source,
// trusted_proxy_user_missing, trusted_proxy_user_not_allowed, trusted_proxy_missing_header
// (upstream appends "_<header>"; see AuthFailureContext::missing_header), unauthorized.
std::string_view auth_reason_name(AuthFailureReason reason);

// What the failed connect presented, and about whom; the message and the retry advice
// depend on it. Credential presence means "sent and non-empty", as upstream tests it.
struct AuthFailureContext {
  bool device_present = false;
  bool token_provided = false;
  bool device_token_provided = false;
  std::optional<std::int64_t> retry_after_ms;  // with RateLimited
  int protocol = kCurrentProtocol;
  bool password_provided = false;
  bool bootstrap_token_provided = false;
  std::string client_id;
  std::string client_mode;
  bool local_client = false;   // loopback peer without proxy headers (spec §3.4)
  std::string auth_mode;       // gateway.auth.mode: "token", "password", "none", "trusted-proxy"
  std::string missing_header;  // with TrustedProxyMissingHeader: the required header's name
};

// The credential-presence and client fields of an AuthFailureContext, read from the connect
// params. The caller still sets local_client, auth_mode, protocol and retry_after_ms.
AuthFailureContext auth_failure_context(const ConnectParams& params);

// INVALID_REQUEST with upstream's message for `reason` and this client (e.g. a local CLI
// with a wrong token: "unauthorized: gateway token mismatch (use this gateway's
// gateway.auth.token or pair the device)"), details {code, authReason,
// canRetryWithDeviceToken, recommendedNextStep}; for RateLimited also top-level
// retryable:true and retryAfterMs (when known). Never contains the credential itself.
ErrorShape auth_failure_error(AuthFailureReason reason, const AuthFailureContext& context);

// NOT_PAIRED "device identity required", details {code:"DEVICE_IDENTITY_REQUIRED"}.
ErrorShape device_identity_required_error();

// INVALID_REQUEST "control ui requires device identity (use HTTPS or localhost secure
// context)", details {code:"CONTROL_UI_DEVICE_IDENTITY_REQUIRED"}.
ErrorShape control_ui_device_identity_required_error();

// INVALID_REQUEST "origin not allowed (open the Control UI from the gateway host or allow it
// in gateway.controlUi.allowedOrigins)", details {code:"CONTROL_UI_ORIGIN_NOT_ALLOWED",
// reason?} (`reason` is the origin check's, left out when empty).
ErrorShape origin_not_allowed_error(std::string_view reason = {});

// What a pairing-required refusal can tell the client beyond the reason (v4 only).
struct PairingRequiredInfo {
  std::string device_id;
  std::string requested_role;
  std::vector<std::string> requested_scopes;
  std::vector<std::string> approved_roles;
  std::vector<std::string> approved_scopes;
  // An approval that needs no operator may still land (e.g. a bootstrap-token node): tell
  // the client to keep retrying instead of pausing its reconnect loop.
  bool approval_may_land_without_operator = false;
};

// NOT_PAIRED refusal for a device that needs (re-)approval. `reason` is not-paired,
// role-upgrade, scope-upgrade or metadata-upgrade.
//  - v3: message "pairing required", details {code:"PAIRING_REQUIRED", requestId?, reason}.
//  - v4: message "pairing required: <requirement>" and the richer [Latest] details:
//    {code, reason, requestId?, remediationHint, recommendedNextStep?, retryable?,
//    pauseReconnect?, deviceId?, requestedRole?, requestedScopes?, approvedRoles?,
//    approvedScopes?}.
// A request id that is not [A-Za-z0-9][A-Za-z0-9._:-]{0,127} is left out, as upstream does.
ErrorShape pairing_required_error(std::string_view request_id, std::string_view reason,
                                  int protocol, const PairingRequiredInfo& info = {});

// The close reason to send with it: "pairing required" on v3; on v4
// "pairing required: <requirement> (requestId: <id>)".
std::string pairing_required_close_reason(std::string_view request_id, std::string_view reason,
                                          int protocol);

}  // namespace openclaw::protocol
