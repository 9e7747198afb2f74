// Doctor's "State integrity" section (spec §4, upstream doctor-state-integrity): the state
// directory exists, is writable and 0700; every directory of a ready state directory is
// there (operator-pain C1: "CRITICAL: Session store dir missing"), private directories are
// 0700 and files holding config, identity, devices, credentials and sessions are 0600; each
// agent's session store is readable JSON.
//
// --fix creates missing directories (0700, owned by the state directory's owner) and
// tightens modes. It never deletes, moves or rewrites a file, and it does not create a
// missing state directory: that usually means the wrong OPENCLAW_STATE_DIR, which an empty
// new directory would hide.
#pragma once

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kStateSection = "State integrity";

void check_state_integrity(const DoctorInputs& inputs, const DoctorOptions& options,
                           Findings& findings);

}  // namespace openclaw::cli::doctor
