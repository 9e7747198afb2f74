#include "cli/agent_services.h"

namespace openclaw::cli {

Result<AgentServices> start_agent_services(boost::asio::io_context& io, server::GatewayContext& context,
                                           const Environment& environment) {
  const auto settings = context.settings();
  auto client_options = providers::https_client_options_from(environment);
  if (!client_options) return fail(client_options.error().message);
  auto client = providers::HttpsClient::create(io, std::move(*client_options));
  if (!client) return fail(client.error().message);

  const std::filesystem::path config_dir = settings->config_path.parent_path();
  auto credentials = std::make_shared<providers::CredentialResolver>(settings->layout, environment, config_dir);
  auto router = std::make_shared<providers::ModelRouter>(
      providers::make_http_provider_caller(*client, providers::HttpTimeouts{}), credentials,
      std::make_shared<providers::CooldownTracker>(), context.metrics(), context.logger(), environment, config_dir);

  AgentServices services;
  services.router = router;
  services.sessions = std::make_shared<agents::SessionStore>(settings->layout);
  // Each run reads the config current when it starts (hot reload swaps the whole snapshot).
  auto current_config = [&context]() -> std::shared_ptr<const config::Config> {
    auto snapshot = context.settings();
    return {snapshot, &snapshot->config};
  };
  services.runtime = std::make_shared<agents::AgentRuntime>(current_config, settings->layout, services.sessions,
                                                            router, io, context.logger());
  context.set_agents(services.sessions, services.runtime);
  context.set_model_router(router);
  return services;
}

}  // namespace openclaw::cli
