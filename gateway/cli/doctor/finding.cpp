#include "cli/doctor/finding.h"

#include <algorithm>

namespace openclaw::cli::doctor {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Ok:
      return "ok";
    case Severity::Info:
      return "info";
    case Severity::Warn:
      return "warn";
    case Severity::Error:
      return "error";
  }
  return "error";
}

Finding& Findings::add(Finding finding) {
  findings_.push_back(std::move(finding));
  return findings_.back();
}

Finding& Findings::ok(std::string id, std::string section, std::string message) {
  return add(
      {std::move(id), std::move(section), Severity::Ok, std::move(message), "", false, false, ""});
}

Finding& Findings::info(std::string id, std::string section, std::string message) {
  return add({std::move(id), std::move(section), Severity::Info, std::move(message), "", false,
              false, ""});
}

Finding& Findings::warn(std::string id, std::string section, std::string message,
                        std::string remedy) {
  return add({std::move(id), std::move(section), Severity::Warn, std::move(message),
              std::move(remedy), false, false, ""});
}

Finding& Findings::error(std::string id, std::string section, std::string message,
                         std::string remedy) {
  return add({std::move(id), std::move(section), Severity::Error, std::move(message),
              std::move(remedy), false, false, ""});
}

const Finding* Findings::find(std::string_view id) const {
  auto it = std::find_if(findings_.begin(), findings_.end(),
                         [&](const Finding& f) { return f.id == id; });
  return it == findings_.end() ? nullptr : &*it;
}

bool Findings::has_unfixed_error() const {
  return std::any_of(findings_.begin(), findings_.end(),
                     [](const Finding& f) { return f.severity == Severity::Error && !f.fixed; });
}

std::size_t Findings::count(Severity severity, bool include_fixed) const {
  return static_cast<std::size_t>(std::count_if(
      findings_.begin(), findings_.end(),
      [&](const Finding& f) { return f.severity == severity && (include_fixed || !f.fixed); }));
}

nlohmann::json to_json(const Finding& finding) {
  nlohmann::json out = {{"id", finding.id},
                        {"section", finding.section},
                        {"severity", to_string(finding.severity)},
                        {"message", finding.message},
                        {"fixable", finding.fixable},
                        {"fixed", finding.fixed}};
  if (!finding.remedy.empty()) out["remedy"] = finding.remedy;
  if (!finding.fix_note.empty()) out["fixNote"] = finding.fix_note;
  return out;
}

}  // namespace openclaw::cli::doctor
