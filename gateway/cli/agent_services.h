// The agent pipeline of a running gateway: the outbound HTTPS client, credentials, cooldowns
// and the model router, the session store and the agent runtime, built from the startup
// settings and handed to the server's context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "agents/agent_runtime.h"
#include "agents/session_store.h"
#include "core/util/environment.h"
#include "core/util/result.h"
#include "providers/model_router.h"
#include "server/gateway_context.h"

namespace openclaw::cli {

struct AgentServices {
  std::shared_ptr<providers::ModelRouter> router;
  std::shared_ptr<agents::SessionStore> sessions;
  std::shared_ptr<agents::AgentRuntime> runtime;
};

// Builds the pipeline and wires it into `context` (set_agents, set_model_router). Fails when
// the CA bundle or the proxy settings cannot be used, naming the file or variable.
Result<AgentServices> start_agent_services(boost::asio::io_context& io, server::GatewayContext& context,
                                           const Environment& environment);

}  // namespace openclaw::cli
