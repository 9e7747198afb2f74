#include "cli/status/status_overview.h"

#include <algorithm>
#include <fstream>

#include "core/pairing/pending_request.h"

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

std::int64_t request_ts(const json& request) {
  const auto ts = request.find("ts");
  return ts != request.end() && ts->is_number_integer() ? ts->get<std::int64_t>() : 0;
}

json newest_first(json requests) {
  std::stable_sort(requests.begin(), requests.end(),
                   [](const json& a, const json& b) { return request_ts(a) > request_ts(b); });
  return requests;
}

std::string text(const json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string agents_line(const json& summary) {
  const json sessions = summary.value("sessions", json::object());
  const json by_agent = sessions.value("byAgent", json::array());
  const std::string default_agent = text(summary.value("heartbeat", json::object()), "defaultAgentId");
  std::string agents;
  for (const auto& agent : by_agent) {
    const std::string id = text(agent, "agentId");
    agents += (agents.empty() ? "" : ", ") + id + (id == default_agent ? " (default)" : "");
  }
  const std::int64_t count = sessions.value("count", std::int64_t{0});
  return "Agents: " + (agents.empty() ? std::string("none") : agents) + " · sessions " + std::to_string(count);
}

std::string heartbeat_line(const json& summary) {
  const json agents = summary.value("heartbeat", json::object()).value("agents", json::array());
  std::string enabled;
  for (const auto& agent : agents) {
    if (!agent.value("enabled", false)) continue;
    enabled += (enabled.empty() ? "" : ", ") + text(agent, "agentId") + " every " + text(agent, "every");
  }
  return "Heartbeat: " + (enabled.empty() ? std::string("disabled") : enabled);
}

}  // namespace

json pending_requests_from_file(const std::filesystem::path& pending_json, std::int64_t now_ms) {
  std::ifstream in(pending_json);
  if (!in) return json::array();
  json pending = json::parse(in, nullptr, false);
  json requests = json::array();
  if (!pending.is_object()) return requests;
  for (const auto& [request_id, request] : pending.items()) {
    if (!request.is_object() || pairing::request_expired(request, now_ms)) continue;
    json entry = request;
    if (!entry.contains("requestId")) entry["requestId"] = request_id;
    requests.push_back(std::move(entry));
  }
  return newest_first(std::move(requests));
}

json pending_requests_from_rpc(const json& list) {
  const json pending = list.is_object() ? list.value("pending", json::array()) : json::array();
  return newest_first(pending.is_array() ? pending : json::array());
}

std::string format_duration(std::int64_t ms) {
  const std::int64_t seconds = std::max<std::int64_t>(0, ms / 1000);
  const std::int64_t days = seconds / 86400, hours = seconds % 86400 / 3600, minutes = seconds % 3600 / 60;
  if (days > 0) return std::to_string(days) + "d " + std::to_string(hours) + "h";
  if (hours > 0) return std::to_string(hours) + "h " + std::to_string(minutes) + "m";
  if (minutes > 0) return std::to_string(minutes) + "m " + std::to_string(seconds % 60) + "s";
  return std::to_string(seconds) + "s";
}

std::string pairing_line(const PendingPairing& pairing) {
  if (pairing.source == "unavailable") return "Pairing: unknown (gateway unreachable and devices/pending.json unreadable)";
  if (pairing.requests.empty()) return "Pairing: no pending requests";
  const json& latest = pairing.requests.front();
  std::string who = text(latest, "displayName");
  if (who.empty()) who = "device " + text(latest, "deviceId").substr(0, 12);
  if (const std::string ip = text(latest, "remoteIp"); !ip.empty()) who += ", " + ip;
  return "Pairing: " + plural(pairing.requests.size(), "pending request") + " (latest: " + who +
         ") — approve with: openclaw devices approve " + text(latest, "requestId") +
         " (openclaw devices list shows them all)";
}

json status_overview_json(const StatusOverview& overview) {
  const auto& gateway = overview.gateway;
  json gateway_json = {{"reachable", gateway.reachable()},
                       {"target", overview.target},
                       {"latencyMs", gateway.connect_latency_ms ? json(*gateway.connect_latency_ms) : json(nullptr)},
                       {"capability", to_string(gateway.capability)},
                       {"error", gateway.error ? json(*gateway.error) : json(nullptr)}};
  if (gateway.detail_code) gateway_json["detailCode"] = *gateway.detail_code;
  if (gateway.server.is_object() && gateway.server.contains("version")) gateway_json["version"] = gateway.server["version"];
  if (gateway.snapshot.is_object() && gateway.snapshot.contains("uptimeMs")) {
    gateway_json["uptimeMs"] = gateway.snapshot["uptimeMs"];
  }
  json config = {{"path", overview.config_path.string()},
                 {"exists", overview.config_exists},
                 {"valid", !overview.config_error.has_value()}};
  if (overview.config_error) config["error"] = *overview.config_error;
  json pairing = {{"source", overview.pairing.source},
                  {"pending", overview.pairing.requests.size()},
                  {"requests", overview.pairing.requests}};
  if (!overview.pairing.requests.empty()) {
    pairing["hint"] = "openclaw devices approve " + text(overview.pairing.requests.front(), "requestId");
  }
  return {{"gateway", gateway_json},
          {"config", config},
          {"stateDir", overview.state_dir.string()},
          {"summary", gateway.status},
          {"health", gateway.health},
          {"pairing", pairing}};
}

void print_status_overview(const StatusOverview& overview, std::ostream& out) {
  const auto& gateway = overview.gateway;
  out << "OpenClaw status\n\n";
  if (gateway.reachable()) {
    out << "Gateway: reachable · " << overview.target << " · " << *gateway.connect_latency_ms << "ms\n";
    std::string version = text(gateway.server, "version");
    if (version.empty()) version = text(gateway.status, "runtimeVersion");
    out << "Version: " << (version.empty() ? "unknown" : version);
    const json uptime = gateway.snapshot.is_object() ? gateway.snapshot.value("uptimeMs", json()) : json();
    if (uptime.is_number()) out << " · uptime " << format_duration(uptime.get<std::int64_t>());
    out << "\n";
    out << "Capability: " << capability_label(gateway.capability) << "\n";
  } else {
    out << "Gateway: unreachable · " << overview.target << (gateway.error ? " · " + *gateway.error : "") << "\n";
  }
  out << "Config: " << overview.config_path.string() << (overview.config_exists ? "" : " (missing)")
      << (overview.config_error ? " (invalid)" : "") << "\n";
  out << "State dir: " << overview.state_dir.string() << "\n";

  if (gateway.status.is_object()) {
    const json& summary = gateway.status;
    out << agents_line(summary) << "\n";
    out << heartbeat_line(summary) << "\n";
    const json model = summary.value("sessions", json::object()).value("defaults", json::object()).value("model", json());
    out << "Default model: " << (model.is_string() ? model.get<std::string>() : "not set") << "\n";
    const json queued = summary.value("queuedSystemEvents", json::array());
    out << "Queued system events: " << (queued.is_array() ? queued.size() : 0) << "\n";
  } else if (gateway.reachable() && gateway.error) {
    out << "Summary: unavailable · " << *gateway.error << "\n";
  }
  if (overview.deep && gateway.health.is_object()) {
    out << "Health: " << (gateway.health.value("ok", false) ? "ok" : "not ok") << " (probe "
        << gateway.health.value("durationMs", std::int64_t{0}) << "ms)\n";
  }
  out << pairing_line(overview.pairing) << "\n";
  if (!gateway.reachable()) {
    out << "\nNext: openclaw gateway status (runtime, port owner, last error) · openclaw logs --follow\n";
  }
}

}  // namespace openclaw::cli::status
