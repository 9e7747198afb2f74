// `openclaw gateway install|uninstall|start|stop|restart`: the gateway as a systemd service
// (spec §9; the runbook's "Linux (systemd user)" and "Linux (system service)" tabs).
//
//   install [--force] [--port N] [--user|--system]  writes the unit (system unit as root,
//       user unit otherwise), then `systemctl [--user] daemon-reload` and `enable --now`.
//       An existing, different unit is only replaced with --force.
//   uninstall [--user|--system]   `disable --now`, removes the unit, daemon-reload.
//   start | restart [--user|--system]   systemctl start / restart.
//   stop [--yes] [--user|--system]  systemctl stop; without a service, offers to stop the
//       openclaw gateway that holds the port (SIGTERM; --yes, or a "y" on a terminal).
//
// Where systemd is not running (containers, this build machine), install/start/restart say
// so, print the command to give the supervisor instead, write nothing and exit 1.
// Exit codes: 0 done, 1 not done (no systemd, no service, systemctl failed), 2 usage.
#pragma once

#include <string>
#include <vector>

namespace openclaw::cli::service {

int gateway_install_command(const std::vector<std::string>& args);
int gateway_uninstall_command(const std::vector<std::string>& args);
int gateway_start_command(const std::vector<std::string>& args);
int gateway_stop_command(const std::vector<std::string>& args);
int gateway_restart_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli::service
