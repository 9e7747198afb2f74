// `openclaw gateway status`: gathers the report (gateway_status_report.h) and prints it.
#include <iostream>

#include "cli/gateway_connection.h"
#include "cli/service/systemd_host.h"
#include "cli/status/command_flags.h"
#include "cli/status/gateway_status_report.h"
#include "cli/status/local_target.h"
#include "cli/status/log_lines.h"
#include "cli/status/status_commands.h"

namespace openclaw::cli::status {
namespace {

constexpr std::string_view kCommand = "gateway status";

struct StatusFlags {
  bool no_probe = false;
  bool deep = false;
  bool require_rpc = false;
};

Result<StatusFlags> parse_flags(std::vector<std::string> args) {
  CommandFlags flags(std::move(args));
  StatusFlags parsed;
  for (auto [name, target] : {std::pair{"no-probe", &parsed.no_probe}, std::pair{"deep", &parsed.deep},
                              std::pair{"require-rpc", &parsed.require_rpc}}) {
    auto present = flags.flag(name);
    if (!present) return std::unexpected(present.error());
    *target = *present;
  }
  if (auto rest = flags.finish(0); !rest) return std::unexpected(rest.error());
  if (parsed.no_probe && parsed.require_rpc) return fail("--require-rpc cannot be combined with --no-probe");
  return parsed;
}

// The unit `gateway install` manages (found as the service commands find it) and, with
// --deep, every other gateway-like unit.
void find_units(const StatusFlags& flags, const Environment& env, GatewayStatusReport& report) {
  const auto installed = service::find_installed_unit(env);
  const auto units = find_gateway_units(default_unit_directories(env));
  for (const auto& unit : units) {
    if (installed && unit.path == installed->path) {
      report.service_unit = unit;
    } else if (flags.deep) {
      report.extra_units.push_back(unit);
    }
  }
  report.deep = flags.deep;
}

}  // namespace

int gateway_status_command(const std::vector<std::string>& args) {
  const Environment env = Environment::from_process();
  std::vector<std::string> rest = args;
  auto options = take_network_options(rest, env);
  if (!options) return usage_error(kCommand, options.error().message, std::cerr);
  auto flags = parse_flags(std::move(rest));
  if (!flags) return usage_error(kCommand, flags.error().message, std::cerr);
  auto local = locate_local_gateway(env);
  if (!local) {
    std::cerr << "openclaw " << kCommand << ": " << local.error().message << "\n";
    return 1;
  }

  GatewayStatusReport report;
  report.config_path = local->config_path;
  report.config_exists = local->config_exists;
  report.config_error = local->config_error;
  report.state_dir = local->layout.root();
  report.log_file = gateway_log_file(*local);
  report.bind_mode = local->bind_mode;
  report.bind_hosts = local->bind_hosts;
  report.port = local->port;
  report.port_source = local->port_source;
  report.probe_url = options->url.value_or(local->probe_url);
  report.port_usage = inspect_port(local->port);
  find_units(*flags, env, report);
  report.last_error = last_error_line(report.log_file);

  if (!flags->no_probe) {
    report.read_probe = flags->require_rpc;
    ConnectRequest request;
    request.client_mode = "probe";
    auto connection = connect_to_gateway(*options, *local, request);
    report.probe_target = connection ? (*connection)->target().display() : expected_target(*options, *local);
    report.probe = run_probe(std::move(connection), flags->require_rpc ? ProbeDetail::Read : ProbeDetail::ConnectOnly,
                             options->timeout);
  }

  if (options->json) {
    std::cout << gateway_status_json(report).dump(2) << "\n";
  } else {
    print_gateway_status(report, std::cout, std::cerr);
  }
  return flags->require_rpc && !probe_ok(report) ? 1 : 0;
}

}  // namespace openclaw::cli::status
