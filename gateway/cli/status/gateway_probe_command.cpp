// `openclaw gateway probe`: probes every target of probe_report.h over WebSocket (never the
// admin socket: this command is about what network clients can reach) and reports.
#include <chrono>
#include <iostream>

#include "cli/gateway_connection.h"
#include "cli/status/command_flags.h"
#include "cli/status/probe_report.h"
#include "cli/status/status_commands.h"
#include "client/gateway_url.h"
#include "core/config/secret_ref.h"
#include "core/util/clock.h"

namespace openclaw::cli::status {
namespace {

constexpr std::string_view kCommand = "gateway probe";

struct TargetCredentials {
  std::optional<std::string> token;
  std::optional<std::string> password;
  std::optional<std::string> tls_fingerprint;
};

// A configured remote secret, resolved as the gateway resolves its own (env, file refs).
// An unresolvable one is left out: the probe then reports the gateway's refusal.
std::optional<std::string> resolve_remote_secret(const LocalGateway& local,
                                                 const std::optional<config::SecretInput>& input) {
  if (!input || !local.loaded) return std::nullopt;
  const auto& loaded = *local.loaded;
  auto secret = config::resolve_secret(*input, loaded.config.secrets, loaded.environment,
                                       loaded.path.parent_path());
  if (!secret) return std::nullopt;
  return *secret;
}

TargetCredentials credentials_for(const ProbeTarget& target, const NetworkOptions& options, const LocalGateway& local) {
  TargetCredentials credentials;
  if (options.token || options.password || target.kind == "explicit") {
    credentials.token = options.token;
    credentials.password = options.password;
  } else if (target.kind == "configRemote" && local.loaded) {
    const auto& remote = local.loaded->config.gateway.remote;
    credentials.token = resolve_remote_secret(local, remote.token);
    credentials.password = resolve_remote_secret(local, remote.password);
  } else {
    credentials.token = local.token;
    credentials.password = local.password;
  }
  if (target.kind == "configRemote" && local.loaded) {
    credentials.tls_fingerprint = local.loaded->config.gateway.remote.tls_fingerprint;
  }
  return credentials;
}

ProbeResult probe_target(const ProbeTarget& target, const NetworkOptions& options, const LocalGateway& local) {
  client::ConnectOptions connect;
  connect.target.kind = client::GatewayTarget::Kind::WebSocket;
  connect.target.url = target.url;
  if (auto url = client::parse_gateway_url(target.url)) connect.target.loopback = client::is_loopback_host(url->host);
  const TargetCredentials credentials = credentials_for(target, options, local);
  connect.token = credentials.token;
  connect.password = credentials.password;
  connect.tls_fingerprint = credentials.tls_fingerprint;
  connect.client_mode = "probe";
  connect.timeout = options.timeout;
  // A probe must not create state: it uses the CLI's device identity only when one exists.
  std::error_code ec;
  if (std::filesystem::exists(local.layout.device_identity(), ec)) connect.identity_home = local.layout;
  return run_probe(client::GatewayClient::connect(connect), ProbeDetail::Full, options.timeout);
}

}  // namespace

int gateway_probe_command(const std::vector<std::string>& args) {
  const Environment env = Environment::from_process();
  std::vector<std::string> rest = args;
  auto options = take_network_options(rest, env);
  if (!options) return usage_error(kCommand, options.error().message, std::cerr);
  if (auto extra = CommandFlags(std::move(rest)).finish(0); !extra) {
    return usage_error(kCommand, extra.error().message, std::cerr);
  }
  auto local = locate_local_gateway(env);
  if (!local) {
    std::cerr << "openclaw " << kCommand << ": " << local.error().message << "\n";
    return 1;
  }

  std::optional<std::string> remote_url;
  bool remote_mode = false;
  if (local->loaded) {
    remote_url = local->loaded->config.gateway.remote.url;
    remote_mode = local->loaded->config.gateway.mode == config::GatewayMode::Remote;
  }
  ProbeReport report;
  report.ts_ms = wall_clock_ms();
  report.timeout_ms = options->timeout.count();
  const auto started = std::chrono::steady_clock::now();
  for (auto& target : probe_targets(options->url, remote_url, remote_mode, local->probe_url)) {
    ProbeResult result = probe_target(target, *options, *local);
    report.probed.push_back({std::move(target), std::move(result)});
  }
  report.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

  if (options->json) {
    std::cout << probe_report_json(report).dump(2) << "\n";
  } else {
    print_probe_report(report, std::cout);
  }
  return any_reachable(report) ? 0 : 1;
}

}  // namespace openclaw::cli::status
