#include "cli/doctor/doctor_command.h"

#include <chrono>
#include <iostream>

#include "cli/doctor/config_checks.h"
#include "cli/doctor/doctor_report.h"
#include "cli/doctor/gateway_auth_checks.h"
#include "cli/doctor/lock_checks.h"
#include "cli/doctor/pairing_checks.h"
#include "cli/doctor/runtime_checks.h"
#include "cli/doctor/state_checks.h"
#include "cli/gateway_connection.h"
#include "cli/service/systemd_host.h"
#include "core/util/clock.h"

namespace openclaw::cli::doctor {
namespace {

HealthProbe probe_health(const NetworkOptions& network, const LocalGateway& local) {
  HealthProbe probe;
  probe.target = network.url.value_or(local.probe_url);
  ConnectRequest request;
  request.client_mode = "probe";
  request.scopes = {"operator.read"};
  auto client = connect_to_gateway(network, local, request);
  if (!client) {
    const auto& error = client.error();
    probe.detail = error.message;
    if (!error.detail_code().empty()) probe.detail += " (" + error.detail_code() + ")";
    switch (error.kind) {
      case client::ClientError::Kind::Unreachable:
        probe.outcome = HealthProbe::Outcome::NotRunning;
        break;
      case client::ClientError::Kind::Rejected:
        probe.outcome = HealthProbe::Outcome::Rejected;
        break;
      default:
        probe.outcome = HealthProbe::Outcome::Failed;
        break;
    }
    return probe;
  }
  auto health = (*client)->call("health", nullptr, network.timeout);
  (*client)->close();
  if (!health) {
    probe.outcome = HealthProbe::Outcome::Failed;
    probe.detail = "health: " + health.error().message;
  } else if (!health->is_object() || !health->value("ok", false)) {
    probe.outcome = HealthProbe::Outcome::Failed;
    probe.detail = "health answered without ok:true";
  } else {
    probe.outcome = HealthProbe::Outcome::Healthy;
  }
  return probe;
}

std::string start_command(const DoctorInputs& inputs) {
  if (service::systemd_running(inputs.environment) &&
      service::find_installed_unit(inputs.environment)) {
    return "openclaw gateway start";
  }
  return "openclaw gateway run --port " + std::to_string(inputs.port);
}

}  // namespace

int doctor_command(const std::vector<std::string>& args) {
  const Environment environment = Environment::from_process();
  std::vector<std::string> rest = args;
  auto network = take_network_options(rest, environment);
  if (!network) {
    std::cerr << "openclaw doctor: " << network.error().message << "\n";
    return 2;
  }
  DoctorOptions options;
  options.now_ms = wall_clock_ms();
  for (const auto& arg : rest) {
    if (arg == "--fix" || arg == "--repair" || arg == "--yes" || arg == "-y") {
      options.fix = true;
    } else if (arg == "--generate-gateway-token") {
      options.generate_gateway_token = true;
    } else if (arg == "--non-interactive") {
      // Doctor never prompts; accepted so upstream's scripted invocations keep working.
    } else {
      std::cerr << "openclaw doctor: unknown option " << arg << "\n"
                << "usage: openclaw doctor [--fix|--repair] [--yes] [--non-interactive] [--json] "
                   "[--generate-gateway-token]\n";
      return 2;
    }
  }

  auto local = locate_local_gateway(environment);
  if (!local) {
    if (network->json) {
      std::cout << nlohmann::json{{"ok", false}, {"error", local.error().message}}.dump(2) << "\n";
    }
    std::cerr << "openclaw doctor: " << local.error().message << "\n";
    return 1;
  }
  const DoctorInputs inputs = gather_inputs(local->layout, local->config_path, environment);

  Findings findings;
  check_config(inputs, findings);
  check_gateway_mode(inputs, findings);
  check_state_integrity(inputs, options, findings);
  check_gateway_auth(inputs, options, findings);
  check_network_exposure(inputs, findings);
  check_session_locks(inputs, options, findings);
  check_pairing(inputs, options, findings);
  evaluate_port(inputs, inspect_port(inputs.port), findings);
  const bool remote =
      inputs.config && inputs.config->config.gateway.mode == config::GatewayMode::Remote;
  if (!remote) {
    const HealthProbe probe = probe_health(*network, *local);
    evaluate_health(probe, start_command(inputs), findings);
    check_running_config(inputs, probe, findings);
  }

  if (network->json) {
    std::cout << report_json(inputs, findings).dump(2) << "\n";
  } else {
    print_report(inputs, findings, options.fix, std::cout);
  }
  return findings.has_unfixed_error() ? 1 : 0;
}

}  // namespace openclaw::cli::doctor
