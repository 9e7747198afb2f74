// `openclaw gateway call <method> [--params JSON] [--expect-final]` (spec §9): one RPC against
// the gateway, its payload printed as JSON; the way to reach any method no command wraps.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/util/environment.h"

namespace openclaw::cli {

// Returns 0 and prints the response payload (pretty JSON) on ok:true; 1 when the gateway
// cannot be reached or answers ok:false (the error printed as report_client_error does);
// 2 for a bad argument (named on `err`).
int run_gateway_call(std::vector<std::string> args, const Environment& env, std::ostream& out, std::ostream& err);

// The command table's entry: run_gateway_call on the process environment and std streams.
int gateway_call_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli
