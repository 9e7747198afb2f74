// `openclaw doctor [--fix|--repair] [--yes] [--non-interactive] [--json]
// [--generate-gateway-token]`: the state-integrity and gateway checks of spec §4.1 that apply
// to this gateway, each finding with a severity and a one-line remedy.
//
// Doctor never prompts. Without --fix it only reads (the health probe aside, which connects
// like `openclaw health`). --fix (alias --repair; --yes accepts the same safe repairs, as
// upstream's --yes accepts each prompt's default) tightens modes, creates missing
// directories, generates a missing gateway token and removes session locks of dead processes;
// it never deletes or overwrites user data. --non-interactive is accepted for upstream
// compatibility (doctor never asks anyway). --generate-gateway-token generates and references
// a token even where the gateway would start without one (auth "none" on loopback).
// Exit codes: 1 while an error-severity finding remains, else 0; 2 for a bad option.
#pragma once

#include <string>
#include <vector>

namespace openclaw::cli::doctor {

int doctor_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli::doctor
