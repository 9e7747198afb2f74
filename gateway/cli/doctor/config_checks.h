// Doctor's "Config" and "Gateway" sections: the config file is there, parses and validates
// (every schema error and every unknown-key warning its own finding, naming the key), the
// port setting is usable, and gateway.mode lets the gateway start (spec §5.1, §5.2).
#pragma once

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kConfigSection = "Config";
inline constexpr const char* kGatewaySection = "Gateway";

void check_config(const DoctorInputs& inputs, Findings& findings);

// gateway.mode: unset is a warning (start is blocked until it is set), "remote" an error.
void check_gateway_mode(const DoctorInputs& inputs, Findings& findings);

}  // namespace openclaw::cli::doctor
