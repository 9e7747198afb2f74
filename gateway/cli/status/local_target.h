// Small facts about this machine's gateway that several status commands need: where its log
// file is, and which endpoint connect_to_gateway will reach for a given set of options.
#pragma once

#include <filesystem>
#include <string>

#include "cli/gateway_connection.h"

namespace openclaw::cli::status {

// logging.file when the config sets it, else <state>/logs/gateway.log (what the gateway
// writes and logs.tail reads).
std::filesystem::path gateway_log_file(const LocalGateway& local);

// What connect_to_gateway tried to reach, for messages about a connection that failed (a
// connected client knows its target()): the --url (or OPENCLAW_GATEWAY_URL), else the
// local loopback URL — the admin socket is only a first attempt, the port the fallback.
std::string expected_target(const NetworkOptions& options, const LocalGateway& local);

}  // namespace openclaw::cli::status
