#include "server/ws/handshake.h"

#include <algorithm>

#include "core/auth/origin_check.h"
#include "core/auth/shared_secret.h"
#include "core/auth/trusted_proxy_auth.h"
#include "core/protocol/auth_failure.h"
#include "core/protocol/device_signature.h"
#include "core/protocol/method_policy.h"
#include "core/protocol/protocol_version.h"
#include "server/gateway_summary.h"
#include "server/rpc/method_table.h"

namespace openclaw::server {
namespace {

using nlohmann::json;
using protocol::AuthFailureReason;

constexpr std::string_view kBrowserOriginScope = "browser-origin";

// The result of checking the gateway's own credentials (step 2 of spec §1.6).
struct GatewayAuth {
  bool ok = false;             // the gateway let the request through (mode none counts)
  bool shared_secret = false;  // a token/password/trusted-proxy identity was verified
  std::string method = "none";
  std::optional<AuthFailureReason> failure;
  bool wrong_credential = false;  // a credential was presented and was wrong (counts for limiting)
  std::string missing_header;     // trusted-proxy: the required header that was absent
};

AuthFailureReason trusted_proxy_reason(auth::TrustedProxyFailureReason reason) {
  switch (reason) {
    case auth::TrustedProxyFailureReason::UntrustedSource:
    case auth::TrustedProxyFailureReason::LoopbackSource:
      return AuthFailureReason::TrustedProxyUntrustedSource;
    case auth::TrustedProxyFailureReason::MissingHeader:
      return AuthFailureReason::TrustedProxyMissingHeader;
    case auth::TrustedProxyFailureReason::UserMissing:
      return AuthFailureReason::TrustedProxyUserMissing;
    case auth::TrustedProxyFailureReason::UserNotAllowed:
      return AuthFailureReason::TrustedProxyUserNotAllowed;
  }
  return AuthFailureReason::Unauthorized;
}

HandshakeResult reject(protocol::ErrorShape error, std::uint16_t code, std::string outcome,
                       const std::optional<std::string>& reason = std::nullopt) {
  HandshakeResult result;
  result.close_code = code;
  result.close_reason = protocol::truncate_close_reason(reason.value_or(error.message));
  result.error = std::move(error);
  result.outcome = std::move(outcome);
  return result;
}

// The pairing files could not be written (full disk, permissions): retryable, nothing lost.
protocol::ErrorShape store_unavailable(const std::string& reason) {
  auto error = protocol::make_error(protocol::kUnavailable, "pairing store unavailable: " + reason);
  error.retryable = true;
  return error;
}

bool present(const std::optional<std::string>& value) { return value && !value->empty(); }

GatewayAuth check_gateway_auth(const RuntimeSettings& settings, const PeerInfo& peer,
                               const protocol::ConnectParams& params) {
  const auto& auth = settings.auth;
  const protocol::ConnectAuth provided = params.auth.value_or(protocol::ConnectAuth{});
  GatewayAuth result;
  switch (auth.mode) {
    case config::AuthMode::None:
      result.ok = true;
      return result;
    case config::AuthMode::Token:
    case config::AuthMode::Password: {
      const bool token_mode = auth.mode == config::AuthMode::Token;
      const auto outcome = auth::check_shared_secret(token_mode ? auth.token : auth.password,
                                                     token_mode ? provided.token : provided.password);
      switch (outcome) {
        case auth::SharedSecretOutcome::Ok:
          result.ok = result.shared_secret = true;
          result.method = token_mode ? "token" : "password";
          return result;
        case auth::SharedSecretOutcome::Missing:
          result.failure = token_mode ? AuthFailureReason::TokenMissing : AuthFailureReason::PasswordMissing;
          return result;
        case auth::SharedSecretOutcome::Mismatch:
          result.failure = token_mode ? AuthFailureReason::TokenMismatch : AuthFailureReason::PasswordMismatch;
          result.wrong_credential = true;
          return result;
        case auth::SharedSecretOutcome::NotConfigured:
          result.failure =
              token_mode ? AuthFailureReason::TokenMissingConfig : AuthFailureReason::PasswordMissingConfig;
          return result;
      }
      return result;
    }
    case config::AuthMode::TrustedProxy: {
      if (!auth.trusted_proxy) {
        result.failure = AuthFailureReason::Unauthorized;
        return result;
      }
      const bool trusted_source = peer.peer_is_trusted_proxy && (!peer.peer.is_loopback() || auth.trusted_proxy->allow_loopback);
      auto user = auth::authorize_trusted_proxy(*auth.trusted_proxy, auth::lookup_in(peer.headers), trusted_source);
      if (user) {
        result.ok = result.shared_secret = true;
        result.method = "trusted-proxy";
        return result;
      }
      result.failure = trusted_proxy_reason(user.error().reason);
      if (user.error().reason == auth::TrustedProxyFailureReason::MissingHeader) result.missing_header = user.error().detail;
      return result;
    }
  }
  return result;
}

json hello_auth_block(const ConnectionIdentity& identity, const std::optional<pairing::IssuedToken>& token) {
  json block = {{"role", identity.role}, {"scopes", identity.scopes}};
  if (token) {
    block["deviceToken"] = token->token;
    block["issuedAtMs"] = token->issued_at_ms;
  }
  return block;
}

json build_hello_ok(GatewayContext& context, const RuntimeSettings& settings, const ConnectionIdentity& identity,
                    const std::optional<pairing::IssuedToken>& token) {
  const bool admin = identity.has_scope(protocol::kScopeAdmin);
  json health = context.health();
  json snapshot = {{"presence", context.presence().list()},
                   {"health", health},
                   {"stateVersion", {{"presence", context.presence().version()}, {"health", context.health_version()}}},
                   {"uptimeMs", context.uptime_ms()},
                   {"sessionDefaults", session_defaults(settings.config)}};
  if (admin) {
    snapshot["configPath"] = settings.config_path.string();
    snapshot["stateDir"] = settings.layout.root().string();
    snapshot["authMode"] = config::to_string(settings.auth.mode);
  }
  json hello = {{"type", "hello-ok"},
                {"protocol", identity.protocol},
                {"server", {{"version", context.version()}, {"connId", identity.conn_id}}},
                {"features", {{"methods", context.methods().names()}, {"events", gateway_events()}}},
                {"snapshot", snapshot},
                {"policy",
                 {{"maxPayload", settings.limits.max_payload},
                  {"maxBufferedBytes", settings.limits.max_buffered_bytes},
                  {"tickIntervalMs", settings.limits.tick_interval.count()}}}};
  // v3 clients get `auth` only with a device token; v4 always (spec §1.7, §1.13).
  if (token || identity.protocol >= 4) hello["auth"] = hello_auth_block(identity, token);
  return hello;
}

// What the socket is, as the connect request declares it; auth steps then narrow the scopes
// and add the device and auth method.
ConnectionIdentity initial_identity(const protocol::ConnectParams& params, const std::string& conn_id,
                                    int protocol_version, const std::string& remote_ip, std::int64_t now) {
  ConnectionIdentity identity;
  identity.conn_id = conn_id;
  identity.role = params.role;
  identity.scopes = params.scopes;
  identity.protocol = protocol_version;
  identity.client = params.client;
  identity.remote_ip = remote_ip;
  identity.caps = params.caps;
  identity.commands = params.commands;
  identity.permissions = params.permissions;
  identity.path_env = params.path_env;
  identity.connected_at_ms = now;
  return identity;
}

HandshakeResult accepted(GatewayContext& context, const RuntimeSettings& settings, ConnectionIdentity identity,
                         const std::optional<pairing::IssuedToken>& issued) {
  HandshakeResult result;
  result.accepted = true;
  result.outcome = "ok";
  result.hello_ok = build_hello_ok(context, settings, identity, issued);
  if (result.hello_ok.contains("auth") && identity.protocol >= 4) result.hello_ok["auth"]["method"] = identity.auth_method;
  result.identity = std::move(identity);
  return result;
}

// The admin Unix socket (operator-pain B1/B2): the listener let only root or the state
// directory's owner in (SO_PEERCRED), which is the credential. An operator gets the scopes it
// asks for (the CLI's defaults when it asks for none) with no shared secret, device identity
// or pairing, so approving devices never depends on already being paired. A device identity
// that is sent must still verify (a forged one is refused), but never starts pairing and
// gets no device token. Shared-secret fields are ignored: they are neither needed nor
// counted as failures. Nodes are refused: they belong on the gateway port.
HandshakeResult admin_socket_handshake(GatewayContext& context, const RuntimeSettings& settings,
                                       const PeerInfo& peer, const protocol::ConnectParams& params,
                                       std::string_view challenge_nonce, const std::string& conn_id,
                                       int protocol_version, std::int64_t now) {
  if (params.role != "operator") {
    return reject(protocol::make_error(protocol::kInvalidRequest,
                                       "role " + params.role +
                                           " is not allowed on the admin socket; nodes connect to the gateway port"),
                  1008, "admin_socket_role");
  }
  ConnectionIdentity identity =
      initial_identity(params, conn_id, protocol_version, peer.client_ip ? peer.client_ip->to_string() : "", now);
  if (identity.scopes.empty()) identity.scopes = protocol::cli_default_operator_scopes();
  if (params.device) {
    auto verified = protocol::verify_device_proof(params, challenge_nonce, now);
    if (!verified) return reject(verified.error().to_error(), 1008, "device_auth");
    identity.device_id = verified->device_id;
  }
  identity.auth_method = "admin-socket";
  return accepted(context, settings, std::move(identity), std::nullopt);
}

}  // namespace

std::optional<json> presence_entry(const ConnectionIdentity& identity) {
  if (protocol::is_cli(identity.client)) return std::nullopt;
  const auto& client = identity.client;
  json entry = {{"ts", identity.connected_at_ms},
                {"ip", identity.remote_ip},
                {"version", client.version},
                {"platform", client.platform},
                {"mode", client.mode},
                {"reason", "connect"},
                {"roles", json::array({identity.role})},
                {"scopes", identity.scopes}};
  if (client.display_name) entry["host"] = *client.display_name;
  if (client.device_family) entry["deviceFamily"] = *client.device_family;
  if (client.model_identifier) entry["modelIdentifier"] = *client.model_identifier;
  if (client.instance_id) entry["instanceId"] = *client.instance_id;
  if (identity.device_id) entry["deviceId"] = *identity.device_id;
  return entry;
}

HandshakeResult perform_handshake(GatewayContext& context, const PeerInfo& peer, const protocol::ConnectParams& params,
                                  std::string_view challenge_nonce, const std::string& conn_id) {
  const auto settings = context.settings();
  const std::int64_t now = now_ms();
  const std::string client_key = peer.client_key();
  auto& limiter = context.rate_limiter();

  auto negotiated = protocol::negotiate_protocol(params.min_protocol, params.max_protocol);
  if (!negotiated) {
    return reject(protocol::protocol_mismatch_error(params.min_protocol, params.max_protocol), 1002,
                  "protocol_mismatch", "protocol mismatch");
  }
  const int protocol_version = *negotiated;

  // Origin policy (spec §3.6): every connect with an Origin header, and always for browser
  // clients. Browser origins are rate limited even from loopback.
  const bool browser_ui = protocol::is_browser_operator_ui(params.client) || protocol::is_webchat(params.client);
  std::optional<std::string> browser_limit_key;
  if (peer.origin || browser_ui) {
    auth::OriginPolicy policy{settings->control_ui.allowed_origins,
                              settings->control_ui.dangerously_allow_host_header_origin_fallback};
    if (!peer.origin || !auth::origin_allowed(*peer.origin, policy, peer.host, peer.local_direct)) {
      return reject(protocol::origin_not_allowed_error(), 1008, "origin_not_allowed");
    }
    browser_limit_key = peer.client_ip && peer.client_ip->is_loopback() ? *peer.origin : client_key;
  }
  if (peer.admin_socket) {
    return admin_socket_handshake(context, *settings, peer, params, challenge_nonce, conn_id, protocol_version, now);
  }

  const protocol::ConnectAuth provided = params.auth.value_or(protocol::ConnectAuth{});
  const bool any_credential = present(provided.token) || present(provided.password) ||
                              present(provided.device_token) || present(provided.bootstrap_token);
  GatewayAuth gateway_auth = check_gateway_auth(*settings, peer, params);
  auto failure_context = [&](std::optional<std::int64_t> retry_after_ms = std::nullopt) {
    auto failure = protocol::auth_failure_context(params);
    failure.retry_after_ms = retry_after_ms;
    failure.protocol = protocol_version;
    failure.local_client = peer.local_direct;
    failure.auth_mode = std::string(config::to_string(settings->auth.mode));
    failure.missing_header = gateway_auth.missing_header;
    return failure;
  };
  auto rate_limited = [&](std::int64_t retry_after_ms) {
    context.metrics().auth_failure("rate_limited");
    return reject(protocol::auth_failure_error(AuthFailureReason::RateLimited, failure_context(retry_after_ms)),
                  1008, "rate_limited");
  };
  if (any_credential) {
    auto verdict = limiter.check(auth::kScopeSharedSecret, client_key, now);
    if (verdict.allowed && browser_limit_key) {
      verdict = limiter.check(kBrowserOriginScope, *browser_limit_key, now, false);
    }
    if (!verdict.allowed) return rate_limited(verdict.retry_after_ms);
  }

  auto record_failure = [&](std::string_view scope, AuthFailureReason reason) {
    context.metrics().auth_failure(protocol::auth_reason_name(reason));
    bool locked = limiter.record_failure(scope, client_key, now);
    if (browser_limit_key) locked = limiter.record_failure(kBrowserOriginScope, *browser_limit_key, now, false) || locked;
    if (locked) {
      context.metrics().rate_limit_lockout(scope);
      context.logger().warn("auth lockout", {{"scope", scope}, {"client", client_key}});
    }
  };
  auto unauthorized = [&](AuthFailureReason reason) {
    return reject(protocol::auth_failure_error(reason, failure_context()), 1008, "unauthorized");
  };

  ConnectionIdentity identity = initial_identity(params, conn_id, protocol_version, client_key, now);

  std::optional<pairing::IssuedToken> issued;
  if (!params.device) {
    // Missing-device policy (spec §1.6 step 3).
    const auto& ui = settings->control_ui;
    const bool control_ui = protocol::is_browser_operator_ui(params.client);
    bool allowed = false;
    bool keep_scopes = false;
    if (control_ui && gateway_auth.ok && gateway_auth.method == "trusted-proxy") {
      allowed = true;
    } else if (control_ui && gateway_auth.ok &&
               ((ui.dangerously_disable_device_auth && params.role == "operator") ||
                (ui.allow_insecure_auth && peer.local_direct))) {
      allowed = keep_scopes = true;
    } else if (!control_ui && params.role == "operator" && gateway_auth.shared_secret) {
      // The shared secret is the owner's credential, so the real CLI (2026.9.x) keeps the
      // scopes it asks for (`openclaw devices list --token` needs operator.pairing); a probe
      // keeps none, as the captured upstream gateway answers it. Older upstream cleared both.
      allowed = true;
      keep_scopes = params.client.mode != protocol::kClientModeProbe && gateway_auth.method != "trusted-proxy";
    }
    if (!allowed) {
      if (gateway_auth.wrong_credential) {
        record_failure(auth::kScopeSharedSecret, *gateway_auth.failure);
        return unauthorized(*gateway_auth.failure);
      }
      if (control_ui) return reject(protocol::control_ui_device_identity_required_error(), 1008, "device_identity_required");
      return reject(protocol::device_identity_required_error(), 1008, "device_identity_required");
    }
    if (!keep_scopes) identity.scopes.clear();
    identity.auth_method = gateway_auth.method;
  } else {
    auto verified = protocol::verify_device_proof(params, challenge_nonce, now);
    if (!verified) return reject(verified.error().to_error(), 1008, "device_auth");
    identity.device_id = verified->device_id;

    if (!gateway_auth.ok) {
      // Device token: auth.deviceToken, or the legacy fallback of a device token sent in
      // auth.token (spec §1.6 step 5).
      const std::optional<std::string> candidate = present(provided.device_token) ? provided.device_token
                                                                                 : provided.token;
      if (present(candidate)) {
        if (auto verdict = limiter.check(auth::kScopeDeviceToken, client_key, now); !verdict.allowed) {
          return rate_limited(verdict.retry_after_ms);
        }
        const auto check = context.devices().verify_device_token(verified->device_id, params.role, *candidate,
                                                                 params.scopes, now);
        if (check == pairing::TokenCheck::Ok) {
          gateway_auth.ok = true;
          gateway_auth.method = "device-token";
          limiter.reset(auth::kScopeDeviceToken, client_key);
        } else if (present(provided.device_token)) {
          record_failure(auth::kScopeDeviceToken, AuthFailureReason::DeviceTokenMismatch);
          return unauthorized(AuthFailureReason::DeviceTokenMismatch);
        }
      } else if (present(provided.bootstrap_token)) {
        // Setup codes (spec §3.10) are not issued by this gateway, so none can be valid.
        record_failure(auth::kScopeDefault, AuthFailureReason::BootstrapTokenInvalid);
        return unauthorized(AuthFailureReason::BootstrapTokenInvalid);
      }
    }
    if (!gateway_auth.ok) {
      const auto reason = gateway_auth.failure.value_or(AuthFailureReason::Unauthorized);
      if (gateway_auth.wrong_credential) record_failure(auth::kScopeSharedSecret, reason);
      return unauthorized(reason);
    }
    identity.auth_method = gateway_auth.method;

    // Pairing (spec §3.8).
    const bool backend_local = params.client.id == "gateway-client" && params.client.mode == "backend" &&
                               peer.local_direct;
    const bool ui_skips_pairing = protocol::is_browser_operator_ui(params.client) &&
                                  (gateway_auth.method == "trusted-proxy" ||
                                   settings->control_ui.dangerously_disable_device_auth ||
                                   settings->auth.mode == config::AuthMode::None);
    pairing::PairingRequest request{verified->device_id, verified->public_key_base64url, params.role, params.scopes,
                                    params.client.display_name, params.client.platform, params.client.device_family,
                                    params.client.id, params.client.mode, client_key};
    // Silent approval is for a local direct client that is no browser page of another site.
    const bool may_pair_silently = peer.local_direct && (!peer.origin || browser_ui);
    const auto policy = backend_local || ui_skips_pairing ? pairing::PairingPolicy::Skip
                        : may_pair_silently               ? pairing::PairingPolicy::ApproveSilently
                                                          : pairing::PairingPolicy::AskOperator;
    auto admission = context.devices().admit(request, policy, now);
    if (!admission) {
      context.logger().error("pairing store write failed", {{"error", admission.error().message}});
      return reject(store_unavailable(admission.error().message), 1011, "store_error");
    }
    if (admission->request) {
      const json& pending = admission->request->request;
      const std::string request_id = pending.value("requestId", "");
      if (admission->request->created) context.broadcast("device.pair.requested", pending);
      context.refresh_pairing_gauge();
      if (admission->awaiting_operator()) {
        const std::string reason(pairing::pairing_reason_name(admission->need));
        context.logger().info("pairing required", {{"deviceId", verified->device_id},
                                                   {"requestId", request_id},
                                                   {"reason", reason},
                                                   {"client", client_key}});
        return reject(protocol::pairing_required_error(request_id, reason, protocol_version), 1008,
                      "pairing_required", protocol::pairing_required_close_reason(request_id, reason, protocol_version));
      }
      context.broadcast("device.pair.resolved", {{"requestId", request_id},
                                                 {"deviceId", verified->device_id},
                                                 {"decision", "approved"},
                                                 {"ts", now}});
      context.logger().info("device paired silently (local)", {{"deviceId", verified->device_id}});
    }
    if (admission->token) {
      issued = std::move(admission->token);
    } else if (!admission->token_problem.empty()) {
      context.logger().warn("device token not issued",
                            {{"deviceId", verified->device_id}, {"error", admission->token_problem}});
    }
  }

  if (gateway_auth.shared_secret && gateway_auth.method != "trusted-proxy") {
    identity.secret_generation = settings->auth.secret_generation;
  }
  limiter.reset(auth::kScopeSharedSecret, client_key);

  return accepted(context, *settings, std::move(identity), issued);
}

}  // namespace openclaw::server
