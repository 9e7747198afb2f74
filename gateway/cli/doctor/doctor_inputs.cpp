#include "cli/doctor/doctor_inputs.h"

#include "core/config/precedence.h"
#include "server/gateway_summary.h"

namespace openclaw::cli::doctor {

DoctorInputs gather_inputs(const state::StateLayout& layout,
                           const std::filesystem::path& config_path,
                           const Environment& environment) {
  DoctorInputs inputs;
  inputs.layout = layout;
  inputs.config_path = config_path;
  inputs.environment = environment;
  auto loaded = config::load_config(config_path, environment);
  if (loaded) {
    inputs.config = std::move(*loaded);
  } else {
    inputs.config_error = std::move(loaded.error());
  }
  const config::Config defaults;
  const config::Config& config = inputs.config ? inputs.config->config : defaults;
  for (const auto& agent : server::configured_agents(config)) inputs.agent_ids.push_back(agent.id);

  const Environment& effective = inputs.config ? inputs.config->environment : environment;
  auto port = config::resolve_port(std::nullopt, effective, config.gateway.port, false);
  if (port) {
    inputs.port = port->port;
    inputs.port_source = std::string(config::to_string(port->source));
  } else {
    // The gateway would refuse to start; the config check says so, and the port checks look
    // at the default port meanwhile.
    inputs.port_error = port.error().message;
    inputs.port = config::kDefaultGatewayPort;
    inputs.port_source = "default";
  }
  return inputs;
}

}  // namespace openclaw::cli::doctor
