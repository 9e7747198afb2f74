#include "cli/status/gateway_probe.h"

#include <algorithm>

#include "core/pairing/paired_record.h"
#include "core/protocol/method_policy.h"
#include "core/util/text.h"

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

bool has(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

bool is_pairing_pending(const client::ClientError& error) {
  return error.detail_code() == "PAIRING_REQUIRED" ||
         ascii_lowercase(error.close_reason).find("pairing required") != std::string::npos ||
         ascii_lowercase(error.message).find("pairing required") != std::string::npos;
}

}  // namespace

std::string_view to_string(ProbeCapability capability) {
  switch (capability) {
    case ProbeCapability::AdminCapable: return "admin_capable";
    case ProbeCapability::WriteCapable: return "write_capable";
    case ProbeCapability::ReadOnly: return "read_only";
    case ProbeCapability::ConnectedNoOperatorScope: return "connected_no_operator_scope";
    case ProbeCapability::PairingPending: return "pairing_pending";
    case ProbeCapability::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view capability_label(ProbeCapability capability) {
  switch (capability) {
    case ProbeCapability::AdminCapable: return "admin-capable";
    case ProbeCapability::WriteCapable: return "write-capable";
    case ProbeCapability::ReadOnly: return "read-only";
    case ProbeCapability::ConnectedNoOperatorScope: return "connect-only";
    case ProbeCapability::PairingPending: return "pairing pending";
    case ProbeCapability::Unknown: return "unknown";
  }
  return "unknown";
}

ProbeCapability capability_from(const CapabilityEvidence& evidence) {
  if (evidence.pairing_pending) return ProbeCapability::PairingPending;
  if (has(evidence.scopes, protocol::kScopeAdmin)) return ProbeCapability::AdminCapable;
  if (has(evidence.scopes, protocol::kScopeWrite)) return ProbeCapability::WriteCapable;
  if (has(evidence.scopes, protocol::kScopeRead) || evidence.verified_read) return ProbeCapability::ReadOnly;
  if (evidence.connected && evidence.auth_metadata_present) return ProbeCapability::ConnectedNoOperatorScope;
  return ProbeCapability::Unknown;
}

ProbeCapability strongest_capability(const std::vector<ProbeCapability>& capabilities) {
  // The enum is declared strongest first.
  ProbeCapability strongest = ProbeCapability::Unknown;
  for (auto capability : capabilities) strongest = std::min(strongest, capability);
  return strongest;
}

bool is_missing_scope_error(std::string_view message) {
  return ascii_lowercase(message).find("missing scope") != std::string::npos;
}

ProbeResult probe_connection(const client::ClientResult<std::unique_ptr<client::GatewayClient>>& connection) {
  ProbeResult result;
  if (!connection) {
    const auto& error = connection.error();
    result.error = error.message;
    if (const std::string code = error.detail_code(); !code.empty()) result.detail_code = code;
    result.close_code = error.close_code;
    result.close_reason = error.close_reason;
    CapabilityEvidence evidence;
    evidence.pairing_pending = is_pairing_pending(error);
    result.capability = capability_from(evidence);
    return result;
  }
  const auto& gateway = **connection;
  const json& hello = gateway.hello();
  result.connect_latency_ms = gateway.connect_latency().count();
  result.server = hello.value("server", json());
  result.snapshot = hello.value("snapshot", json());
  const auto auth = hello.find("auth");
  const bool auth_present = auth != hello.end() && auth->is_object();
  if (auth_present) {
    if (auto role = auth->find("role"); role != auth->end() && role->is_string()) result.role = role->get<std::string>();
    result.scopes = pairing::string_list(*auth, "scopes");
  }
  result.rpc_ok = true;
  CapabilityEvidence evidence;
  evidence.connected = true;
  evidence.auth_metadata_present = auth_present;
  evidence.scopes = result.scopes;
  result.capability = capability_from(evidence);
  return result;
}

json call_read_rpc(client::GatewayClient& gateway, std::string_view method, const json& params,
                   std::chrono::milliseconds timeout, ProbeResult& result) {
  auto payload = gateway.call(method, params, timeout);
  if (payload) return std::move(*payload);
  if (result.rpc_ok) {
    result.rpc_ok = false;
    result.error = payload.error().message;
    result.scope_limited = is_missing_scope_error(payload.error().message);
  }
  return nullptr;
}

void record_verified_read(ProbeResult& result) {
  if (!result.reachable() || !result.rpc_ok) return;
  CapabilityEvidence evidence;
  evidence.connected = true;
  evidence.auth_metadata_present = result.role.has_value() || !result.scopes.empty();
  evidence.scopes = result.scopes;
  evidence.verified_read = true;
  result.capability = std::min(result.capability, capability_from(evidence));
}

ProbeResult run_probe(client::ClientResult<std::unique_ptr<client::GatewayClient>> connection, ProbeDetail detail,
                      std::chrono::milliseconds timeout) {
  ProbeResult result = probe_connection(connection);
  if (!connection) return result;
  auto& gateway = **connection;
  const json no_params = json::object();
  if (detail == ProbeDetail::Read) {
    result.status = call_read_rpc(gateway, "status", no_params, timeout, result);
  } else if (detail == ProbeDetail::Full) {
    result.health = call_read_rpc(gateway, "health", no_params, timeout, result);
    result.status = call_read_rpc(gateway, "status", no_params, timeout, result);
    result.presence = call_read_rpc(gateway, "system-presence", no_params, timeout, result);
    // config.get is admin-only detail on most gateways: its refusal does not make the
    // gateway unhealthy, so it never fails the probe.
    if (auto config = gateway.call("config.get", no_params, timeout)) result.config = std::move(*config);
  }
  gateway.close();
  if (detail != ProbeDetail::ConnectOnly) record_verified_read(result);
  return result;
}

json connect_json(const ProbeResult& result) {
  json close = nullptr;
  if (result.close_code) close = {{"code", *result.close_code}, {"reason", result.close_reason}};
  return {{"ok", result.reachable()},
          {"rpcOk", result.rpc_ok},
          {"scopeLimited", result.scope_limited},
          {"latencyMs", result.connect_latency_ms ? json(*result.connect_latency_ms) : json(nullptr)},
          {"error", result.error ? json(*result.error) : json(nullptr)},
          {"close", close}};
}

json auth_json(const ProbeResult& result) {
  return {{"role", result.role ? json(*result.role) : json(nullptr)},
          {"scopes", result.scopes},
          {"capability", to_string(result.capability)}};
}

std::string probe_summary_line(const ProbeResult& result) {
  const std::string capability = "Capability: " + std::string(capability_label(result.capability));
  const std::string detail = result.error ? " - " + *result.error : "";
  if (result.reachable()) {
    const std::string connect = "Connect: ok (" + std::to_string(*result.connect_latency_ms) + "ms) · " + capability;
    if (result.rpc_ok) return connect + " · Read probe: ok";
    return connect + (result.scope_limited ? " · Read probe: limited" : " · Read probe: failed") + detail;
  }
  if (result.capability == ProbeCapability::PairingPending) return "Connect: blocked" + detail + " · " + capability;
  return "Connect: failed" + detail + " · " + capability;
}

}  // namespace openclaw::cli::status
