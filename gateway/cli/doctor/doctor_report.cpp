#include "cli/doctor/doctor_report.h"

#include <algorithm>
#include <vector>

namespace openclaw::cli::doctor {
namespace {

const char* marker(Severity severity) {
  switch (severity) {
    case Severity::Ok:
      return "✓";
    case Severity::Info:
      return "·";
    case Severity::Warn:
      return "!";
    case Severity::Error:
      return "✗";
  }
  return "?";
}

std::string plural(std::size_t count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

}  // namespace

void print_report(const DoctorInputs& inputs, const Findings& findings, bool fix_mode,
                  std::ostream& out) {
  out << "OpenClaw doctor\n"
      << "State dir: " << inputs.layout.root().string() << "\n"
      << "Config:    " << inputs.config_path.string() << "\n";
  std::vector<std::string> sections;
  for (const auto& finding : findings.all()) {
    if (std::find(sections.begin(), sections.end(), finding.section) == sections.end()) {
      sections.push_back(finding.section);
    }
  }
  std::size_t fixable = 0;
  for (const auto& section : sections) {
    out << "\n" << section << "\n";
    for (const auto& finding : findings.all()) {
      if (finding.section != section) continue;
      out << "  " << marker(finding.severity) << " " << finding.message << "\n";
      if (finding.fixed) {
        out << "      fixed: " << finding.fix_note << "\n";
        continue;
      }
      if (!finding.fix_note.empty()) out << "      " << finding.fix_note << "\n";
      if (!finding.remedy.empty()) out << "      fix: " << finding.remedy << "\n";
      if (finding.fixable) ++fixable;
    }
  }
  std::vector<const Finding*> fixed;
  for (const auto& finding : findings.all()) {
    if (finding.fixed) fixed.push_back(&finding);
  }
  if (!fixed.empty()) {
    out << "\nDoctor changes\n";
    for (const auto* finding : fixed) out << "  - " << finding->fix_note << "\n";
  }

  const std::size_t errors = findings.count(Severity::Error);
  const std::size_t warnings = findings.count(Severity::Warn);
  out << "\n";
  if (errors == 0 && warnings == 0) {
    out << (fixed.empty() ? "No problems found.\n" : "No problems left.\n");
    return;
  }
  out << plural(errors, "error") << ", " << plural(warnings, "warning");
  if (fixable > 0 && !fix_mode) {
    out << "; " << fixable << " can be repaired safely: run \"openclaw doctor --fix\"";
  }
  out << ".\n";
}

nlohmann::json report_json(const DoctorInputs& inputs, const Findings& findings) {
  nlohmann::json list = nlohmann::json::array();
  nlohmann::json fixed = nlohmann::json::array();
  for (const auto& finding : findings.all()) {
    list.push_back(to_json(finding));
    if (finding.fixed) fixed.push_back({{"id", finding.id}, {"action", finding.fix_note}});
  }
  return {{"ok", !findings.has_unfixed_error()},
          {"stateDir", inputs.layout.root().string()},
          {"configPath", inputs.config_path.string()},
          {"findings", list},
          {"fixed", fixed}};
}

}  // namespace openclaw::cli::doctor
