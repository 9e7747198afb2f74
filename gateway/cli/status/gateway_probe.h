// One probe of one gateway, shared by `gateway status`, `gateway probe` and `status`
// (upstream's probeGateway, spec §9): did the WebSocket handshake complete, how long did
// it take, what the hello-ok's auth block proves the caller may do (the capability), and,
// when asked, whether the read-scope RPCs answer (health, status, system-presence and,
// best effort, config.get).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/gateway_client.h"

namespace openclaw::cli::status {

// What the probe could prove about auth, strongest first (upstream's GatewayProbeCapability).
enum class ProbeCapability {
  AdminCapable,
  WriteCapable,
  ReadOnly,
  ConnectedNoOperatorScope,
  PairingPending,
  Unknown,
};

// The JSON value: "admin_capable", "write_capable", "read_only",
// "connected_no_operator_scope", "pairing_pending", "unknown".
std::string_view to_string(ProbeCapability capability);

// The text after "Capability: ": "admin-capable", "write-capable", "read-only",
// "connect-only", "pairing pending", "unknown" (upstream's labels).
std::string_view capability_label(ProbeCapability capability);

struct CapabilityEvidence {
  bool pairing_pending = false;      // the connect was refused with PAIRING_REQUIRED
  bool connected = false;            // hello-ok arrived
  bool auth_metadata_present = false;  // hello-ok carried an `auth` block
  std::vector<std::string> scopes{};  // hello-ok auth.scopes
  bool verified_read = false;        // a read-scope RPC succeeded
};

// Pairing pending beats everything; then operator.admin, operator.write, operator.read (or
// a read RPC that worked); a connection whose hello-ok had an auth block without operator
// scopes is connect-only; anything else is unknown.
ProbeCapability capability_from(const CapabilityEvidence& evidence);

// The strongest capability among several targets' (Unknown for none).
ProbeCapability strongest_capability(const std::vector<ProbeCapability>& capabilities);

enum class ProbeDetail {
  ConnectOnly,  // the handshake and its auth block
  Read,         // plus the `status` RPC (gateway status --require-rpc)
  Full,         // plus health, status, system-presence and config.get (gateway probe)
};

struct ProbeResult {
  std::optional<std::int64_t> connect_latency_ms;  // set once hello-ok arrived
  bool rpc_ok = false;          // the handshake and every requested read RPC succeeded
  bool scope_limited = false;   // connected, but a read RPC said "missing scope: ..."
  std::optional<std::string> error;  // the first failure, as an operator reads it
  std::optional<std::string> detail_code;  // the gateway's details.code (PAIRING_REQUIRED, ...)
  std::optional<std::uint16_t> close_code;
  std::string close_reason;
  std::optional<std::string> role;  // hello-ok auth.role
  std::vector<std::string> scopes;  // hello-ok auth.scopes
  ProbeCapability capability = ProbeCapability::Unknown;
  nlohmann::json server;     // hello-ok server {version, connId}, null when not connected
  nlohmann::json snapshot;   // hello-ok snapshot (uptimeMs, configPath, ...), null when not connected
  nlohmann::json health;     // null unless fetched
  nlohmann::json status;
  nlohmann::json presence;
  nlohmann::json config;     // config.get snapshot, null unless fetched and allowed

  bool reachable() const { return connect_latency_ms.has_value(); }
};

// True for a gateway error that says the caller lacks a scope ("missing scope: operator.read").
bool is_missing_scope_error(std::string_view message);

// The connect-level facts of a connection attempt: the failure (message, details code, close
// code, pairing pending), or the latency, server, snapshot, role, scopes and capability of
// its hello-ok. rpc_ok starts true for a connection (no RPC has failed yet).
ProbeResult probe_connection(const client::ClientResult<std::unique_ptr<client::GatewayClient>>& connection);

// Calls a read RPC for a probe: the payload, or null after recording the first failure on
// `result` (rpc_ok false, error, scope_limited).
nlohmann::json call_read_rpc(client::GatewayClient& gateway, std::string_view method, const nlohmann::json& params,
                             std::chrono::milliseconds timeout, ProbeResult& result);

// After the read RPCs of a probe: when every one of them answered, read access is proven even
// if hello-ok listed no scope, so a connect-only or unknown capability becomes read-only
// (upstream's verifiedRead). A single refused read leaves the capability as it was.
void record_verified_read(ProbeResult& result);

// Finishes a probe on a connection attempt the caller made (through connect_to_gateway or
// GatewayClient::connect): records the connect failure, or reads the hello-ok and runs the
// RPCs `detail` asks for, each bounded by `timeout`. Closes the connection.
ProbeResult run_probe(client::ClientResult<std::unique_ptr<client::GatewayClient>> connection, ProbeDetail detail,
                      std::chrono::milliseconds timeout);

// {ok, rpcOk, scopeLimited, latencyMs, error, close:{code, reason}|null} — the `connect`
// object of a `gateway probe --json` target.
nlohmann::json connect_json(const ProbeResult& result);

// {role, scopes, capability}.
nlohmann::json auth_json(const ProbeResult& result);

// Upstream's per-target summary line, e.g.
//   "Connect: ok (12ms) · Capability: admin-capable · Read probe: ok"
//   "Connect: ok (9ms) · Capability: connect-only · Read probe: limited - missing scope: operator.read"
//   "Connect: failed - connect ECONNREFUSED 127.0.0.1:18789 · Capability: unknown"
std::string probe_summary_line(const ProbeResult& result);

}  // namespace openclaw::cli::status
