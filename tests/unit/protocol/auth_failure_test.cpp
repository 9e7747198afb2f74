#include "core/protocol/auth_failure.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::protocol {
namespace {

using R = AuthFailureReason;

AuthFailureContext context_for(std::string client_id, std::string client_mode, bool local = false) {
  AuthFailureContext context;
  context.client_id = std::move(client_id);
  context.client_mode = std::move(client_mode);
  context.local_client = local;
  context.auth_mode = "token";
  return context;
}

AuthFailureContext local_cli() { return context_for("cli", "cli", true); }

std::string message(R reason, const AuthFailureContext& context) {
  return auth_failure_error(reason, context).message;
}

TEST(AuthReasonName, MatchesUpstreamStrings) {
  const std::pair<R, const char*> names[] = {
      {R::TokenMissing, "token_missing"},
      {R::TokenMismatch, "token_mismatch"},
      {R::TokenMissingConfig, "token_missing_config"},
      {R::PasswordMissing, "password_missing"},
      {R::PasswordMismatch, "password_mismatch"},
      {R::PasswordMissingConfig, "password_missing_config"},
      {R::BootstrapTokenInvalid, "bootstrap_token_invalid"},
      {R::DeviceTokenMismatch, "device_token_mismatch"},
      {R::RateLimited, "rate_limited"},
      {R::TrustedProxyUntrustedSource, "trusted_proxy_untrusted_source"},
      {R::TrustedProxyUserMissing, "trusted_proxy_user_missing"},
      {R::TrustedProxyUserNotAllowed, "trusted_proxy_user_not_allowed"},
      {R::TrustedProxyMissingHeader, "trusted_proxy_missing_header"},
      {R::Unauthorized, "unauthorized"},
  };
  for (const auto& [reason, name] : names) EXPECT_EQ(auth_reason_name(reason), name);
}

TEST(AuthFailureError, ReproducesTheSampleWrongTokenRejection) {
  // handshake-negative-samples.json "wrong token": a local CLI, shared token, no device.
  AuthFailureContext context = local_cli();
  context.token_provided = true;
  EXPECT_EQ(auth_failure_error(R::TokenMismatch, context).to_json(), nlohmann::json::parse(R"j({
    "code": "INVALID_REQUEST",
    "message": "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)",
    "details": {
    "code" : "AUTH_TOKEN_MISMATCH",
             "authReason" : "token_mismatch",
                            "canRetryWithDeviceToken" : false,
                                                        "recommendedNextStep"
        : "update_auth_credentials"}
})j"));
}

TEST(AuthFailureError, TokenHintDependsOnTheClient) {
  EXPECT_EQ(message(R::TokenMismatch, context_for("cli", "cli", false)),
            "unauthorized: gateway token mismatch (set gateway.remote.token to match "
            "gateway.auth.token)");
  EXPECT_EQ(message(R::TokenMismatch, context_for("openclaw-control-ui", "webchat")),
            "unauthorized: gateway token mismatch (open the dashboard URL and paste the token in "
            "Control UI settings)");
  EXPECT_EQ(message(R::TokenMismatch, context_for("openclaw-macos", "ui")),
            "unauthorized: gateway token mismatch (provide gateway auth token)");
  // The probe (cli/probe) is not a CLI-mode client.
  EXPECT_EQ(message(R::TokenMismatch, context_for("cli", "probe", true)),
            "unauthorized: gateway token mismatch (provide gateway auth token)");
}

TEST(AuthFailureError, MissingTokenMessages) {
  EXPECT_EQ(message(R::TokenMissing, local_cli()),
            "unauthorized: gateway token missing (use this gateway's gateway.auth.token or pair "
            "the device)");
  EXPECT_EQ(message(R::TokenMissing, context_for("openclaw-tui", "ui")),
            "unauthorized: gateway token missing (paste in Control UI settings or openclaw doctor "
            "--generate-gateway-token; restart)");
  EXPECT_EQ(message(R::TokenMissingConfig, local_cli()),
            "unauthorized: gateway token not configured on gateway (set gateway.auth.token)");
}

TEST(AuthFailureError, PasswordMessages) {
  EXPECT_EQ(message(R::PasswordMissing, local_cli()),
            "unauthorized: gateway password missing (use this gateway's gateway.auth.password)");
  EXPECT_EQ(message(R::PasswordMismatch, context_for("cli", "cli", false)),
            "unauthorized: gateway password mismatch (set gateway.remote.password to match "
            "gateway.auth.password)");
  EXPECT_EQ(message(R::PasswordMismatch, context_for("webchat-ui", "webchat")),
            "unauthorized: gateway password mismatch (enter the password in Control UI settings)");
  EXPECT_EQ(message(R::PasswordMissing, context_for("node-host", "node")),
            "unauthorized: gateway password missing (provide gateway auth password)");
  EXPECT_EQ(message(R::PasswordMissingConfig, local_cli()),
            "unauthorized: gateway password not configured on gateway (set gateway.auth.password)");
}

TEST(AuthFailureError, FixedMessages) {
  EXPECT_EQ(message(R::BootstrapTokenInvalid, local_cli()),
            "unauthorized: setup code invalid, expired, revoked, or already used (create a new "
            "code; review "
            "`openclaw devices list`)");
  EXPECT_EQ(message(R::RateLimited, local_cli()),
            "unauthorized: too many failed authentication attempts (retry later)");
  EXPECT_EQ(message(R::DeviceTokenMismatch, local_cli()),
            "unauthorized: device token mismatch (rotate/reissue device token)");
}

TEST(AuthFailureError, OtherReasonsAreWordedFromWhatWasSent) {
  AuthFailureContext context = context_for("openclaw-macos", "ui");
  EXPECT_EQ(message(R::TrustedProxyUntrustedSource, context),
            "unauthorized: gateway token missing (provide gateway auth token)");
  context.device_token_provided = true;
  EXPECT_EQ(
      message(R::Unauthorized, context),
      "unauthorized: device token rejected (pair/repair this device, or provide gateway token)");
  context.device_token_provided = false;
  context.bootstrap_token_provided = true;
  EXPECT_EQ(message(R::Unauthorized, context),
            "unauthorized: setup code invalid, expired, revoked, or already used (create a new "
            "code; review "
            "`openclaw devices list`)");
  context = context_for("openclaw-macos", "ui");
  context.auth_mode = "password";
  EXPECT_EQ(message(R::Unauthorized, context),
            "unauthorized: gateway password missing (provide gateway auth password)");
  context.auth_mode = "trusted-proxy";
  EXPECT_EQ(message(R::TrustedProxyUserNotAllowed, context), "unauthorized");
}

TEST(AuthFailureError, NodesMissingAnIdentityHeaderGetTheirOwnMessage) {
  AuthFailureContext context = context_for("node-host", "node");
  context.auth_mode = "trusted-proxy";
  context.missing_header = "x-forwarded-user";
  const ErrorShape error = auth_failure_error(R::TrustedProxyMissingHeader, context);
  EXPECT_EQ(error.message,
            "gateway rejected this node: trusted-proxy identity-header authentication is required "
            "and no usable "
            "machine credential was accepted; run `openclaw doctor` on the Gateway");
  EXPECT_EQ(error.details["code"], "AUTH_IDENTITY_HEADER_REQUIRED");
  EXPECT_EQ(error.details["authReason"], "trusted_proxy_missing_header_x-forwarded-user");
}

TEST(AuthFailureError, DetailCodes) {
  const std::pair<R, const char*> codes[] = {
      {R::TokenMissing, "AUTH_TOKEN_MISSING"},
      {R::TokenMismatch, "AUTH_TOKEN_MISMATCH"},
      {R::TokenMissingConfig, "AUTH_TOKEN_NOT_CONFIGURED"},
      {R::PasswordMissing, "AUTH_PASSWORD_MISSING"},
      {R::PasswordMismatch, "AUTH_PASSWORD_MISMATCH"},
      {R::PasswordMissingConfig, "AUTH_PASSWORD_NOT_CONFIGURED"},
      {R::BootstrapTokenInvalid, "AUTH_BOOTSTRAP_TOKEN_INVALID"},
      {R::DeviceTokenMismatch, "AUTH_DEVICE_TOKEN_MISMATCH"},
      {R::RateLimited, "AUTH_RATE_LIMITED"},
      {R::TrustedProxyUntrustedSource, "AUTH_UNAUTHORIZED"},
      {R::TrustedProxyUserMissing, "AUTH_UNAUTHORIZED"},
      {R::TrustedProxyUserNotAllowed, "AUTH_UNAUTHORIZED"},
      {R::TrustedProxyMissingHeader, "AUTH_IDENTITY_HEADER_REQUIRED"},
      {R::Unauthorized, "AUTH_UNAUTHORIZED"},
  };
  for (const auto& [reason, code] : codes) {
    const ErrorShape error = auth_failure_error(reason, local_cli());
    EXPECT_EQ(error.code, "INVALID_REQUEST");
    EXPECT_EQ(error.details["code"], code) << auth_reason_name(reason);
    EXPECT_EQ(error.details["authReason"], auth_reason_name(reason));
  }
}

TEST(AuthFailureError, RecommendedNextSteps) {
  const std::pair<R, const char*> steps[] = {
      {R::TokenMissing, "update_auth_configuration"},
      {R::TokenMissingConfig, "update_auth_configuration"},
      {R::PasswordMissing, "update_auth_configuration"},
      {R::PasswordMissingConfig, "update_auth_configuration"},
      {R::TokenMismatch, "update_auth_credentials"},
      {R::PasswordMismatch, "update_auth_credentials"},
      {R::DeviceTokenMismatch, "update_auth_credentials"},
      {R::RateLimited, "wait_then_retry"},
      {R::BootstrapTokenInvalid, "review_auth_configuration"},
      {R::Unauthorized, "review_auth_configuration"},
  };
  for (const auto& [reason, step] : steps) {
    EXPECT_EQ(auth_failure_error(reason, local_cli()).details["recommendedNextStep"], step)
        << auth_reason_name(reason);
  }
}

TEST(AuthFailureError, DeviceTokenRetryOnlyForATokenMismatchFromADevice) {
  AuthFailureContext context = local_cli();
  context.device_present = true;
  context.token_provided = true;
  ErrorShape error = auth_failure_error(R::TokenMismatch, context);
  EXPECT_EQ(error.details["canRetryWithDeviceToken"], true);
  EXPECT_EQ(error.details["recommendedNextStep"], "retry_with_device_token");

  context.device_token_provided = true;  // it already sent its device token
  EXPECT_EQ(auth_failure_error(R::TokenMismatch, context).details["canRetryWithDeviceToken"],
            false);
  context.device_token_provided = false;
  context.password_provided = true;  // a password makes the provided kind "password"
  EXPECT_EQ(auth_failure_error(R::TokenMismatch, context).details["canRetryWithDeviceToken"],
            false);
  context.password_provided = false;
  context.device_present = false;
  EXPECT_EQ(auth_failure_error(R::TokenMismatch, context).details["canRetryWithDeviceToken"],
            false);
  context.device_present = true;
  EXPECT_EQ(auth_failure_error(R::PasswordMismatch, context).details["canRetryWithDeviceToken"],
            false);
}

TEST(AuthFailureError, RateLimitedIsRetryableAfterADelay) {
  AuthFailureContext context = local_cli();
  context.retry_after_ms = 299000;
  const ErrorShape error = auth_failure_error(R::RateLimited, context);
  EXPECT_EQ(error.retryable, true);
  EXPECT_EQ(error.retry_after_ms, 299000);
  context.retry_after_ms.reset();
  EXPECT_FALSE(auth_failure_error(R::RateLimited, context).retry_after_ms.has_value());
  EXPECT_FALSE(auth_failure_error(R::TokenMismatch, context).retryable.has_value());
}

TEST(AuthFailureContextFromParams, ReadsCredentialPresenceAndClient) {
  ConnectParams params;
  params.client.id = "openclaw-control-ui";
  params.client.mode = "webchat";
  params.auth = ConnectAuth{"", "boot", "dev", std::nullopt};
  params.device = DeviceProof{"id", "key", "sig", 1, "n"};
  const AuthFailureContext context = auth_failure_context(params);
  EXPECT_TRUE(context.device_present);
  EXPECT_FALSE(context.token_provided);  // empty does not count
  EXPECT_TRUE(context.bootstrap_token_provided);
  EXPECT_TRUE(context.device_token_provided);
  EXPECT_FALSE(context.password_provided);
  EXPECT_EQ(context.client_id, "openclaw-control-ui");
  EXPECT_EQ(context.client_mode, "webchat");
  EXPECT_FALSE(auth_failure_context(ConnectParams{}).device_present);
}

TEST(DeviceIdentityRequiredError, MatchesTheSample) {
  EXPECT_EQ(device_identity_required_error().to_json(), nlohmann::json::parse(R"j({
    "code": "NOT_PAIRED", "message": "device identity required",
    "details": {"code": "DEVICE_IDENTITY_REQUIRED"}})j"));
}

TEST(ControlUiDeviceIdentityRequiredError, MatchesUpstream) {
  EXPECT_EQ(control_ui_device_identity_required_error().to_json(), nlohmann::json::parse(R"j({
    "code": "INVALID_REQUEST",
    "message": "control ui requires device identity (use HTTPS or localhost secure context)",
    "details": {
  "code" : "CONTROL_UI_DEVICE_IDENTITY_REQUIRED"}})j"));
}

TEST(OriginNotAllowedError, MatchesUpstream) {
  const std::string text =
      "origin not allowed (open the Control UI from the gateway host or allow it in "
      "gateway.controlUi.allowedOrigins)";
  EXPECT_EQ(origin_not_allowed_error().to_json(),
            nlohmann::json({{"code", "INVALID_REQUEST"},
                            {"message", text},
                            {"details", {{"code", "CONTROL_UI_ORIGIN_NOT_ALLOWED"}}}}));
  EXPECT_EQ(origin_not_allowed_error("origin not allowed").details["reason"], "origin not allowed");
}

TEST(PairingRequiredError, Version3IsTheAprShape) {
  EXPECT_EQ(pairing_required_error("req-1", "not-paired", 3).to_json(), nlohmann::json::parse(R"j({
    "code": "NOT_PAIRED", "message": "pairing required",
    "details": {"code": "PAIRING_REQUIRED", "requestId": "req-1", "reason": "not-paired"}})j"));
  EXPECT_EQ(pairing_required_close_reason("req-1", "not-paired", 3), "pairing required");
}

TEST(PairingRequiredError, Version4CarriesTheRicherDetails) {
  PairingRequiredInfo info;
  info.device_id = "dev";
  info.requested_role = "operator";
  info.requested_scopes = {"operator.admin"};
  info.approved_roles = {"operator"};
  info.approved_scopes = {"operator.read"};
  EXPECT_EQ(pairing_required_error("req-2", "scope-upgrade", 4, info).to_json(),
            nlohmann::json::parse(R"j({
    "code": "NOT_PAIRED",
    "message": "pairing required: device is asking for more scopes than currently approved",
    "details": {"code": "PAIRING_REQUIRED", "reason": "scope-upgrade", "requestId": "req-2",
                "remediationHint": "Review the requested scopes, then approve the pending upgrade.",
                "deviceId": "dev", "requestedRole": "operator", "requestedScopes": ["operator.admin"],
                "approvedRoles": ["operator"], "approvedScopes": ["operator.read"]}})j"));
  EXPECT_EQ(pairing_required_close_reason("req-2", "scope-upgrade", 4),
            "pairing required: device is asking for more scopes than currently approved "
            "(requestId: req-2)");
}

TEST(PairingRequiredError, Version4MessagesPerReason) {
  EXPECT_EQ(pairing_required_error("r", "not-paired", 4).message,
            "pairing required: device is not approved yet");
  EXPECT_EQ(pairing_required_error("r", "role-upgrade", 4).message,
            "pairing required: device is asking for a higher role than currently approved");
  EXPECT_EQ(pairing_required_error("r", "metadata-upgrade", 4).message,
            "pairing required: device identity changed and must be re-approved");
  EXPECT_EQ(pairing_required_error("r", "not-paired", 4).details["remediationHint"],
            "Approve this device from the pending pairing requests.");
}

TEST(PairingRequiredError, KeepRetryingWhenApprovalNeedsNoOperator) {
  PairingRequiredInfo info;
  info.approval_may_land_without_operator = true;
  const ErrorShape error = pairing_required_error("r", "not-paired", 4, info);
  EXPECT_EQ(error.details["recommendedNextStep"], "wait_then_retry");
  EXPECT_EQ(error.details["retryable"], true);
  EXPECT_EQ(error.details["pauseReconnect"], false);
  EXPECT_FALSE(pairing_required_error("r", "not-paired", 4).details.contains("pauseReconnect"));
}

TEST(PairingRequiredError, LeavesOutRequestIdsThatDoNotLookLikeOne) {
  EXPECT_FALSE(pairing_required_error("bad id)", "not-paired", 4).details.contains("requestId"));
  EXPECT_FALSE(pairing_required_error("", "not-paired", 3).details.contains("requestId"));
  EXPECT_EQ(pairing_required_close_reason("bad id)", "not-paired", 4),
            "pairing required: device is not approved yet");
  EXPECT_TRUE(pairing_required_error("6f1c7e0a-1d2b-4c3d-9e8f-0a1b2c3d4e5f", "not-paired", 4)
                  .details.contains("requestId"));
}

}  // namespace
}  // namespace openclaw::protocol
