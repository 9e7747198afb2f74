// The read-only operator commands that look at a running gateway (issue 4, spec §9):
// `gateway status`, `gateway probe`, `status` and `logs`. Each takes the arguments after its
// name and returns the exit code: 0 success, 1 failure (unreachable, RPC refused, check
// failed), 2 usage error (the message names the bad argument).
#pragma once

#include <string>
#include <vector>

namespace openclaw::cli::status {

// gateway status [--json] [--no-probe] [--deep] [--require-rpc] + network options.
// Exits 0 even for a stopped gateway (it is a report); 1 with --require-rpc when the read
// probe fails.
int gateway_status_command(const std::vector<std::string>& args);

// gateway probe [--json] [--url URL] + network options. Exits 1 only when no target is
// reachable.
int gateway_probe_command(const std::vector<std::string>& args);

// status [--json] [--deep] + network options: reachability, the `status` RPC summary and
// pending pairing requests. Exits 1 when the gateway is unreachable.
int status_command(const std::vector<std::string>& args);

// logs [--follow] [--json] [--limit N] [--interval ms] [--max-bytes N] + network options.
// --follow polls until interrupted (Ctrl-C exits 0).
int logs_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli::status
