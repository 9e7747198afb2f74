// Doctor's "Config" and "Gateway" sections: the config file is there, parses and validates
// (every schema error and every unknown-key warning its own finding, naming the key), the
// port setting is usable, and gateway.mode lets the gateway start (spec §5.1, §5.2).
#pragma once

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"
#include "cli/doctor/runtime_checks.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kConfigSection = "Config";
inline constexpr const char* kGatewaySection = "Gateway";

void check_config(const DoctorInputs& inputs, Findings& findings);

// A config file that is missing or does not load while the gateway answers `health`: the
// gateway runs on the last good config it loaded (reloads of the broken file are rejected)
// and would not start again. An error in the Config section saying so, with how to restore
// the file (openclaw.json.bak when there is one). Nothing when the config loads or no
// gateway answers.
void check_running_config(const DoctorInputs& inputs, const HealthProbe& probe, Findings& findings);

// gateway.mode: unset is a warning (start is blocked until it is set), "remote" an error.
void check_gateway_mode(const DoctorInputs& inputs, Findings& findings);

}  // namespace openclaw::cli::doctor
