#include "cli/service/service_commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <iostream>

#include "cli/gateway_connection.h"
#include "cli/gateway_stopper.h"
#include "cli/service/systemd_host.h"
#include "cli/shell_quote.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"

namespace openclaw::cli::service {
namespace {

namespace fs = std::filesystem;

struct ServiceOptions {
  bool force = false;
  bool yes = false;
  std::optional<unsigned short> port;
  std::optional<Scope> scope;
};

struct Accepts {
  bool force = false;
  bool port = false;
  bool yes = false;
};

std::optional<unsigned short> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<unsigned short>(value);
}

// Prints the usage error itself; nullopt then means exit 2.
std::optional<ServiceOptions> parse_options(const std::string& command,
                                            const std::vector<std::string>& args, Accepts accepts) {
  ServiceOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--user" || arg == "--system") {
      const Scope scope = arg == "--user" ? Scope::User : Scope::System;
      if (options.scope && *options.scope != scope) {
        std::cerr << "openclaw " << command << ": --user and --system exclude each other\n";
        return std::nullopt;
      }
      options.scope = scope;
    } else if (accepts.force && arg == "--force") {
      options.force = true;
    } else if (accepts.yes && (arg == "--yes" || arg == "-y")) {
      options.yes = true;
    } else if (accepts.port && (arg == "--port" || arg.starts_with("--port="))) {
      std::string value;
      if (arg == "--port") {
        if (i + 1 >= args.size()) {
          std::cerr << "openclaw " << command << ": --port needs a value\n";
          return std::nullopt;
        }
        value = args[++i];
      } else {
        value = arg.substr(7);
      }
      options.port = parse_port(value);
      if (!options.port) {
        std::cerr << "openclaw " << command << ": --port " << value << " is not a port (1-65535)\n";
        return std::nullopt;
      }
    } else {
      std::cerr << "openclaw " << command << ": unknown option " << arg << "\n";
      return std::nullopt;
    }
  }
  return options;
}

struct Machine {
  Environment env;
  LocalGateway local;
};

std::optional<Machine> locate(const std::string& command) {
  Machine machine{Environment::from_process(), {}};
  auto local = locate_local_gateway(machine.env);
  if (!local) {
    std::cerr << "openclaw " << command << ": " << local.error().message << "\n";
    return std::nullopt;
  }
  machine.local = std::move(*local);
  return machine;
}

std::string systemctl_words(Scope scope) {
  return scope == Scope::User ? "systemctl --user" : "systemctl";
}

std::string foreground_command(unsigned short port) {
  return "openclaw gateway run --port " + std::to_string(port);
}

// What a supervisor other than systemd (s6, runit, a container's entrypoint) should run.
void explain_no_systemd(const Machine& machine, unsigned short port) {
  std::cerr
      << "systemd is not running on this machine; run the gateway under your supervisor with: "
      << foreground_command(port) << "\n";
  auto executable = current_executable();
  std::cerr << "  (in full: OPENCLAW_STATE_DIR="
            << shell_quote(fs::absolute(machine.local.layout.root()).string()) << " "
            << shell_quote(executable ? executable->string() : "openclaw") << " gateway run --port "
            << port << ")\n";
}

// systemctl, reporting a failure on stderr; true when it exited 0.
bool systemctl(Scope scope, const std::vector<std::string>& args) {
  auto status = run_systemctl(scope, args);
  std::string words = systemctl_words(scope);
  for (const auto& arg : args) words += " " + arg;
  if (!status) {
    std::cerr << "openclaw: " << status.error().message << "\n";
    return false;
  }
  if (*status != 0) {
    std::cerr << "openclaw: `" << words << "` failed (exit " << *status << ")\n";
    return false;
  }
  return true;
}

// The directories the gateway writes outside its state directory, for ReadWritePaths=.
std::vector<fs::path> extra_writable_paths(const LocalGateway& local) {
  std::vector<fs::path> paths;
  const fs::path root = fs::absolute(local.layout.root());
  auto outside_state = [&](const fs::path& path) {
    const auto relative = path.lexically_relative(root);
    return relative.empty() || *relative.begin() == "..";
  };
  const fs::path config_dir = fs::absolute(local.config_path).parent_path();
  if (outside_state(config_dir)) paths.push_back(config_dir);
  if (local.loaded && local.loaded->config.logging.file) {
    const fs::path log_dir = fs::absolute(*local.loaded->config.logging.file).parent_path();
    const bool private_tmp = !log_dir.lexically_relative("/tmp").empty() &&
                             *log_dir.lexically_relative("/tmp").begin() != "..";
    if (outside_state(log_dir) && !private_tmp) paths.push_back(log_dir);
  }
  return paths;
}

UnitSettings unit_settings(const Machine& machine, Scope scope, unsigned short port,
                           const fs::path& executable) {
  UnitSettings settings;
  settings.scope = scope;
  settings.executable = executable;
  settings.port = port;
  settings.state_dir = fs::absolute(machine.local.layout.root());
  if (machine.env.get_non_empty("OPENCLAW_CONFIG_PATH"))
    settings.config_path = fs::absolute(machine.local.config_path);
  settings.extra_writable_paths = extra_writable_paths(machine.local);
  // A system service runs as root unless told otherwise; a state directory provisioned for
  // another user (openclaw-provision --uid) is that user's to write.
  struct stat owner {};
  if (scope == Scope::System && ::stat(settings.state_dir.c_str(), &owner) == 0 &&
      owner.st_uid != 0) {
    settings.user = std::to_string(owner.st_uid);
    settings.group = std::to_string(owner.st_gid);
  }
  return settings;
}

// A gateway outside the service already on the port makes the service crash-loop on
// EADDRINUSE; say so before enabling it.
void warn_about_port_holder(unsigned short port) {
  auto owner = server::find_port_owner(port);
  if (!owner || runs_in_gateway_service(owner->pid)) return;
  std::cerr << "warning: port " << port << " is held by " << owner->command << " (pid "
            << owner->pid << "); the service cannot listen until it stops"
            << (owner->command == "openclaw" ? " (openclaw gateway stop --yes)" : "") << "\n";
}

}  // namespace

int gateway_install_command(const std::vector<std::string>& args) {
  const std::string command = "gateway install";
  auto options = parse_options(command, args, {.force = true, .port = true, .yes = false});
  if (!options) return 2;
  auto machine = locate(command);
  if (!machine) return 1;
  const unsigned short port = options->port.value_or(machine->local.port);
  if (!systemd_running(machine->env)) {
    explain_no_systemd(*machine, port);
    return 1;
  }
  const Scope scope = options->scope.value_or(default_scope());
  if (scope == Scope::System && ::geteuid() != 0 &&
      !machine->env.get_non_empty("OPENCLAW_SYSTEMD_DIR")) {
    std::cerr << "openclaw " << command
              << ": a system unit needs root; run it with sudo, or install a user unit: "
              << "openclaw gateway install --user\n";
    return 1;
  }
  auto executable = current_executable();
  if (!executable) {
    std::cerr << "openclaw " << command << ": " << executable.error().message << "\n";
    return 1;
  }
  auto directory = unit_directory(scope, machine->env);
  if (!directory) {
    std::cerr << "openclaw " << command << ": " << directory.error().message << "\n";
    return 1;
  }
  const auto settings = unit_settings(*machine, scope, port, *executable);
  const std::string text = render_unit(settings);
  const fs::path path = *directory / kUnitName;

  std::error_code ec;
  bool unchanged = false;
  const bool replacing = fs::exists(path, ec);
  if (replacing) {
    auto current = state::read_file(path);
    unchanged = current && *current == text;
    if (!unchanged && !options->force) {
      std::cerr << "openclaw " << command << ": " << path.string()
                << " already exists with other settings; replace it with: openclaw gateway install "
                   "--force\n";
      return 1;
    }
  }
  if (!fs::is_directory(settings.state_dir, ec)) {
    std::cerr << "warning: the state directory " << settings.state_dir.string()
              << " does not exist yet; create it first: openclaw-provision apply --state-dir "
              << shell_quote(settings.state_dir.string()) << "\n";
  }
  if (!unchanged) {
    fs::create_directories(*directory, ec);
    if (auto written = state::write_file_atomically(path, text, {0644, std::nullopt}); !written) {
      std::cerr << "openclaw " << command << ": " << written.error().message << "\n";
      return 1;
    }
  }
  warn_about_port_holder(port);
  if (!systemctl(scope, {"daemon-reload"})) return 1;
  // `enable --now` leaves a running service alone; a replaced unit (a new port) needs a restart.
  const bool restart = replacing && !unchanged;
  if (restart) {
    if (!systemctl(scope, {"enable", std::string(kUnitName)})) return 1;
    if (!systemctl(scope, {"restart", std::string(kUnitName)})) return 1;
  } else if (!systemctl(scope, {"enable", "--now", std::string(kUnitName)})) {
    return 1;
  }

  std::cout << (unchanged ? "Gateway service already installed: "
                          : "Installed the gateway service: ")
            << path.string() << "\n"
            << "  ExecStart=" << settings.executable.string() << " gateway run --port " << port
            << "\n"
            << "  OPENCLAW_STATE_DIR=" << settings.state_dir.string() << "\n"
            << (restart ? "Enabled and restarted (" + systemctl_words(scope) + " restart "
                        : "Enabled and started (" + systemctl_words(scope) + " enable --now ")
            << kUnitName << ").\n"
            << "Check it with: openclaw gateway status   (or: " << systemctl_words(scope)
            << " status " << kUnitName << ")\n";
  if (scope == Scope::User) {
    std::cout << "To keep it running after you log out: sudo loginctl enable-linger $USER\n";
  }
  return 0;
}

int gateway_uninstall_command(const std::vector<std::string>& args) {
  const std::string command = "gateway uninstall";
  auto options = parse_options(command, args, {});
  if (!options) return 2;
  const Environment env = Environment::from_process();
  if (!systemd_running(env)) {
    std::cout
        << "systemd is not running on this machine; there is no gateway service to uninstall.\n";
    return 0;
  }
  auto unit = find_installed_unit(env, options->scope);
  if (!unit) {
    std::cout << "No openclaw-gateway service is installed; nothing to uninstall.\n";
    return 0;
  }
  if (!systemctl(unit->scope, {"disable", "--now", std::string(kUnitName)})) {
    std::cerr << "openclaw " << command << ": the unit is left in place: " << unit->path.string()
              << "\n";
    return 1;
  }
  std::error_code ec;
  fs::remove(unit->path, ec);
  if (ec) {
    std::cerr << "openclaw " << command << ": cannot remove " << unit->path.string() << ": "
              << ec.message() << "\n";
    return 1;
  }
  if (!systemctl(unit->scope, {"daemon-reload"})) return 1;
  std::cout << "Removed the gateway service (" << unit->path.string() << ").\n";
  return 0;
}

namespace {

// start and restart: both need an installed unit.
int run_service_action(const std::string& action, const std::vector<std::string>& args) {
  const std::string command = "gateway " + action;
  auto options = parse_options(command, args, {});
  if (!options) return 2;
  auto machine = locate(command);
  if (!machine) return 1;
  const unsigned short port = machine->local.port;
  const std::string alternative =
      action == "restart"
          ? "restart a foreground gateway with: openclaw gateway run --force --port " +
                std::to_string(port)
          : "run it in the foreground: " + foreground_command(port);
  if (!systemd_running(machine->env)) {
    if (action == "restart") {
      std::cerr << "There is no gateway service on this machine (systemd is not running); "
                << alternative << "\n";
    } else {
      explain_no_systemd(*machine, port);
    }
    return 1;
  }
  auto unit = find_installed_unit(machine->env, options->scope);
  if (!unit) {
    std::cerr << "There is no gateway service on this machine. Install one with: openclaw gateway "
                 "install; or "
              << alternative << "\n";
    return 1;
  }
  if (!systemctl(unit->scope, {action, std::string(kUnitName)})) return 1;
  std::cout << (action == "restart" ? "Restarted " : "Started ") << kUnitName << " ("
            << systemctl_words(unit->scope) << " " << action << ").\n";
  return 0;
}

bool confirm_on_terminal(const std::string& question) {
  if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) return false;
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

int gateway_start_command(const std::vector<std::string>& args) {
  return run_service_action("start", args);
}

int gateway_restart_command(const std::vector<std::string>& args) {
  return run_service_action("restart", args);
}

int gateway_stop_command(const std::vector<std::string>& args) {
  const std::string command = "gateway stop";
  auto options = parse_options(command, args, {.force = false, .port = true, .yes = true});
  if (!options) return 2;
  auto machine = locate(command);
  if (!machine) return 1;
  const bool systemd = systemd_running(machine->env);
  if (systemd) {
    if (auto unit = find_installed_unit(machine->env, options->scope)) {
      if (!systemctl(unit->scope, {"stop", std::string(kUnitName)})) return 1;
      std::cout << "Stopped " << kUnitName << " (" << systemctl_words(unit->scope) << " stop).\n";
      return 0;
    }
  }
  const unsigned short port = options->port.value_or(machine->local.port);
  std::cout << "There is no gateway service on this machine"
            << (systemd ? "" : " (systemd is not running)") << ".\n";
  auto owner = server::find_port_owner(port);
  if (!owner) {
    std::cout << "No gateway is listening on port " << port << ".\n";
    return 0;
  }
  if (owner->command != "openclaw") {
    std::cerr << "Port " << port << " is held by " << owner->command << " (pid " << owner->pid
              << "), not an openclaw gateway; not stopping it.\n";
    return 1;
  }
  const std::string holder = "An openclaw gateway (pid " + std::to_string(owner->pid) +
                             ") is listening on port " + std::to_string(port) + ".";
  if (!options->yes && !confirm_on_terminal(holder + " Stop it now (SIGTERM)?")) {
    std::cout << holder << " Stop it with: openclaw gateway stop --yes"
              << (options->port ? " --port " + std::to_string(port) : "") << "\n";
    return 1;
  }
  auto stopped = stop_gateway_on_port(port);
  if (!stopped) {
    std::cerr << "openclaw " << command << ": " << stopped.error().message << "\n";
    return 1;
  }
  if (!*stopped) {
    std::cout << "No gateway is listening on port " << port << " any more.\n";
  } else {
    std::cout << "Stopped the gateway on port " << port << " (pid " << (*stopped)->pid << ").\n";
  }
  return 0;
}

}  // namespace openclaw::cli::service
