// `openclaw devices ...` (spec §9, upstream devices-cli): device pairing and device tokens
// over the device.pair.* and device.token.* RPCs. On this machine the CLI reaches the
// gateway through its admin socket, so approving works even before the CLI is paired
// (operator-pain B1/B2). Every command takes the network options and --json; exit 0 on
// success, 1 when the gateway refuses or cannot be reached, 2 for a usage error.
#pragma once

#include <string>
#include <vector>

namespace openclaw::cli::devices {

// devices list: pending requests and paired devices (token values never included).
int devices_list_command(const std::vector<std::string>& args);

// devices approve [requestId] [--latest]: without an id, or with --latest, the newest
// pending request (as upstream 2026.4); exit 1 when there is none.
int devices_approve_command(const std::vector<std::string>& args);

// devices reject <requestId>
int devices_reject_command(const std::vector<std::string>& args);

// devices remove <deviceId>: unpairs the device; its sockets are closed (4001).
int devices_remove_command(const std::vector<std::string>& args);

// devices rotate --device <id> --role <role> [--scope s]...: prints the rotation result as
// JSON, new token included — handing it over is the point of the command.
int devices_rotate_command(const std::vector<std::string>& args);

// devices revoke --device <id> --role <role>: prints {deviceId, role, revokedAtMs}.
int devices_revoke_command(const std::vector<std::string>& args);

// devices clear --yes [--pending]: removes every paired device (and rejects every pending
// request with --pending). Refuses without --yes.
int devices_clear_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli::devices
