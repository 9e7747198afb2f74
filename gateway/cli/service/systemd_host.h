// This machine's systemd, as the service commands see it: whether it runs, where units live,
// and `systemctl` itself.
//
// Test hooks (the smallest that let tests drive the commands without a real systemd):
//   OPENCLAW_SYSTEMD_RUNNING=1|0  declares systemd present or absent; otherwise it runs when
//                                 /run/systemd/system exists (as sd_booted() decides).
//   OPENCLAW_SYSTEMD_DIR=<dir>    the one directory units are written to and looked for in,
//                                 instead of /etc/systemd/system and ~/.config/systemd/user.
//   PATH                          `systemctl` is the first one found on PATH, so a test puts a
//                                 recording script first.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/service/systemd_unit.h"
#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::cli::service {

bool systemd_running(const Environment& env);

// A system unit when running as root, else a user unit.
Scope default_scope();

// Where units of `scope` live: OPENCLAW_SYSTEMD_DIR, else /etc/systemd/system, else
// $XDG_CONFIG_HOME/systemd/user or ~/.config/systemd/user. Fails for a user unit when no home
// directory can be resolved.
Result<std::filesystem::path> unit_directory(Scope scope, const Environment& env);

struct InstalledUnit {
  Scope scope;
  std::filesystem::path path;
};

// The installed openclaw-gateway unit: in `scope`'s directory when given, else the system
// unit, then the user unit. nullopt when there is none.
std::optional<InstalledUnit> find_installed_unit(const Environment& env,
                                                 std::optional<Scope> scope = std::nullopt);

// Runs `systemctl [--user] <args...>` with our stdout and stderr, and returns its exit
// status. Fails when systemctl cannot be started (not on PATH).
Result<int> run_systemctl(Scope scope, const std::vector<std::string>& args);

// The absolute path of the running openclaw binary (/proc/self/exe).
Result<std::filesystem::path> current_executable();

// True when process `pid` runs inside the openclaw-gateway service's cgroup.
bool runs_in_gateway_service(int pid);

}  // namespace openclaw::cli::service
