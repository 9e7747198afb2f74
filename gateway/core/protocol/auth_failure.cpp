#include "core/protocol/auth_failure.h"

#include <array>

#include "core/protocol/client_info.h"

namespace openclaw::protocol {
namespace {

constexpr char kSetupCodeRejected[] =
    "unauthorized: setup code invalid, expired, revoked, or already used (create a new code; "
    "review `openclaw devices list`)";

// Which credential upstream considers "provided" when wording the failure
// (resolveAuthProvidedKind).
enum class Provided { None, Password, Token, BootstrapToken, DeviceToken };

Provided provided_kind(const AuthFailureContext& context) {
  if (context.password_provided) return Provided::Password;
  if (context.token_provided) return Provided::Token;
  if (context.bootstrap_token_provided) return Provided::BootstrapToken;
  if (context.device_token_provided) return Provided::DeviceToken;
  return Provided::None;
}

std::string failure_message(AuthFailureReason reason, const AuthFailureContext& context) {
  ClientInfo client;
  client.id = context.client_id;
  client.mode = context.client_mode;
  const bool cli = is_cli(client);
  const bool ui_or_webchat = is_operator_ui(client) || is_webchat(client);

  if (client.mode == kClientModeNode && reason == AuthFailureReason::TrustedProxyMissingHeader) {
    return "gateway rejected this node: trusted-proxy identity-header authentication is required "
           "and no usable machine credential was accepted; run `openclaw doctor` on the Gateway";
  }
  // A local CLI shares this gateway's config and has no gateway.remote block to point at.
  const std::string token_hint =
      cli ? (context.local_client ? "use this gateway's gateway.auth.token or pair the device"
                                  : "set gateway.remote.token to match gateway.auth.token")
      : ui_or_webchat ? "open the dashboard URL and paste the token in Control UI settings"
                      : "provide gateway auth token";
  const std::string password_hint =
      cli             ? (context.local_client ? "use this gateway's gateway.auth.password"
                                              : "set gateway.remote.password to match gateway.auth.password")
      : ui_or_webchat ? "enter the password in Control UI settings"
                      : "provide gateway auth password";

  switch (reason) {
    case AuthFailureReason::TokenMissing:
      return "unauthorized: gateway token missing (" +
             (ui_or_webchat ? std::string("paste in Control UI settings or openclaw doctor "
                                          "--generate-gateway-token; restart")
                            : token_hint) +
             ")";
    case AuthFailureReason::TokenMismatch:
      return "unauthorized: gateway token mismatch (" + token_hint + ")";
    case AuthFailureReason::TokenMissingConfig:
      return "unauthorized: gateway token not configured on gateway (set gateway.auth.token)";
    case AuthFailureReason::PasswordMissing:
      return "unauthorized: gateway password missing (" + password_hint + ")";
    case AuthFailureReason::PasswordMismatch:
      return "unauthorized: gateway password mismatch (" + password_hint + ")";
    case AuthFailureReason::PasswordMissingConfig:
      return "unauthorized: gateway password not configured on gateway (set "
             "gateway.auth.password)";
    case AuthFailureReason::BootstrapTokenInvalid:
      return kSetupCodeRejected;
    case AuthFailureReason::RateLimited:
      return "unauthorized: too many failed authentication attempts (retry later)";
    case AuthFailureReason::DeviceTokenMismatch:
      return "unauthorized: device token mismatch (rotate/reissue device token)";
    default:
      break;
  }
  // The remaining reasons (trusted-proxy ones, plain "unauthorized") are worded from what
  // the client sent and what the gateway expects.
  const Provided provided = provided_kind(context);
  if (context.auth_mode == "token" && provided == Provided::None) {
    return "unauthorized: gateway token missing (" + token_hint + ")";
  }
  if (context.auth_mode == "token" && provided == Provided::DeviceToken) {
    return "unauthorized: device token rejected (pair/repair this device, or provide gateway "
           "token)";
  }
  if (provided == Provided::BootstrapToken) return kSetupCodeRejected;
  if (context.auth_mode == "password" && provided == Provided::None) {
    return "unauthorized: gateway password missing (" + password_hint + ")";
  }
  return "unauthorized";
}

std::string_view detail_code(AuthFailureReason reason) {
  switch (reason) {
    case AuthFailureReason::TokenMissing:
      return "AUTH_TOKEN_MISSING";
    case AuthFailureReason::TokenMismatch:
      return "AUTH_TOKEN_MISMATCH";
    case AuthFailureReason::TokenMissingConfig:
      return "AUTH_TOKEN_NOT_CONFIGURED";
    case AuthFailureReason::PasswordMissing:
      return "AUTH_PASSWORD_MISSING";
    case AuthFailureReason::PasswordMismatch:
      return "AUTH_PASSWORD_MISMATCH";
    case AuthFailureReason::PasswordMissingConfig:
      return "AUTH_PASSWORD_NOT_CONFIGURED";
    case AuthFailureReason::BootstrapTokenInvalid:
      return "AUTH_BOOTSTRAP_TOKEN_INVALID";
    case AuthFailureReason::DeviceTokenMismatch:
      return "AUTH_DEVICE_TOKEN_MISMATCH";
    case AuthFailureReason::RateLimited:
      return "AUTH_RATE_LIMITED";
    case AuthFailureReason::TrustedProxyMissingHeader:
      return "AUTH_IDENTITY_HEADER_REQUIRED";
    default:
      return "AUTH_UNAUTHORIZED";
  }
}

std::string_view recommended_next_step(AuthFailureReason reason, bool can_retry_with_device_token) {
  if (can_retry_with_device_token) return "retry_with_device_token";
  switch (reason) {
    case AuthFailureReason::TokenMissing:
    case AuthFailureReason::TokenMissingConfig:
    case AuthFailureReason::PasswordMissing:
    case AuthFailureReason::PasswordMissingConfig:
      return "update_auth_configuration";
    case AuthFailureReason::TokenMismatch:
    case AuthFailureReason::PasswordMismatch:
    case AuthFailureReason::DeviceTokenMismatch:
      return "update_auth_credentials";
    case AuthFailureReason::RateLimited:
      return "wait_then_retry";
    default:
      return "review_auth_configuration";
  }
}

struct PairingReasonText {
  std::string_view reason;
  std::string_view requirement;
  std::string_view remediation_hint;
};

constexpr std::array<PairingReasonText, 4> kPairingReasons = {{
    {"not-paired", "device is not approved yet",
     "Approve this device from the pending pairing requests."},
    {"role-upgrade", "device is asking for a higher role than currently approved",
     "Review the requested role upgrade, then approve the pending request."},
    {"scope-upgrade", "device is asking for more scopes than currently approved",
     "Review the requested scopes, then approve the pending upgrade."},
    {"metadata-upgrade", "device identity changed and must be re-approved",
     "Review the refreshed device details, then approve the pending request."},
}};

const PairingReasonText* pairing_reason_text(std::string_view reason) {
  for (const auto& entry : kPairingReasons) {
    if (entry.reason == reason) return &entry;
  }
  return nullptr;
}

// Upstream echoes a request id into messages only when it looks like one.
bool is_echoable_request_id(std::string_view id) {
  constexpr std::size_t kMaxLength = 128;
  if (id.empty() || id.size() > kMaxLength) return false;
  const auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (!alnum(id.front())) return false;
  for (const char c : id.substr(1)) {
    if (!alnum(c) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  }
  return true;
}

std::string pairing_message(std::string_view reason, int protocol) {
  const auto* text = pairing_reason_text(reason);
  if (protocol < 4 || text == nullptr) return "pairing required";
  return "pairing required: " + std::string(text->requirement);
}

}  // namespace

std::string_view auth_reason_name(AuthFailureReason reason) {
  switch (reason) {
    case AuthFailureReason::TokenMissing:
      return "token_missing";
    case AuthFailureReason::TokenMismatch:
      return "token_mismatch";
    case AuthFailureReason::TokenMissingConfig:
      return "token_missing_config";
    case AuthFailureReason::PasswordMissing:
      return "password_missing";
    case AuthFailureReason::PasswordMismatch:
      return "password_mismatch";
    case AuthFailureReason::PasswordMissingConfig:
      return "password_missing_config";
    case AuthFailureReason::BootstrapTokenInvalid:
      return "bootstrap_token_invalid";
    case AuthFailureReason::DeviceTokenMismatch:
      return "device_token_mismatch";
    case AuthFailureReason::RateLimited:
      return "rate_limited";
    case AuthFailureReason::TrustedProxyUntrustedSource:
      return "trusted_proxy_untrusted_source";
    case AuthFailureReason::TrustedProxyUserMissing:
      return "trusted_proxy_user_missing";
    case AuthFailureReason::TrustedProxyUserNotAllowed:
      return "trusted_proxy_user_not_allowed";
    case AuthFailureReason::TrustedProxyMissingHeader:
      return "trusted_proxy_missing_header";
    case AuthFailureReason::Unauthorized:
      return "unauthorized";
  }
  return "unauthorized";
}

AuthFailureContext auth_failure_context(const ConnectParams& params) {
  const auto sent = [](const std::optional<std::string>& value) {
    return value.has_value() && !value->empty();
  };
  AuthFailureContext context;
  context.device_present = params.device.has_value();
  if (params.auth) {
    context.token_provided = sent(params.auth->token);
    context.device_token_provided = sent(params.auth->device_token);
    context.password_provided = sent(params.auth->password);
    context.bootstrap_token_provided = sent(params.auth->bootstrap_token);
  }
  context.client_id = params.client.id;
  context.client_mode = params.client.mode;
  return context;
}

ErrorShape auth_failure_error(AuthFailureReason reason, const AuthFailureContext& context) {
  const bool can_retry_with_device_token =
      reason == AuthFailureReason::TokenMismatch && context.device_present &&
      provided_kind(context) == Provided::Token && !context.device_token_provided;
  std::string auth_reason(auth_reason_name(reason));
  if (reason == AuthFailureReason::TrustedProxyMissingHeader && !context.missing_header.empty()) {
    auth_reason += "_" + context.missing_header;
  }
  ErrorShape error{
      kInvalidRequest,
      failure_message(reason, context),
      {{"code", detail_code(reason)},
       {"authReason", auth_reason},
       {"canRetryWithDeviceToken", can_retry_with_device_token},
       {"recommendedNextStep", recommended_next_step(reason, can_retry_with_device_token)}},
      std::nullopt,
      std::nullopt};
  if (reason == AuthFailureReason::RateLimited) {
    error.retryable = true;
    error.retry_after_ms = context.retry_after_ms;
  }
  return error;
}

ErrorShape device_identity_required_error() {
  return ErrorShape{kNotPaired,
                    "device identity required",
                    {{"code", "DEVICE_IDENTITY_REQUIRED"}},
                    std::nullopt,
                    std::nullopt};
}

ErrorShape control_ui_device_identity_required_error() {
  return ErrorShape{kInvalidRequest,
                    "control ui requires device identity (use HTTPS or localhost secure context)",
                    {{"code", "CONTROL_UI_DEVICE_IDENTITY_REQUIRED"}},
                    std::nullopt,
                    std::nullopt};
}

ErrorShape origin_not_allowed_error(std::string_view reason) {
  nlohmann::json details = {{"code", "CONTROL_UI_ORIGIN_NOT_ALLOWED"}};
  if (!reason.empty()) details["reason"] = reason;
  return ErrorShape{kInvalidRequest,
                    "origin not allowed (open the Control UI from the gateway host or allow it "
                    "in gateway.controlUi.allowedOrigins)",
                    std::move(details), std::nullopt, std::nullopt};
}

ErrorShape pairing_required_error(std::string_view request_id, std::string_view reason,
                                  int protocol, const PairingRequiredInfo& info) {
  nlohmann::json details = {{"code", "PAIRING_REQUIRED"}};
  const bool echo_request_id = is_echoable_request_id(request_id);
  if (protocol < 4) {
    if (echo_request_id) details["requestId"] = request_id;
    if (!reason.empty()) details["reason"] = reason;
    return ErrorShape{kNotPaired, "pairing required", std::move(details), std::nullopt,
                      std::nullopt};
  }
  const auto* text = pairing_reason_text(reason);
  if (text != nullptr) details["reason"] = reason;
  if (echo_request_id) details["requestId"] = request_id;
  details["remediationHint"] = text != nullptr
                                   ? text->remediation_hint
                                   : "Approve the pending device request before retrying.";
  if (info.approval_may_land_without_operator) {
    details["recommendedNextStep"] = "wait_then_retry";
    details["retryable"] = true;
    details["pauseReconnect"] = false;
  }
  if (!info.device_id.empty()) details["deviceId"] = info.device_id;
  if (!info.requested_role.empty()) {
    details["requestedRole"] = info.requested_role;
    details["requestedScopes"] = info.requested_scopes;
  }
  if (!info.approved_roles.empty()) details["approvedRoles"] = info.approved_roles;
  if (!info.approved_scopes.empty()) details["approvedScopes"] = info.approved_scopes;
  return ErrorShape{kNotPaired, pairing_message(reason, protocol), std::move(details), std::nullopt,
                    std::nullopt};
}

std::string pairing_required_close_reason(std::string_view request_id, std::string_view reason,
                                          int protocol) {
  std::string message = pairing_message(reason, protocol);
  if (protocol >= 4 && is_echoable_request_id(request_id)) {
    message += " (requestId: " + std::string(request_id) + ")";
  }
  return message;
}

}  // namespace openclaw::protocol
