#include "cli/service/systemd_host.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/config/paths.h"

namespace openclaw::cli::service {

bool systemd_running(const Environment& env) {
  if (auto declared = env.get_non_empty("OPENCLAW_SYSTEMD_RUNNING")) return *declared == "1";
  std::error_code ec;
  return std::filesystem::is_directory("/run/systemd/system", ec);
}

Scope default_scope() { return ::geteuid() == 0 ? Scope::System : Scope::User; }

Result<std::filesystem::path> unit_directory(Scope scope, const Environment& env) {
  if (auto directory = env.get_non_empty("OPENCLAW_SYSTEMD_DIR"))
    return std::filesystem::path(*directory);
  if (scope == Scope::System) return std::filesystem::path("/etc/systemd/system");
  if (auto config_home = env.get_non_empty("XDG_CONFIG_HOME")) {
    return std::filesystem::path(*config_home) / "systemd" / "user";
  }
  auto home = config::resolve_home(env);
  if (!home) return std::unexpected(home.error());
  return *home / ".config" / "systemd" / "user";
}

std::optional<InstalledUnit> find_installed_unit(const Environment& env,
                                                 std::optional<Scope> scope) {
  std::vector<Scope> scopes =
      scope ? std::vector<Scope>{*scope} : std::vector<Scope>{Scope::System, Scope::User};
  for (Scope candidate : scopes) {
    auto directory = unit_directory(candidate, env);
    if (!directory) continue;
    const auto path = *directory / kUnitName;
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return InstalledUnit{candidate, path};
  }
  return std::nullopt;
}

Result<int> run_systemctl(Scope scope, const std::vector<std::string>& args) {
  std::vector<std::string> words = {"systemctl"};
  if (scope == Scope::User) words.push_back("--user");
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t child = 0;
  const int spawned = ::posix_spawnp(&child, "systemctl", nullptr, nullptr, argv.data(), environ);
  if (spawned != 0) return fail("cannot run systemctl: " + std::string(std::strerror(spawned)));
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR)
      return fail("cannot wait for systemctl: " + std::string(std::strerror(errno)));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

Result<std::filesystem::path> current_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot find this program's path (/proc/self/exe): " + ec.message());
  return path;
}

bool runs_in_gateway_service(int pid) {
  std::ifstream cgroup("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(cgroup, line)) {
    if (line.find(kUnitName) != std::string::npos) return true;
  }
  return false;
}

}  // namespace openclaw::cli::service
