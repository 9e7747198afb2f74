// `openclaw gateway run`: resolve paths, config, port, bind and auth with upstream's
// precedence and startup refusals (spec §3.1–§3.3), then serve until SIGINT/SIGTERM.
#pragma once

#include <string>
#include <vector>

namespace openclaw::cli {

// Returns the process exit code: 0 after a clean stop, 1 when startup is refused or fails
// (the reason is logged), 2 for a bad option.
int gateway_run_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli
