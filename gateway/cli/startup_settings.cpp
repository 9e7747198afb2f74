#include "cli/startup_settings.h"

#include <charconv>

#include "cli/config_secrets.h"

#include "core/config/container.h"
#include "core/config/loader.h"
#include "core/config/paths.h"
#include "core/config/precedence.h"
#include "core/config/secret_ref.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "core/util/text.h"
#include "server/tls_setup.h"

namespace openclaw::cli {
namespace {

// Server side is config-first (spec §3.2): flag > config > env.
Result<ResolvedSecret> resolve_token(const GatewayRunOptions& options, const config::LoadedConfig* loaded,
                                     const Environment& environment) {
  if (options.token) return ResolvedSecret{options.token, "--token"};
  auto from_config = resolve_config_secret("gateway.auth.token", loaded ? loaded->config.gateway.auth.token : std::nullopt, loaded);
  if (!from_config || from_config->value) return from_config;
  if (auto value = environment.get_non_empty("OPENCLAW_GATEWAY_TOKEN")) return ResolvedSecret{value, "OPENCLAW_GATEWAY_TOKEN"};
  return ResolvedSecret{};
}

Result<ResolvedSecret> resolve_password(const GatewayRunOptions& options, const config::LoadedConfig* loaded,
                                        const Environment& environment) {
  if (options.password) return ResolvedSecret{options.password, "--password"};
  if (options.password_file) {
    auto text = state::read_file(*options.password_file);
    if (!text) return fail("--password-file " + *options.password_file + ": " + text.error().message);
    std::string password(trim(*text, "\r\n"));
    if (password.empty()) return fail("--password-file " + *options.password_file + ": the file is empty");
    return ResolvedSecret{password, "--password-file"};
  }
  auto from_config =
      resolve_config_secret("gateway.auth.password", loaded ? loaded->config.gateway.auth.password : std::nullopt, loaded);
  if (!from_config || from_config->value) return from_config;
  if (auto value = environment.get_non_empty("OPENCLAW_GATEWAY_PASSWORD")) {
    return ResolvedSecret{value, "OPENCLAW_GATEWAY_PASSWORD"};
  }
  return ResolvedSecret{};
}

std::optional<std::int64_t> env_integer(const Environment& environment, const char* name) {
  auto text = environment.get_non_empty(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  // The whole text: "10s" is not 10 (ms), it is not a number.
  const auto [stop, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || stop != end || value <= 0) return std::nullopt;
  return value;
}

// Upstream seeds allowedOrigins for a non-loopback Control UI on startup (since 2026.2.26)
// and writes them to the config; we persist them the same way when the file is ours to
// rewrite (plain JSON without $include), else keep them for this run and say so.
std::vector<std::string> seed_allowed_origins(unsigned short port, const std::optional<std::string>& custom_host) {
  std::vector<std::string> origins = {"http://localhost:" + std::to_string(port), "http://127.0.0.1:" + std::to_string(port)};
  if (custom_host) origins.push_back("http://" + *custom_host + ":" + std::to_string(port));
  return origins;
}

std::string persist_seeded_origins(const config::LoadedConfig* loaded, const std::vector<std::string>& origins) {
  if (!loaded) return "kept for this run (no config file)";
  if (loaded->raw_text.find("$include") != std::string::npos) return "kept for this run (the config uses $include)";
  nlohmann::json raw = loaded->raw;
  raw["gateway"]["controlUi"]["allowedOrigins"] = origins;
  auto written = state::write_file_atomically(loaded->path, raw.dump(2) + "\n", {state::kFileMode, std::nullopt});
  if (!written) return "kept for this run (cannot write " + loaded->path.string() + ": " + written.error().message + ")";
  return "saved to " + loaded->path.string();
}

}  // namespace

Result<StartupPlan> plan_startup(const GatewayRunOptions& options, const Environment& environment,
                                 PlanPurpose purpose) {
  StartupPlan plan;
  auto state_dir = config::resolve_state_dir(environment, options.profile, options.dev);
  if (!state_dir) return std::unexpected(state_dir.error());
  auto config_path = config::resolve_config_path(environment, *state_dir);
  if (!config_path) return std::unexpected(config_path.error());

  std::optional<config::LoadedConfig> loaded;
  auto load = config::load_config(*config_path, environment);
  if (load) {
    loaded = std::move(*load);
    for (const auto& warning : loaded->warnings) plan.warnings.push_back("config: " + warning.to_string());
  } else if (load.error().kind != config::LoadErrorKind::NotFound) {
    return fail(load.error().message);
  }
  const config::LoadedConfig* config_file = loaded ? &*loaded : nullptr;
  const config::GatewayConfig gateway = loaded ? loaded->config.gateway : config::GatewayConfig{};
  if (!options.allow_unconfigured && gateway.mode != config::GatewayMode::Local) {
    return fail("Gateway start blocked: set gateway.mode=local in " + config_path->string() +
                " (run openclaw-provision apply) or pass --allow-unconfigured.");
  }

  const Environment& effective_env = loaded ? loaded->environment : environment;
  auto port = config::resolve_port(options.port, effective_env, gateway.port, options.dev);
  if (!port) return std::unexpected(port.error());
  plan.port_source = std::string(config::to_string(port->source));
  config::BindInputs bind_inputs;
  bind_inputs.mode = options.bind ? options.bind : gateway.bind;
  bind_inputs.custom_host = gateway.custom_bind_host;
  bind_inputs.in_container = config::detect_container();
  bind_inputs.tailscale = gateway.tailscale.mode;
  auto bind = config::resolve_bind_hosts(bind_inputs);
  if (!bind) return std::unexpected(bind.error());

  auto token = resolve_token(options, config_file, environment);
  if (!token) return std::unexpected(token.error());
  auto password = resolve_password(options, config_file, environment);
  if (!password) return std::unexpected(password.error());
  auto auth_mode = config::resolve_auth_mode(options.auth, gateway.auth.mode, token->value.has_value(),
                                             password->value.has_value());
  if (!auth_mode) return std::unexpected(auth_mode.error());

  const std::string first_host = bind->hosts.front();
  const bool shared_secret = (*auth_mode == config::AuthMode::Token && token->value) ||
                             (*auth_mode == config::AuthMode::Password && password->value);
  if (!bind->loopback_only && !shared_secret && *auth_mode != config::AuthMode::TrustedProxy) {
    return fail("refusing to bind gateway to " + first_host + ":" + std::to_string(port->port) +
                " without auth (set gateway.auth.token/password, or set "
                "OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD)");
  }
  if (*auth_mode == config::AuthMode::TrustedProxy) {
    if (gateway.trusted_proxies.empty()) return fail("trusted-proxy auth requires gateway.trustedProxies");
    if (!gateway.auth.trusted_proxy) return fail("trusted-proxy auth requires gateway.auth.trustedProxy.userHeader");
    if (token->value) return fail("trusted-proxy auth cannot be combined with a gateway token (remove gateway.auth.token)");
  }
  if (*auth_mode == config::AuthMode::Token && !token->value) {
    return fail("token auth needs a token: set gateway.auth.token, OPENCLAW_GATEWAY_TOKEN or --token "
                "(openclaw-provision apply creates one)");
  }
  if (*auth_mode == config::AuthMode::Password && !password->value) {
    return fail("password auth needs a password: set gateway.auth.password, OPENCLAW_GATEWAY_PASSWORD, "
                "--password or --password-file");
  }

  auto& settings = plan.settings;
  settings.layout = state::StateLayout(*state_dir);
  settings.config_path = *config_path;
  if (loaded) settings.config = loaded->config;
  settings.port = port->port;
  for (const auto& host : bind->hosts) settings.listen.push_back({host, port->port});
  settings.optional_hosts = {"::1"};  // some hosts run without IPv6
  settings.auth.mode = *auth_mode;
  settings.auth.token = token->value;
  settings.auth.password = password->value;
  settings.auth.trusted_proxy = gateway.auth.trusted_proxy;
  auto rate_limit = auth::rate_limit_options_from_config(gateway.auth.rate_limit);
  if (!rate_limit) return std::unexpected(rate_limit.error());
  settings.auth.rate_limit = *rate_limit;
  plan.token_source = token->source;
  plan.password_source = password->source;

  auto proxies = net::TrustedProxyList::create(gateway.trusted_proxies);
  if (!proxies) return std::unexpected(proxies.error());
  settings.trusted_proxies = *proxies;
  settings.allow_real_ip_fallback = gateway.allow_real_ip_fallback;
  settings.control_ui = gateway.control_ui;
  settings.strict_transport_security = gateway.http.strict_transport_security;
  if (!bind->loopback_only && gateway.control_ui.enabled && gateway.control_ui.allowed_origins.empty()) {
    settings.control_ui.allowed_origins = seed_allowed_origins(port->port, gateway.custom_bind_host);
    const std::string where = purpose == PlanPurpose::Startup
                                  ? persist_seeded_origins(config_file, settings.control_ui.allowed_origins)
                                  : "kept for this run (reloaded config)";
    plan.warnings.push_back("seeded gateway.controlUi.allowedOrigins for a non-loopback bind: " + where);
  }

  auto tls = server::prepare_tls(gateway.tls, settings.layout);
  if (!tls) return std::unexpected(tls.error());
  settings.tls = *tls;

  settings.metrics.enabled = gateway.metrics.enabled;
  settings.metrics.bind = gateway.metrics.bind;
  settings.metrics.port = gateway.metrics.port;
  settings.metrics.path = gateway.metrics.path;
  if (gateway.metrics.enabled && gateway.metrics.token) {
    auto metrics_token = resolve_config_secret("gateway.metrics.token", gateway.metrics.token, config_file);
    if (!metrics_token) return std::unexpected(metrics_token.error());
    settings.metrics.token = metrics_token->value;
  }

  if (auto ms = env_integer(environment, "OPENCLAW_HANDSHAKE_TIMEOUT_MS")) {
    settings.limits.handshake_timeout = std::chrono::milliseconds(*ms);
  }
  if (auto count = env_integer(environment, "OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP")) {
    settings.limits.max_preauth_connections_per_ip = static_cast<std::size_t>(*count);
  }
  if (auto ms = env_integer(environment, "OPENCLAW_TICK_INTERVAL_MS")) {
    settings.limits.tick_interval = std::chrono::milliseconds(*ms);
  }
  if (auto ms = env_integer(environment, "OPENCLAW_HTTP_HEADER_TIMEOUT_MS")) {
    settings.limits.http_header_timeout = std::chrono::milliseconds(*ms);
  }
  return plan;
}

}  // namespace openclaw::cli
