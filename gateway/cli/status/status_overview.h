// `openclaw status`: the overview an operator runs first (the troubleshooting ladder's first
// command): can the gateway be reached, what its `status` RPC says (version, uptime, agents,
// sessions, heartbeat), and whether devices wait for pairing approval — with the exact
// `openclaw devices approve <requestId>` to run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/status/gateway_probe.h"

namespace openclaw::cli::status {

struct PendingPairing {
  std::string source = "unavailable";  // "rpc" (device.pair.list), "file" (devices/pending.json)
  nlohmann::json requests = nlohmann::json::array();  // pending requests, newest first
};

struct StatusOverview {
  std::filesystem::path config_path;
  bool config_exists = false;
  std::optional<std::string> config_error;
  std::filesystem::path state_dir;
  std::string target;     // where the CLI connected (URL or unix:<path>)
  ProbeResult gateway;    // the connection, with `status` and `health` when they answered
  PendingPairing pairing;
  bool deep = false;
};

// The live requests of devices/pending.json (an object keyed by requestId), newest first;
// expired ones are left out. An empty array for a missing or unreadable file.
nlohmann::json pending_requests_from_file(const std::filesystem::path& pending_json, std::int64_t now_ms);

// The requests of a device.pair.list payload, newest first.
nlohmann::json pending_requests_from_rpc(const nlohmann::json& list);

// "42s", "3m 12s", "5h 4m", "2d 3h".
std::string format_duration(std::int64_t ms);

// The line that tells the operator what to run: "Pairing: 1 pending request (device
// 3f2a…, 203.0.113.7) — approve with: openclaw devices approve <requestId>", or "Pairing: no
// pending requests".
std::string pairing_line(const PendingPairing& pairing);

nlohmann::json status_overview_json(const StatusOverview& overview);

void print_status_overview(const StatusOverview& overview, std::ostream& out);

}  // namespace openclaw::cli::status
