// What `openclaw doctor` reports: one Finding per check result, grouped into sections named
// like upstream's doctor notes ("Config", "Gateway auth", "State integrity", ...).
//
// Severity policy, so the exit code means something to a script:
//   error - the gateway will not start or serve as configured, or it is exposed (invalid
//           config, bind without auth, a missing required directory, a foreign process on
//           the port); `doctor` exits 1 while one remains unfixed.
//   warn  - it runs, but something is risky or will bite later (loose modes, wide proxy
//           ranges, a stopped gateway, a pending pairing request).
//   info  - worth knowing; nothing to do.
//   ok    - the check passed.
#pragma once

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace openclaw::cli::doctor {

enum class Severity { Ok, Info, Warn, Error };

// "ok", "info", "warn", "error".
std::string_view to_string(Severity severity);

struct Finding {
  std::string id;       // stable, for scripts: "state.dir.mode", "config.invalid"
  std::string section;  // the header it is printed under
  Severity severity = Severity::Ok;
  std::string message;   // what is wrong (or right); never a secret
  std::string remedy;    // one line, a command when there is one; "" when nothing to do
  bool fixable = false;  // `doctor --fix` can repair it
  bool fixed = false;    // `doctor --fix` repaired it in this run
  std::string fix_note;  // what --fix did ("Tightened permissions on X to 700"), or why it failed
};

// The findings of one run, in the order the checks ran. A reference returned by add() stays
// valid while more findings are added (a check completes its finding after repairing).
class Findings {
 public:
  Finding& add(Finding finding);
  // Shorthands that fill id, section, severity and message; the returned finding can be
  // completed (remedy, fixable, ...).
  Finding& ok(std::string id, std::string section, std::string message);
  Finding& info(std::string id, std::string section, std::string message);
  Finding& warn(std::string id, std::string section, std::string message, std::string remedy);
  Finding& error(std::string id, std::string section, std::string message, std::string remedy);

  const std::deque<Finding>& all() const { return findings_; }
  // The first finding with `id`, or nullptr.
  const Finding* find(std::string_view id) const;

  // True while an error-severity finding is not fixed: `doctor` then exits 1.
  bool has_unfixed_error() const;
  std::size_t count(Severity severity, bool include_fixed = false) const;

 private:
  std::deque<Finding> findings_;
};

// {id, section, severity, message, remedy?, fixable, fixed, fixNote?}
nlohmann::json to_json(const Finding& finding);

}  // namespace openclaw::cli::doctor
