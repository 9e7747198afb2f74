#include "cli/doctor/gateway_auth_checks.h"

#include "cli/doctor/file_repairs.h"
#include "cli/doctor/gateway_token_repair.h"
#include "core/config/container.h"
#include "core/config/precedence.h"
#include "core/config/secret_ref.h"
#include "core/crypto/fingerprint.h"
#include "core/net/cidr.h"

namespace openclaw::cli::doctor {
namespace {

constexpr const char* kGenerateToken = "openclaw doctor --generate-gateway-token";

struct SharedSecret {
  std::optional<std::string> value;
  std::string source;  // "gateway.auth.token (file:gateway-token:value)", "OPENCLAW_GATEWAY_TOKEN"
  std::optional<std::string> error;  // a config SecretRef that does not resolve
  bool from_config = false;
};

// Server-side precedence (spec §3.2): the config's value, else the environment's.
SharedSecret resolve_shared_secret(const DoctorInputs& inputs,
                                   const std::optional<config::SecretInput>& input, const char* key,
                                   const char* variable) {
  SharedSecret secret;
  if (input && inputs.config) {
    const auto& loaded = *inputs.config;
    auto value = config::resolve_secret(*input, loaded.config.secrets, loaded.environment,
                                        loaded.path.parent_path());
    secret.from_config = true;
    secret.source =
        std::string(key) + (std::holds_alternative<config::SecretRef>(*input)
                                ? " (" + config::describe(std::get<config::SecretRef>(*input)) + ")"
                                : " (inline)");
    if (value) {
      secret.value = *value;
    } else {
      secret.error = std::string(key) + ": " + value.error().message;
    }
    return secret;
  }
  if (auto value = inputs.environment.get_non_empty(variable)) {
    secret.value = *value;
    secret.source = variable;
  }
  return secret;
}

// A token ref that only fails because the generated token file is gone: regenerating it is
// safe (the old token is lost either way).
bool generated_token_file_missing(const DoctorInputs& inputs,
                                  const config::GatewayConfig& gateway) {
  if (!inputs.config || !gateway.auth.token ||
      !std::holds_alternative<config::SecretRef>(*gateway.auth.token)) {
    return false;
  }
  const auto& ref = std::get<config::SecretRef>(*gateway.auth.token);
  const auto& providers =
      inputs.config->config.secrets.value("providers", nlohmann::json::object());
  return ref.source == config::SecretSource::File &&
         ref.provider == config::kGatewayTokenProvider && providers.contains(ref.provider) &&
         providers[ref.provider] ==
             config::single_value_file_provider(inputs.layout.gateway_token()) &&
         !std::filesystem::exists(inputs.layout.gateway_token());
}

void generate_token(const DoctorInputs& inputs, Finding& finding) {
  finding.fixable = true;
  auto fingerprint = install_generated_gateway_token(inputs);
  if (!fingerprint) {
    finding.fix_note = "could not generate a gateway token: " + fingerprint.error().message;
    return;
  }
  finding.fixed = true;
  finding.fix_note = "Gateway token configured: " + inputs.layout.gateway_token().string() + " (" +
                     *fingerprint + "), referenced from gateway.auth.token";
}

std::string host_port(const std::string& host, unsigned short port) {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

// The addresses `gateway run` would bind, from the same inputs.
Result<config::BindResolution> resolve_bind(const config::GatewayConfig& gateway) {
  config::BindInputs inputs;
  inputs.mode = gateway.bind;
  inputs.custom_host = gateway.custom_bind_host;
  inputs.in_container = config::detect_container();
  inputs.tailscale = gateway.tailscale.mode;
  return config::resolve_bind_hosts(inputs);
}

}  // namespace

void check_gateway_auth(const DoctorInputs& inputs, const DoctorOptions& options,
                        Findings& findings) {
  const bool missing =
      inputs.config_error && inputs.config_error->kind == config::LoadErrorKind::NotFound;
  if (!inputs.config && !missing) return;  // an invalid config: the Config section said why
  const config::GatewayConfig gateway =
      inputs.config ? inputs.config->config.gateway : config::GatewayConfig{};
  const bool may_fix = options.fix || options.generate_gateway_token;

  auto bind = resolve_bind(gateway);
  if (!bind) {
    findings.error("gateway.bind", kGatewayAuthSection, "gateway.bind: " + bind.error().message,
                   "openclaw config set gateway.bind loopback");
    return;
  }

  const auto token = resolve_shared_secret(inputs, gateway.auth.token, "gateway.auth.token",
                                           "OPENCLAW_GATEWAY_TOKEN");
  const auto password = resolve_shared_secret(inputs, gateway.auth.password,
                                              "gateway.auth.password", "OPENCLAW_GATEWAY_PASSWORD");
  if (token.error) {
    auto& finding =
        findings.error("gateway.auth.token.unresolved", kGatewayAuthSection,
                       *token.error + "; the gateway will refuse to start",
                       "restore the secret it points at, or: " + std::string(kGenerateToken));
    if (generated_token_file_missing(inputs, gateway)) {
      finding.fixable = true;
      if (may_fix) generate_token(inputs, finding);
    }
    return;
  }
  if (password.error) {
    findings.error("gateway.auth.password.unresolved", kGatewayAuthSection,
                   *password.error + "; the gateway will refuse to start",
                   "restore the secret it points at");
    return;
  }
  auto mode = config::resolve_auth_mode(std::nullopt, gateway.auth.mode, token.value.has_value(),
                                        password.value.has_value());
  if (!mode) {
    findings.error("gateway.auth.mode", kGatewayAuthSection, mode.error().message,
                   "openclaw config set gateway.auth.mode token");
    return;
  }

  const bool shared = (*mode == config::AuthMode::Token && token.value) ||
                      (*mode == config::AuthMode::Password && password.value);
  const std::string where = host_port(bind->hosts.front(), inputs.port);
  if (!bind->loopback_only && !shared && *mode != config::AuthMode::TrustedProxy) {
    auto& finding = findings.error("gateway.auth.missing", kGatewayAuthSection,
                                   "refusing to bind gateway to " + where +
                                       " without auth: the gateway will not start (bind " +
                                       std::string(config::to_string(bind->mode)) + ", auth " +
                                       std::string(config::to_string(*mode)) + ")",
                                   kGenerateToken);
    if (*mode != config::AuthMode::Password) {
      finding.fixable = true;
      if (may_fix) generate_token(inputs, finding);
    }
    return;
  }
  if (*mode == config::AuthMode::Token && !token.value) {
    auto& finding =
        findings.error("gateway.auth.token.missing", kGatewayAuthSection,
                       "Gateway auth is off or missing a token: token auth needs a token, and the "
                       "gateway will not start without one.",
                       kGenerateToken);
    finding.fixable = true;
    if (may_fix) generate_token(inputs, finding);
    return;
  }
  if (*mode == config::AuthMode::Password && !password.value) {
    findings.error("gateway.auth.password.missing", kGatewayAuthSection,
                   "password auth needs a password: the gateway will not start without one",
                   "set gateway.auth.password (a SecretRef) or OPENCLAW_GATEWAY_PASSWORD in the "
                   "gateway's environment");
    return;
  }
  if (*mode == config::AuthMode::None) {
    auto& finding = findings.warn(
        "gateway.auth.off", kGatewayAuthSection,
        "Gateway auth is off: every local process can operate the gateway. Token auth "
        "is the recommended default (including loopback).",
        kGenerateToken);
    if (options.generate_gateway_token) generate_token(inputs, finding);
    return;
  }
  if (*mode == config::AuthMode::TrustedProxy) {
    if (gateway.trusted_proxies.empty()) {
      findings.error(
          "gateway.auth.trusted-proxy", kGatewayAuthSection,
          "trusted-proxy auth requires gateway.trustedProxies: the gateway will not start",
          "openclaw config set gateway.trustedProxies '[\"<proxy address>\"]'");
    } else if (!gateway.auth.trusted_proxy) {
      findings.error("gateway.auth.trusted-proxy", kGatewayAuthSection,
                     "trusted-proxy auth requires gateway.auth.trustedProxy.userHeader: the "
                     "gateway will not start",
                     "openclaw config set gateway.auth.trustedProxy.userHeader <header>");
    } else if (token.value) {
      findings.error(
          "gateway.auth.trusted-proxy", kGatewayAuthSection,
          "trusted-proxy auth cannot be combined with a gateway token: the gateway will not start",
          "openclaw config unset gateway.auth.token");
    } else {
      findings.ok(
          "gateway.auth", kGatewayAuthSection,
          "trusted-proxy auth (user header " + gateway.auth.trusted_proxy->user_header + ")");
    }
    return;
  }

  const auto& secret = *mode == config::AuthMode::Token ? token : password;
  findings.ok("gateway.auth", kGatewayAuthSection,
              std::string(config::to_string(*mode)) + " auth, " + secret.source + ", " +
                  crypto::token_fingerprint(*secret.value));
  // Clients read OPENCLAW_GATEWAY_TOKEN before the config, the gateway the other way round:
  // a stale variable in the operator's shell is the classic "token mismatch" (operator-pain B3).
  if (*mode == config::AuthMode::Token && token.from_config) {
    auto variable = inputs.environment.get_non_empty("OPENCLAW_GATEWAY_TOKEN");
    if (variable && *variable != *token.value) {
      findings.warn(
          "gateway.auth.env-mismatch", kGatewayAuthSection,
          "OPENCLAW_GATEWAY_TOKEN in this environment (" + crypto::token_fingerprint(*variable) +
              ") differs from gateway.auth.token (" + crypto::token_fingerprint(*token.value) +
              "); the gateway uses gateway.auth.token, so clients that send the variable are "
              "rejected",
          "unset OPENCLAW_GATEWAY_TOKEN");
    }
  }
}

void check_network_exposure(const DoctorInputs& inputs, Findings& findings) {
  if (!inputs.config) return;
  const auto& gateway = inputs.config->config.gateway;
  auto bind = resolve_bind(gateway);

  const auto& origins = gateway.control_ui.allowed_origins;
  if (bind && !bind->loopback_only && gateway.control_ui.enabled) {
    const std::string port = std::to_string(inputs.port);
    if (origins.empty()) {
      findings.warn(
          "security.allowed-origins", kSecuritySection,
          "non-loopback Control UI without gateway.controlUi.allowedOrigins: the gateway seeds "
          "http://localhost:" +
              port + " and http://127.0.0.1:" + port +
              " at startup, and a browser at your public hostname gets \"origin not allowed\"",
          "openclaw config set gateway.controlUi.allowedOrigins '[\"https://<your hostname>\"]'");
    } else {
      findings.ok("security.allowed-origins", kSecuritySection,
                  "Control UI origins: " + std::to_string(origins.size()) + " allowed");
    }
  }
  for (const auto& origin : origins) {
    if (origin == "*") {
      findings.warn(
          "security.allowed-origins.any", kSecuritySection,
          "gateway.controlUi.allowedOrigins contains \"*\": any web page may open the Control UI "
          "socket with a browser's stored credentials",
          "openclaw config set gateway.controlUi.allowedOrigins '[\"https://<your hostname>\"]'");
    }
  }

  std::size_t index = 0;
  bool all_narrow = true;
  for (const auto& entry : gateway.trusted_proxies) {
    const std::string key = "gateway.trustedProxies[" + std::to_string(index++) + "]";
    auto range = net::CidrRange::create(entry);
    if (!range) {
      all_narrow = false;
      findings.error(
          "security.trusted-proxies.invalid", kSecuritySection,
          key + ": \"" + entry + "\" is not an address or CIDR range: " + range.error().message,
          "openclaw config set gateway.trustedProxies '[\"<proxy address>\"]'");
      continue;
    }
    if (range->prefix_length() >= kNarrowestTooWidePrefix) continue;
    all_narrow = false;
    const std::string what =
        range->is_catch_all()
            ? "trusts every " + std::string(range->network().is_v4() ? "IPv4" : "IPv6") + " address"
            : "trusts a /" + std::to_string(range->prefix_length()) + " block";
    findings.warn("security.trusted-proxies.wide", kSecuritySection,
                  key + ": \"" + entry + "\" " + what +
                      " as a proxy: any client there can forge X-Forwarded-For and pass as local",
                  "list only your proxy's address: openclaw config set gateway.trustedProxies "
                  "'[\"<proxy address>\"]'");
  }
  if (!gateway.trusted_proxies.empty() && all_narrow) {
    findings.ok("security.trusted-proxies", kSecuritySection,
                "gateway.trustedProxies: " + std::to_string(gateway.trusted_proxies.size()) +
                    " narrow range(s)");
  }
}

}  // namespace openclaw::cli::doctor
