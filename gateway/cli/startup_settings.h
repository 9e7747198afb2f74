// Turns `gateway run`'s flags, the environment and openclaw.json into the RuntimeSettings
// the server runs on, applying upstream's precedence (spec §3.2-§3.3, §9) and its startup
// refusals with their exact messages. Nothing listens yet when this fails.
#pragma once

#include <string>

#include "cli/gateway_options.h"
#include "core/log/logger.h"
#include "core/util/environment.h"
#include "core/util/result.h"
#include "server/runtime_settings.h"

namespace openclaw::cli {

struct StartupPlan {
  server::RuntimeSettings settings;
  std::string token_source;     // "--token", "gateway.auth.token (file:...)", "OPENCLAW_GATEWAY_TOKEN", ...
  std::string password_source;
  std::string port_source;
  std::vector<std::string> warnings;
};

// Startup writes seeded controlUi.allowedOrigins back to openclaw.json (as upstream does); a
// reload only keeps them in memory, so re-planning never rewrites the file it is watching.
enum class PlanPurpose { Startup, Reload };

// Fails with upstream's refusal messages (gateway.mode unset, non-loopback without auth, ...)
// or the config loader's message naming the file and the problem.
Result<StartupPlan> plan_startup(const GatewayRunOptions& options, const Environment& environment,
                                 PlanPurpose purpose = PlanPurpose::Startup);

}  // namespace openclaw::cli
