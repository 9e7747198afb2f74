#include "cli/doctor/lock_checks.h"

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "cli/doctor/file_repairs.h"
#include "core/state/file_reader.h"

namespace openclaw::cli::doctor {
namespace {

namespace fs = std::filesystem;

// "2026-02-13T12:04:00.000Z" (Date.toISOString()) in milliseconds since the epoch.
std::optional<std::int64_t> parse_iso_time(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6) {
    return std::nullopt;
  }
  std::int64_t millis = 0;
  std::size_t at = static_cast<std::size_t>(consumed);
  if (at < text.size() && text[at] == '.') {
    int digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 3) millis = millis * 10 + (text[at] - '0');
    }
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (at >= text.size() || text[at] != 'Z') return std::nullopt;
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  const std::time_t seconds = ::timegm(&parts);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<std::int64_t>(seconds) * 1000 + millis;
}

std::optional<std::int64_t> file_mtime_ms(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1'000'000;
}

std::string describe(const LockInspection& lock) {
  std::string pid =
      lock.pid ? "pid=" + std::to_string(*lock.pid) + (lock.pid_alive ? " (alive)" : " (dead)")
               : "pid=missing";
  std::string text = lock.path.string() + " " + pid +
                     " age=" + (lock.age_ms ? format_age(*lock.age_ms) : "unknown");
  if (lock.stale()) {
    text += " stale=yes (";
    for (std::size_t i = 0; i < lock.stale_reasons.size(); ++i)
      text += (i ? ", " : "") + lock.stale_reasons[i];
    text += ")";
  }
  return text;
}

// agents/*/sessions directories that exist, sorted.
std::vector<fs::path> session_directories(const state::StateLayout& layout) {
  std::vector<fs::path> directories;
  std::error_code ec;
  for (const auto& agent : fs::directory_iterator(layout.root() / "agents", ec)) {
    std::error_code type_ec;
    if (agent.is_directory(type_ec) && fs::is_directory(agent.path() / "sessions", type_ec)) {
      directories.push_back(agent.path() / "sessions");
    }
  }
  std::sort(directories.begin(), directories.end());
  return directories;
}

}  // namespace

bool process_alive(pid_t pid) {
  if (pid <= 0) return false;
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

std::string format_age(std::int64_t age_ms) {
  const std::int64_t seconds = std::max<std::int64_t>(0, age_ms) / 1000;
  if (seconds < 60) return std::to_string(seconds) + "s";
  const std::int64_t minutes = seconds / 60;
  if (minutes < 60) return std::to_string(minutes) + "m" + std::to_string(seconds % 60) + "s";
  return std::to_string(minutes / 60) + "h" + std::to_string(minutes % 60) + "m";
}

LockInspection inspect_lock(const fs::path& path, std::int64_t now_ms,
                            std::chrono::milliseconds stale_after,
                            const std::function<bool(pid_t)>& alive) {
  LockInspection lock;
  lock.path = path;
  nlohmann::json payload;
  if (auto text = state::read_file_limited(path, 64 * 1024))
    payload = nlohmann::json::parse(*text, nullptr, false);
  if (payload.is_object()) {
    const auto pid = payload.find("pid");
    if (pid != payload.end() && pid->is_number_integer() && pid->get<std::int64_t>() > 0) {
      lock.pid = static_cast<pid_t>(pid->get<std::int64_t>());
    }
    const auto created = payload.find("createdAt");
    if (created != payload.end() && created->is_string()) {
      if (auto at = parse_iso_time(created->get<std::string>())) lock.age_ms = now_ms - *at;
    } else if (created != payload.end() && created->is_number()) {
      lock.age_ms = now_ms - created->get<std::int64_t>();
    }
  }
  if (!lock.age_ms) {
    if (auto mtime = file_mtime_ms(path)) lock.age_ms = now_ms - *mtime;
  }
  if (lock.pid) {
    lock.pid_alive = alive(*lock.pid);
    if (!lock.pid_alive) lock.stale_reasons.push_back("dead-pid");
  } else {
    lock.stale_reasons.push_back("missing-pid");
  }
  if (lock.age_ms && *lock.age_ms > stale_after.count()) lock.stale_reasons.push_back("too-old");
  // A lock without a pid is only stale once it is old: a writer may be filling it in.
  if (!lock.pid && lock.stale_reasons.size() == 1) lock.stale_reasons.clear();
  return lock;
}

void check_session_locks(const DoctorInputs& inputs, const DoctorOptions& options,
                         Findings& findings) {
  std::size_t count = 0;
  for (const auto& directory : session_directories(inputs.layout)) {
    std::vector<fs::path> locks;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
      if (entry.path().extension() == ".lock") locks.push_back(entry.path());
    }
    std::sort(locks.begin(), locks.end());
    for (const auto& path : locks) {
      ++count;
      const auto lock = inspect_lock(path, options.now_ms, options.stale_lock_age, process_alive);
      if (!lock.stale()) {
        findings.info("session.lock", kLocksSection, "Session lock " + describe(lock));
        continue;
      }
      if (lock.pid && !lock.pid_alive) {
        auto& finding = findings.warn("session.lock.stale", kLocksSection,
                                      "Stale session lock " + describe(lock),
                                      "rm " + shell_quote(path.string()));
        finding.fixable = true;
        if (options.fix) {
          std::error_code remove_ec;
          if (fs::remove(path, remove_ec)) {
            finding.fixed = true;
            finding.fix_note = "Removed stale session lock " + path.string();
          } else {
            finding.fix_note = "could not remove " + path.string() + ": " +
                               (remove_ec ? remove_ec.message() : std::string("already gone"));
          }
        }
        continue;
      }
      findings.warn(
          "session.lock.stale", kLocksSection, "Stale session lock " + describe(lock),
          (lock.pid ? "once process " + std::to_string(*lock.pid) + " is done with the session: "
                    : std::string("if no openclaw process uses the session: ")) +
              "rm " + shell_quote(path.string()));
    }
  }
  if (count == 0) findings.ok("session.locks", kLocksSection, "No session lock files");
}

}  // namespace openclaw::cli::doctor
