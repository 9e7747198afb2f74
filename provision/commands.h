// The provisioner's commands. Each returns the process exit code and writes its report to
// `out` (text, or JSON with --json) and its errors to `err`.
#pragma once

#include <ostream>

#include "core/util/environment.h"
#include "provision/command_line.h"

namespace openclaw::provision {

// apply, plan, token rotate and device add: compute the desired state, then (except for
// plan) make it so. Exit: 0 done / nothing to do, 2 plan has changes, 1 error.
int run_change_command(const CommandLine& line, const Environment& environment, std::ostream& out,
                       std::ostream& err);

// show: what the state directory holds now. Exit 0, or 1 when it cannot be read.
int run_show(const CommandLine& line, const Environment& environment, std::ostream& out,
             std::ostream& err);

}  // namespace openclaw::provision
