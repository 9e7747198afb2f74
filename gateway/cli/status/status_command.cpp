// `openclaw status`: connects the way every command does (admin socket on this machine),
// asks `status`, `health` and `device.pair.list`, and prints the overview
// (status_overview.h). Pending pairing requests come from devices/pending.json when the
// gateway cannot be asked, so a stopped gateway still shows who waits for approval.
#include <chrono>
#include <iostream>

#include "cli/gateway_connection.h"
#include "cli/status/command_flags.h"
#include "cli/status/local_target.h"
#include "cli/status/status_commands.h"
#include "cli/status/status_overview.h"
#include "core/util/clock.h"

namespace openclaw::cli::status {
namespace {

constexpr std::string_view kCommand = "status";

}  // namespace

int status_command(const std::vector<std::string>& args) {
  const Environment env = Environment::from_process();
  std::vector<std::string> rest = args;
  auto options = take_network_options(rest, env);
  if (!options) return usage_error(kCommand, options.error().message, std::cerr);
  CommandFlags flags(std::move(rest));
  auto deep = flags.flag("deep");
  if (!deep) return usage_error(kCommand, deep.error().message, std::cerr);
  if (auto extra = flags.finish(0); !extra) return usage_error(kCommand, extra.error().message, std::cerr);
  auto local = locate_local_gateway(env);
  if (!local) {
    std::cerr << "openclaw " << kCommand << ": " << local.error().message << "\n";
    return 1;
  }

  StatusOverview overview;
  overview.config_path = local->config_path;
  overview.config_exists = local->config_exists;
  overview.config_error = local->config_error;
  overview.state_dir = local->layout.root();
  overview.deep = *deep;

  auto connection = connect_to_gateway(*options, *local, ConnectRequest{});
  overview.target = connection ? (*connection)->target().display() : expected_target(*options, *local);
  overview.gateway = probe_connection(connection);
  if (connection) {
    auto& gateway = **connection;
    const auto timeout = options->timeout;
    overview.gateway.status = call_read_rpc(gateway, "status", nlohmann::json::object(), timeout, overview.gateway);
    const nlohmann::json health_params = *deep ? nlohmann::json{{"probe", true}} : nlohmann::json::object();
    overview.gateway.health = call_read_rpc(gateway, "health", health_params, timeout, overview.gateway);
    if (auto list = gateway.call("device.pair.list", nlohmann::json::object(), timeout)) {
      overview.pairing = {"rpc", pending_requests_from_rpc(*list)};
    }
    gateway.close();
    record_verified_read(overview.gateway);
  }
  if (overview.pairing.source == "unavailable") {
    std::error_code ec;
    if (std::filesystem::exists(local->layout.pending_devices(), ec)) {
      overview.pairing = {"file", pending_requests_from_file(local->layout.pending_devices(), wall_clock_ms())};
    } else if (std::filesystem::exists(local->layout.devices_dir(), ec)) {
      overview.pairing = {"file", nlohmann::json::array()};
    }
  }

  if (options->json) {
    std::cout << status_overview_json(overview).dump(2) << "\n";
  } else {
    print_status_overview(overview, std::cout);
  }
  return overview.gateway.reachable() ? 0 : 1;
}

}  // namespace openclaw::cli::status
