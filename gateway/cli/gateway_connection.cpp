#include "cli/gateway_connection.h"

#include <charconv>
#include <system_error>

#include "cli/config_secrets.h"
#include "client/gateway_url.h"
#include "core/crypto/certificate_fingerprint.h"
#include "core/config/container.h"
#include "core/config/paths.h"
#include "core/config/precedence.h"
#include "core/net/ip_address.h"
#include "core/state/file_reader.h"

namespace openclaw::cli {
namespace {

// A week: longer than any call needs, short enough that the arithmetic cannot overflow.
constexpr std::int64_t kMaxTimeoutMs = 7LL * 24 * 3600 * 1000;

struct TakenValue {
  bool matched = false;
  std::optional<std::string> value;
};

// Takes "--name value" or "--name=value" at args[i] (erasing it). Fails when the value is
// missing; a following word that starts with "--" is another option, not the value.
Result<TakenValue> take_value(std::vector<std::string>& args, std::size_t i, std::string_view name) {
  const std::string& word = args[i];
  const std::string flag = "--" + std::string(name);
  if (word.starts_with(flag + "=")) {
    std::string value = word.substr(flag.size() + 1);
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
    if (value.empty()) return fail(flag + " needs a value");
    return TakenValue{true, std::move(value)};
  }
  if (word != flag) return TakenValue{};
  if (i + 1 >= args.size() || args[i + 1].starts_with("--")) {
    return fail(flag + " needs a value (write " + flag + "=VALUE for a value that starts with --)");
  }
  std::string value = args[i + 1];
  args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
  if (value.empty()) return fail(flag + " needs a value");
  return TakenValue{true, std::move(value)};
}

Result<std::chrono::milliseconds> parse_timeout(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0 || value > kMaxTimeoutMs) {
    return fail("--timeout: expected a positive number of milliseconds (got \"" + text + "\")");
  }
  return std::chrono::milliseconds(value);
}

// The address a local client dials for the configured bind: loopback unless the gateway
// listens only on one specific non-loopback address.
std::string dial_host(const std::vector<std::string>& bind_hosts) {
  for (const auto& host : bind_hosts) {
    const auto address = net::IpAddress::parse(host);
    if (!address || address->is_loopback() || address->is_unspecified()) return "127.0.0.1";
  }
  if (bind_hosts.empty()) return "127.0.0.1";
  const std::string& host = bind_hosts.front();
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::filesystem::path certificate_path(const config::TlsConfig& tls, const state::StateLayout& layout) {
  return tls.cert_path ? std::filesystem::path(*tls.cert_path) : layout.tls_certificate();
}

// The fingerprint of the certificate file the gateway serves. Fails naming the file.
Result<std::string> pinned_fingerprint(const std::filesystem::path& cert) {
  auto pem = state::read_file(cert);
  if (!pem) return std::unexpected(pem.error());
  auto fingerprint = crypto::certificate_fingerprint_from_pem(*pem);
  if (!fingerprint) return fail(cert.string() + ": " + fingerprint.error().message);
  return fingerprint;
}

}  // namespace

Result<NetworkOptions> take_network_options(std::vector<std::string>& args, const Environment& env) {
  NetworkOptions options;
  bool token_from_flag = false;
  bool password_from_flag = false;
  for (std::size_t i = 0; i < args.size();) {
    if (args[i] == "--json") {
      options.json = true;
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    if (args[i].starts_with("--json=")) return fail("--json does not take a value");
    auto url = take_value(args, i, "url");
    if (!url) return std::unexpected(url.error());
    if (url->matched) {
      if (auto parsed = client::parse_gateway_url(*url->value); !parsed) return fail("--url: " + parsed.error().message);
      options.url = url->value;
      options.url_from_flag = true;
      continue;
    }
    auto token = take_value(args, i, "token");
    if (!token) return std::unexpected(token.error());
    if (token->matched) {
      options.token = token->value;
      token_from_flag = true;
      continue;
    }
    auto password = take_value(args, i, "password");
    if (!password) return std::unexpected(password.error());
    if (password->matched) {
      options.password = password->value;
      password_from_flag = true;
      continue;
    }
    auto timeout = take_value(args, i, "timeout");
    if (!timeout) return std::unexpected(timeout.error());
    if (timeout->matched) {
      auto parsed = parse_timeout(*timeout->value);
      if (!parsed) return std::unexpected(parsed.error());
      options.timeout = *parsed;
      continue;
    }
    ++i;
  }
  if (!options.url) {
    if (auto from_env = env.get_non_empty("OPENCLAW_GATEWAY_URL")) {
      if (auto parsed = client::parse_gateway_url(*from_env); !parsed) {
        return fail("OPENCLAW_GATEWAY_URL: " + parsed.error().message);
      }
      options.url = from_env;
    }
  }
  // Clients are env-first (spec §3.2), but an explicit --url gets only explicit credentials.
  if (!options.url_from_flag) {
    if (!token_from_flag) options.token = env.get_non_empty("OPENCLAW_GATEWAY_TOKEN");
    if (!password_from_flag) options.password = env.get_non_empty("OPENCLAW_GATEWAY_PASSWORD");
  }
  return options;
}

Result<LocalGateway> locate_local_gateway(const Environment& env) {
  auto state_dir = config::resolve_state_dir(env, std::nullopt, false);
  if (!state_dir) return std::unexpected(state_dir.error());
  auto config_path = config::resolve_config_path(env, *state_dir);
  if (!config_path) return std::unexpected(config_path.error());

  LocalGateway local;
  local.layout = state::StateLayout(*state_dir);
  local.config_path = *config_path;
  std::error_code ec;
  local.config_exists = std::filesystem::exists(*config_path, ec);
  auto load = config::load_config(*config_path, env);
  if (load) {
    local.loaded = std::move(*load);
  } else if (load.error().kind != config::LoadErrorKind::NotFound) {
    local.config_error = load.error().message;
  }
  const config::LoadedConfig* loaded = local.loaded ? &*local.loaded : nullptr;
  const config::GatewayConfig gateway = loaded ? loaded->config.gateway : config::GatewayConfig{};
  const Environment& effective_env = loaded ? loaded->environment : env;

  if (auto port = config::resolve_port(std::nullopt, effective_env, gateway.port, false); port) {
    local.port = port->port;
    local.port_source = std::string(config::to_string(port->source));
  } else {
    local.port_source = "default";
    local.warnings.push_back(port.error().message);
  }
  config::BindInputs bind_inputs;
  bind_inputs.mode = gateway.bind;
  bind_inputs.custom_host = gateway.custom_bind_host;
  bind_inputs.in_container = config::detect_container();
  bind_inputs.tailscale = gateway.tailscale.mode;
  if (auto bind = config::resolve_bind_hosts(bind_inputs); bind) {
    local.bind_mode = std::string(config::to_string(bind->mode));
    local.bind_hosts = bind->hosts;
  } else {
    local.bind_mode = gateway.bind ? std::string(config::to_string(*gateway.bind)) : "loopback";
    local.warnings.push_back(bind.error().message);
  }

  // The gateway's own precedence (config first, then env), so the CLI sends what it checks.
  if (auto token = resolve_config_secret("gateway.auth.token", gateway.auth.token, loaded); !token) {
    local.warnings.push_back(token.error().message);
  } else {
    local.token = token->value ? token->value : env.get_non_empty("OPENCLAW_GATEWAY_TOKEN");
  }
  if (auto password = resolve_config_secret("gateway.auth.password", gateway.auth.password, loaded); !password) {
    local.warnings.push_back(password.error().message);
  } else {
    local.password = password->value ? password->value : env.get_non_empty("OPENCLAW_GATEWAY_PASSWORD");
  }
  if (auto mode = config::resolve_auth_mode(std::nullopt, gateway.auth.mode, local.token.has_value(),
                                            local.password.has_value());
      mode) {
    local.auth_mode = std::string(config::to_string(*mode));
  } else {
    local.warnings.push_back(mode.error().message);
  }

  local.tls = gateway.tls.enabled;
  if (local.tls) {
    const auto cert = certificate_path(gateway.tls, local.layout);
    if (auto fingerprint = pinned_fingerprint(cert); fingerprint) {
      local.tls_fingerprint = *fingerprint;
    } else {
      local.warnings.push_back("gateway.tls: cannot pin the gateway certificate: " + fingerprint.error().message);
    }
  }
  local.probe_url = std::string(local.tls ? "wss://" : "ws://") + dial_host(local.bind_hosts) + ":" +
                    std::to_string(local.port);
  return local;
}

client::ClientResult<std::unique_ptr<client::GatewayClient>> connect_to_gateway(const NetworkOptions& options,
                                                                               const LocalGateway& local,
                                                                               const ConnectRequest& request) {
  client::ConnectOptions connect;
  connect.client_mode = request.client_mode;
  connect.scopes = request.scopes;
  connect.timeout = options.timeout;
  connect.identity_home = local.layout;

  // Which secret the local gateway checks: only that one lets the CLI skip its device
  // identity (upstream: auth mode none makes a device-less CLI unwelcome).
  auto device_less_allowed = [&](const client::ConnectOptions& with) {
    return (local.auth_mode == "token" && with.token) || (local.auth_mode == "password" && with.password);
  };

  if (options.url) {
    auto url = client::parse_gateway_url(*options.url);
    if (!url) {
      client::ClientError error;
      error.kind = client::ClientError::Kind::Unreachable;
      error.message = url.error().message;
      return std::unexpected(error);
    }
    connect.target.url = *options.url;
    connect.target.loopback = client::is_loopback_host(url->host);
    connect.token = options.token;
    connect.password = options.password;
    if (!options.url_from_flag) {
      if (!connect.token && local.auth_mode != "password") connect.token = local.token;
      if (!connect.password && local.auth_mode == "password") connect.password = local.password;
    }
    // The local gateway's own certificate, when the URL names it.
    if (url->secure && connect.target.loopback && url->port == local.port && local.tls_fingerprint) {
      connect.tls_fingerprint = local.tls_fingerprint;
    }
    connect.device_less_with_shared_secret = device_less_allowed(connect);
    return client::GatewayClient::connect(connect);
  }

  std::error_code ec;
  if (request.allow_admin_socket && std::filesystem::exists(local.admin_socket(), ec)) {
    client::ConnectOptions admin = connect;
    admin.target.kind = client::GatewayTarget::Kind::AdminSocket;
    admin.target.socket_path = local.admin_socket();
    admin.target.url = local.probe_url;
    admin.target.loopback = true;
    auto connected = client::GatewayClient::connect(admin);
    // A socket file left by a gateway that is gone, or one this user may not open: the
    // port still works with credentials.
    if (connected || connected.error().kind != client::ClientError::Kind::Unreachable) return connected;
  }

  connect.target.url = local.probe_url;
  connect.target.loopback = true;
  if (auto url = client::parse_gateway_url(local.probe_url)) connect.target.loopback = client::is_loopback_host(url->host);
  connect.token = options.token;
  connect.password = options.password;
  if (!connect.token && local.auth_mode != "password") connect.token = local.token;
  if (!connect.password && local.auth_mode == "password") connect.password = local.password;
  if (local.tls) connect.tls_fingerprint = local.tls_fingerprint;
  connect.device_less_with_shared_secret = device_less_allowed(connect);
  return client::GatewayClient::connect(connect);
}

}  // namespace openclaw::cli
