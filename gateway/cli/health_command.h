// `openclaw health [--json] [--verbose]` and `openclaw gateway health` (spec §9): the running
// gateway's HealthSummary over the `health` RPC, as upstream prints it (agents, heartbeat,
// session stores) after one line saying the gateway answered and how fast.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/util/environment.h"

namespace openclaw::cli {

// The text form of a HealthSummary: "Gateway: ok (12ms)", then "Agents: main (default)",
// "Heartbeat interval: 30m (main)", "Session store (main): <path> (N entries)" and one
// "- <key> (Nm ago)" line per recent session. `verbose` lists every agent, not only the
// default one.
std::string format_health(const nlohmann::json& summary, std::chrono::milliseconds elapsed, bool verbose);

// Returns 0 when the gateway answered healthy, 1 when it cannot be reached, refuses, or
// reports ok:false, 2 for a bad argument. --json prints the HealthSummary itself
// (or {"ok":false,"error":...}); --verbose asks the gateway for a fresh probe.
int run_health(std::vector<std::string> args, const Environment& env, std::ostream& out, std::ostream& err);

// The command table's entries (`health` and `gateway health`).
int health_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli
