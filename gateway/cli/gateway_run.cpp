#include "cli/gateway_run.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <charconv>
#include <iostream>
#include <optional>

#include "core/config/container.h"
#include "core/config/loader.h"
#include "core/config/paths.h"
#include "core/config/precedence.h"
#include "core/config/secret_ref.h"
#include "core/crypto/fingerprint.h"
#include "core/log/logger.h"
#include "server/probe_server.h"

namespace openclaw::cli {
namespace {

struct RunOptions {
  std::optional<std::int64_t> port;
  std::optional<config::BindMode> bind;
  std::optional<config::AuthMode> auth;
  std::optional<std::string> token;
  std::optional<std::string> profile;
  bool allow_unconfigured = false;
  bool dev = false;
  bool verbose = false;
};

std::optional<RunOptions> parse_options(const std::vector<std::string>& args, std::ostream& err) {
  RunOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (arg == "--allow-unconfigured") {
      options.allow_unconfigured = true;
    } else if (arg == "--dev") {
      options.dev = true;
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--port") {
      auto text = value();
      std::int64_t port = 0;
      if (!text || std::from_chars(text->data(), text->data() + text->size(), port).ec != std::errc() ||
          port < 1 || port > 65535) {
        err << "openclaw gateway run: --port needs a port number 1-65535\n";
        return std::nullopt;
      }
      options.port = port;
    } else if (arg == "--bind") {
      auto text = value();
      auto mode = text ? config::parse_bind_mode(*text) : std::nullopt;
      if (!mode) {
        err << "openclaw gateway run: --bind needs one of loopback, lan, tailnet, auto, custom\n";
        return std::nullopt;
      }
      options.bind = mode;
    } else if (arg == "--auth") {
      auto text = value();
      auto mode = text ? config::parse_auth_mode(*text) : std::nullopt;
      if (!mode) {
        err << "openclaw gateway run: --auth needs one of none, token, password, trusted-proxy\n";
        return std::nullopt;
      }
      options.auth = mode;
    } else if (arg == "--token" || arg == "--profile") {
      auto text = value();
      if (!text) {
        err << "openclaw gateway run: " << arg << " needs a value\n";
        return std::nullopt;
      }
      (arg == "--token" ? options.token : options.profile) = *text;
    } else {
      err << "openclaw gateway run: unknown option " << arg << "\n";
      return std::nullopt;
    }
  }
  return options;
}

// The shared secret for token mode: --token > gateway.auth.token > OPENCLAW_GATEWAY_TOKEN
// (spec §3.2, server side is config-first). `source` says which won, for the startup log.
Result<std::optional<std::string>> resolve_token(const RunOptions& options, const config::LoadedConfig* loaded,
                                                 const Environment& environment, std::string& source) {
  if (options.token) {
    source = "--token";
    return options.token;
  }
  if (loaded && loaded->config.gateway.auth.token) {
    const auto& input = *loaded->config.gateway.auth.token;
    source = std::holds_alternative<std::string>(input)
                 ? "gateway.auth.token (inline)"
                 : "gateway.auth.token (" + config::describe(std::get<config::SecretRef>(input)) + ")";
    auto value = config::resolve_secret(input, loaded->config.secrets, loaded->environment,
                                        loaded->path.parent_path());
    if (!value) return fail("gateway.auth.token: " + value.error().message);
    return std::optional<std::string>(*value);
  }
  if (auto from_env = environment.get_non_empty("OPENCLAW_GATEWAY_TOKEN")) {
    source = "OPENCLAW_GATEWAY_TOKEN";
    return from_env;
  }
  return std::optional<std::string>{};
}

int refuse(const log::Logger& logger, const std::string& message) {
  logger.error(message);
  return 1;
}

}  // namespace

int gateway_run_command(const std::vector<std::string>& args) {
  auto options = parse_options(args, std::cerr);
  if (!options) return 2;
  log::Logger logger = log::default_logger().with_subsystem("gateway");
  if (options->verbose) logger.set_min_level(log::Level::debug);
  const Environment environment = Environment::from_process();

  auto state_dir = config::resolve_state_dir(environment, options->profile, options->dev);
  if (!state_dir) return refuse(logger, state_dir.error().message);
  auto config_path = config::resolve_config_path(environment, *state_dir);
  if (!config_path) return refuse(logger, config_path.error().message);

  std::optional<config::LoadedConfig> loaded;
  auto load = config::load_config(*config_path, environment);
  if (load) {
    loaded = std::move(*load);
    for (const auto& warning : loaded->warnings) logger.warn("config: " + warning.to_string());
  } else if (load.error().kind != config::LoadErrorKind::NotFound) {
    return refuse(logger, load.error().message);
  }
  const config::GatewayConfig gateway = loaded ? loaded->config.gateway : config::GatewayConfig{};
  if (!options->allow_unconfigured && gateway.mode != config::GatewayMode::Local) {
    return refuse(logger, "Gateway start blocked: set gateway.mode=local in " + config_path->string() +
                              " (run openclaw-provision apply) or pass --allow-unconfigured.");
  }

  auto port = config::resolve_port(options->port, loaded ? loaded->environment : environment,
                                   gateway.port, options->dev);
  if (!port) return refuse(logger, port.error().message);
  config::BindInputs bind_inputs;
  bind_inputs.mode = options->bind ? options->bind : gateway.bind;
  bind_inputs.custom_host = gateway.custom_bind_host;
  bind_inputs.in_container = config::detect_container();
  auto bind = config::resolve_bind_hosts(bind_inputs);
  if (!bind) return refuse(logger, bind.error().message);

  std::string token_source;
  auto token = resolve_token(*options, loaded ? &*loaded : nullptr, environment, token_source);
  if (!token) return refuse(logger, token.error().message);
  const bool password_present = gateway.auth.password.has_value() ||
                                environment.get_non_empty("OPENCLAW_GATEWAY_PASSWORD").has_value();
  auto auth_mode = config::resolve_auth_mode(options->auth, gateway.auth.mode, token->has_value(), password_present);
  if (!auth_mode) return refuse(logger, auth_mode.error().message);

  const std::string first_host = bind->hosts.front();
  const bool shared_secret = (*auth_mode == config::AuthMode::Token && token->has_value()) ||
                             (*auth_mode == config::AuthMode::Password && password_present);
  if (!bind->loopback_only && !shared_secret && *auth_mode != config::AuthMode::TrustedProxy) {
    return refuse(logger, "refusing to bind gateway to " + first_host + ":" + std::to_string(port->port) +
                              " without auth (set gateway.auth.token/password, or set "
                              "OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD)");
  }
  if (!bind->loopback_only && gateway.control_ui.enabled && gateway.control_ui.allowed_origins.empty()) {
    return refuse(logger, "non-loopback Control UI requires gateway.controlUi.allowedOrigins (set the "
                          "browser origins, e.g. with openclaw-provision --public-url)");
  }
  if (*auth_mode == config::AuthMode::TrustedProxy && gateway.trusted_proxies.empty()) {
    return refuse(logger, "trusted-proxy auth requires gateway.trustedProxies");
  }
  if (*auth_mode == config::AuthMode::Token && !token->has_value()) {
    return refuse(logger, "token auth needs a token: set gateway.auth.token, OPENCLAW_GATEWAY_TOKEN or "
                          "--token (openclaw-provision apply creates one)");
  }
  if (token->has_value()) {
    logger.redactor().add(**token);
    logger.info("auth", {{"mode", config::to_string(*auth_mode)},
                         {"tokenFingerprint", crypto::token_fingerprint(**token)},
                         {"tokenSource", token_source}});
  }

  boost::asio::io_context io;
  server::ProbeServer server(io, logger);
  std::vector<server::ListenAddress> addresses;
  for (const auto& host : bind->hosts) addresses.push_back({host, static_cast<unsigned short>(port->port)});
  // ::1 is best effort on loopback: some hosts run without IPv6.
  if (auto status = server.listen(addresses, {"::1"}); !status) return refuse(logger, status.error().message);
  for (const auto& address : server.bound()) {
    const bool v6 = address.host.find(':') != std::string::npos;
    logger.info("listening on ws://" + (v6 ? "[" + address.host + "]" : address.host) + ":" +
                std::to_string(address.port));
  }
  logger.info("ready", {{"stateDir", state_dir->string()}, {"config", config_path->string()},
                        {"bind", config::to_string(bind->mode)}, {"portSource", config::to_string(port->source)}});

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    logger.info("shutting down", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace openclaw::cli
