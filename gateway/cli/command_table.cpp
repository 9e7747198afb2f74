#include "cli/command_table.h"

#include <iostream>

#include "cli/call_command.h"
#include "cli/config_commands.h"
#include "cli/devices/devices_commands.h"
#include "cli/doctor/doctor_command.h"
#include "cli/gateway_run.h"
#include "cli/health_command.h"
#include "cli/healthcheck_command.h"
#include "cli/secrets_commands.h"
#include "cli/service/service_commands.h"
#include "cli/status/status_commands.h"
#include "runtime/runtime_check.h"

namespace openclaw::cli {
namespace {

int runtime_check(const std::vector<std::string>& args) {
  return runtime::runtime_check_command(args, std::cout, std::cerr);
}

int version(const std::vector<std::string>&) {
  std::cout << "openclaw " << OPENCLAW_VERSION << "\n";
  return 0;
}

}  // namespace

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"gateway run", "gateway run [--port N] [--bind MODE] [--auth MODE] [--token T] [--password P] [--force] ...",
       "serve the gateway (HTTP probes and the WebSocket protocol on one port)", gateway_run_command},
      // [client commands]
      {"gateway call", "gateway call <method> [--params JSON] [--expect-final] [--json]",
       "call one gateway RPC and print its payload as JSON", gateway_call_command},
      {"gateway health", "gateway health [--json] [--verbose]", "the running gateway's health (RPC health)",
       health_command},
      {"gateway healthcheck", "gateway healthcheck [--url URL] [--timeout MS]",
       "exit 0 when the gateway's /healthz answers ok (the container HEALTHCHECK; no token needed)",
       healthcheck_command},
      {"health", "health [--json] [--verbose]", "the running gateway's health: agents, heartbeat, session stores",
       health_command},
      // [status commands]
      {"gateway status", "gateway status [--json] [--no-probe] [--deep] [--require-rpc]",
       "runtime, port owner, probe, config and last error of this machine's gateway", status::gateway_status_command},
      {"gateway probe", "gateway probe [--json] [--url URL]",
       "probe the configured remote and local gateways (exit 1 only when none is reachable)",
       status::gateway_probe_command},
      {"status", "status [--json] [--deep]", "overview: gateway reachability, summary and pending pairing requests",
       status::status_command},
      {"logs", "logs [--follow] [--json] [--limit N] [--interval MS] [--max-bytes N]",
       "print the gateway's log file (logs.tail); --follow keeps polling across rotations", status::logs_command},
      {"devices list", "devices list [--json]", "pending pairing requests and paired devices",
       devices::devices_list_command},
      {"devices approve", "devices approve [requestId] [--latest] [--json]",
       "approve a pending pairing request (the newest when no id is given)", devices::devices_approve_command},
      {"devices reject", "devices reject <requestId> [--json]", "reject a pending pairing request",
       devices::devices_reject_command},
      {"devices remove", "devices remove <deviceId> [--json]", "unpair a device (its sockets are closed)",
       devices::devices_remove_command},
      {"devices rotate", "devices rotate --device <id> --role <role> [--scope S]...",
       "issue a new device token for a role and print it", devices::devices_rotate_command},
      {"devices revoke", "devices revoke --device <id> --role <role>", "revoke a device token for a role",
       devices::devices_revoke_command},
      {"devices clear", "devices clear --yes [--pending] [--json]",
       "remove every paired device (and reject pending requests with --pending)", devices::devices_clear_command},
      // [config commands]
      {"config get", "config get <path> [--json] [--reveal]",
       "print a config value (secrets redacted unless --reveal)", config_get_command},
      {"config set", "config set <path> <value> [--strict-json] | config set --batch-json '[{\"path\":..,\"value\":..}]'",
       "set config values in openclaw.json (validated, written atomically)", config_set_command},
      {"config unset", "config unset <path>", "remove a config value from openclaw.json", config_unset_command},
      {"config validate", "config validate [--json]", "check openclaw.json against the schema", config_validate_command},
      {"config file", "config file", "print the path of the active config file", config_file_command},
      {"config schema", "config schema", "print the JSON schema of openclaw.json", config_schema_command},
      {"secrets reload", "secrets reload [--json]", "make the running gateway re-resolve its SecretRefs",
       secrets_reload_command},
      // [doctor and service commands]
      {"doctor", "doctor [--fix|--repair] [--yes] [--non-interactive] [--json] [--generate-gateway-token]",
       "check the config, state directory, auth, pairing and gateway health; --fix repairs what is safe",
       doctor::doctor_command},
      {"gateway install", "gateway install [--force] [--port N] [--user|--system]",
       "install and start the gateway as a systemd service", service::gateway_install_command},
      {"gateway uninstall", "gateway uninstall [--user|--system]", "stop and remove the gateway's systemd service",
       service::gateway_uninstall_command},
      {"gateway start", "gateway start [--user|--system]", "start the gateway's systemd service",
       service::gateway_start_command},
      {"gateway stop", "gateway stop [--yes] [--port N] [--user|--system]",
       "stop the gateway's service (or, without one, the gateway on the port)", service::gateway_stop_command},
      {"gateway restart", "gateway restart [--user|--system]", "restart the gateway's systemd service",
       service::gateway_restart_command},
      {"runtime-check", "runtime-check [--host NAME] [--ca-file PATH] [--json]",
       "check that this root can resolve names and load a CA bundle", runtime_check},
      {"version", "version", "print the version", version},
  };
  return table;
}

const Command* find_command(const std::vector<std::string>& args, std::size_t& consumed) {
  const Command* best = nullptr;
  for (const auto& command : command_table()) {
    const std::string_view name = command.name;
    const auto space = name.find(' ');
    const std::size_t words = space == std::string_view::npos ? 1 : 2;
    if (args.size() < words) continue;
    const bool matches = words == 1 ? args[0] == name
                                    : args[0] == name.substr(0, space) && args[1] == name.substr(space + 1);
    if (matches && (!best || words > consumed)) {
      best = &command;
      consumed = words;
    }
  }
  return best;
}

std::string usage_text() {
  std::string text = "Usage: openclaw <command> [options]\n\nCommands:\n";
  for (const auto& command : command_table()) {
    text += "  " + std::string(command.synopsis) + "\n      " + std::string(command.summary) + "\n";
  }
  text += "\nNetworked commands accept --url, --token, --password, --timeout <ms> and --json.\n";
  return text;
}

}  // namespace openclaw::cli
