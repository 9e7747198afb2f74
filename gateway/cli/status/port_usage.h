// Who listens on the gateway's port, for `gateway status` (upstream's PortUsage in
// `infra/ports.ts`): free or busy, each listening address with its owning process, and
// hints for a conflict — "port 18789 is held by nginx (pid 812)". Linux /proc only, best
// effort: another user's process shows without a PID unless we are root.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::cli::status {

struct PortListener {
  std::string address;               // "127.0.0.1:18789", "[::1]:18789", "0.0.0.0:18789"
  std::optional<pid_t> pid;          // nullopt when the owner cannot be seen
  std::string command;               // the executable's name ("nginx"), "" when unknown
  std::string command_line;          // its arguments joined by spaces, "" when unknown
};

enum class PortStatus { Free, Busy, Unknown };

struct PortUsage {
  unsigned short port = 0;
  PortStatus status = PortStatus::Unknown;
  std::vector<PortListener> listeners;  // empty unless Busy
  std::vector<std::string> hints;
};

// "free", "busy", "unknown" (upstream's PortUsageStatus).
std::string_view to_string(PortStatus status);

// The TCP sockets in LISTEN state on `port` in the text of /proc/net/tcp or /proc/net/tcp6:
// their local addresses, formatted as PortListener::address. Malformed lines are skipped.
std::vector<std::string> listening_addresses(std::string_view proc_net_tcp, unsigned short port);

// True when the listener is an openclaw gateway (its executable or command line names
// openclaw), as opposed to a foreign process holding the port.
bool is_gateway_listener(const PortListener& listener);

// "port 18789 is held by nginx (pid 812)" for the first foreign listener; nullopt when the
// port is free, only openclaw listens on it, or its owner cannot be seen.
std::optional<std::string> describe_port_conflict(const PortUsage& usage);

// The hints upstream gives for a busy port (gateway already running, another process,
// several listeners, owner invisible), preceded by describe_port_conflict's sentence.
std::vector<std::string> port_hints(const PortUsage& usage);

// Reads /proc for `port`: status, listeners (the owner found by server::find_port_owner) and
// hints. Unknown when /proc/net/tcp cannot be read.
PortUsage inspect_port(unsigned short port);

// "Port 18789 is free." or "Port 18789 is already in use." followed by "- pid 812: nginx
// (0.0.0.0:18789)" per listener and "- <hint>" per hint (upstream's formatPortDiagnostics).
std::vector<std::string> format_port_diagnostics(const PortUsage& usage);

// {port, status, listeners:[{pid?, command?, commandLine?, address}], hints}.
nlohmann::json to_json(const PortUsage& usage);

}  // namespace openclaw::cli::status
