// Doctor's "Session locks" section (upstream doctor-session-locks): lock files left in
// agents/<id>/sessions/ by a writer that crashed block their session until removed. A lock
// is stale when its process is dead or it is older than 30 minutes.
//
// --fix removes a stale lock only when the process it names is dead: such a lock can never
// be released, and it is bookkeeping, not user data. A lock whose process still lives (even
// a hung one, which may still write) or that names no process is reported, never removed.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kLocksSection = "Session locks";

struct LockInspection {
  std::filesystem::path path;
  std::optional<pid_t> pid;  // from the lock's {pid, createdAt} payload
  bool pid_alive = false;
  std::optional<std::int64_t> age_ms;      // from createdAt, else the file's mtime
  std::vector<std::string> stale_reasons;  // "dead-pid", "too-old", "missing-pid"
  bool stale() const { return !stale_reasons.empty(); }
};

// True when a process with this id exists (it may belong to another user).
bool process_alive(pid_t pid);

// Reads one lock file. `alive` answers whether a pid runs (process_alive in production).
LockInspection inspect_lock(const std::filesystem::path& path, std::int64_t now_ms,
                            std::chrono::milliseconds stale_after,
                            const std::function<bool(pid_t)>& alive);

// "2h5m", "3m7s", "42s": a lock's age as upstream prints it.
std::string format_age(std::int64_t age_ms);

void check_session_locks(const DoctorInputs& inputs, const DoctorOptions& options,
                         Findings& findings);

}  // namespace openclaw::cli::doctor
