// How a doctor run is shown: text grouped by section like upstream's notes (✓ ok, · info,
// ! warning, ✗ error, each problem followed by its one-line remedy), then "Doctor changes"
// with what --fix did; or, with --json, one document {ok, stateDir, configPath, findings[],
// fixed[]}.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"

namespace openclaw::cli::doctor {

void print_report(const DoctorInputs& inputs, const Findings& findings, bool fix_mode,
                  std::ostream& out);

// ok is false while an error-severity finding is unfixed (the exit code is then 1); fixed[]
// lists {id, action} for each repair made.
nlohmann::json report_json(const DoctorInputs& inputs, const Findings& findings);

}  // namespace openclaw::cli::doctor
