// systemd units that run an OpenClaw gateway (`openclaw-gateway[-<profile>].service`, the
// runbook's unit names), for `gateway status`: the service this machine's gateway runs
// under, and with --deep every other gateway-like unit (upstream's "Other gateway-like
// services detected (best effort)"). Unit files only: we neither need nor ask systemd.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/util/environment.h"

namespace openclaw::cli::status {

struct UnitDirectory {
  std::string scope;  // "system" or "user"
  std::filesystem::path path;
};

struct ServiceUnit {
  std::string label;  // "openclaw-gateway.service"
  std::string scope;  // "system" or "user"
  std::filesystem::path path;
  std::string exec_start;  // the ExecStart= command, "" when the file has none
};

// Where gateway units may live: the directories `gateway install` uses (service::
// unit_directory: /etc/systemd/system, then $XDG_CONFIG_HOME/systemd/user or
// ~/.config/systemd/user; only OPENCLAW_SYSTEMD_DIR when that is set) and
// /lib/systemd/system. Without a home directory the user directory is left out.
std::vector<UnitDirectory> default_unit_directories(const Environment& env);

// True for "openclaw-gateway.service" and "openclaw-gateway-<profile>.service".
bool is_gateway_unit_name(const std::string& file_name);

// Every gateway unit file in `directories`, in directory order then by name. Unreadable or
// missing directories are skipped.
std::vector<ServiceUnit> find_gateway_units(const std::vector<UnitDirectory>& directories);

// {label, scope, detail} as upstream's extraServices entries; detail names the unit file
// and its ExecStart.
nlohmann::json to_json(const ServiceUnit& unit);

}  // namespace openclaw::cli::status
