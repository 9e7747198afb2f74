// Doctor's "Device pairing" section (spec §3.8): the device stores load as the gateway loads
// them (a broken devices/paired.json or pending.json stops it from starting), and every live
// pending pairing request is listed with the command that approves it (operator-pain B1).
#pragma once

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kPairingSection = "Device pairing";

void check_pairing(const DoctorInputs& inputs, const DoctorOptions& options, Findings& findings);

}  // namespace openclaw::cli::doctor
