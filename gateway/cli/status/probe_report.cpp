#include "cli/status/probe_report.h"

#include <algorithm>
#include <set>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

std::string string_field(const json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// Tells two reachable targets' gateways apart: host, ip and instance/device id of the
// gateway's self presence entry; nullopt when that entry is missing or incomplete.
std::optional<std::string> identity_key(const ProbedTarget& entry) {
  const json self = gateway_self(entry.result.presence);
  if (self.is_null()) return std::nullopt;
  const std::string host = string_field(self, "host");
  const std::string ip = string_field(self, "ip");
  std::string id = string_field(self, "instanceId");
  if (id.empty()) id = string_field(self, "deviceId");
  if ((host.empty() && ip.empty()) || id.empty()) return std::nullopt;
  return host + '\0' + ip + '\0' + id;
}

std::string kind_label(const ProbeTarget& target) {
  if (target.kind == "localLoopback") return "Local loopback";
  if (target.kind == "configRemote") return target.active ? "Remote (configured)" : "Remote (configured, inactive)";
  return "URL (explicit)";
}

json config_summary(const json& snapshot) {
  if (!snapshot.is_object()) return nullptr;
  const json config = snapshot.value("config", json::object());
  const json gateway = config.is_object() ? config.value("gateway", json::object()) : json::object();
  const json auth = gateway.is_object() ? gateway.value("auth", json::object()) : json::object();
  const json remote = gateway.is_object() ? gateway.value("remote", json::object()) : json::object();
  auto text_or_null = [](const json& object, const char* key) -> json {
    const auto value = string_field(object, key);
    return value.empty() ? json(nullptr) : json(value);
  };
  const json port = gateway.is_object() ? gateway.value("port", json()) : json();
  return {{"path", text_or_null(snapshot, "path")},
          {"exists", snapshot.value("exists", false)},
          {"valid", snapshot.value("valid", false)},
          {"issues", snapshot.value("issues", json::array())},
          {"legacyIssues", snapshot.value("legacyIssues", json::array())},
          {"gateway",
           {{"mode", text_or_null(gateway, "mode")},
            {"bind", text_or_null(gateway, "bind")},
            {"port", port.is_number_integer() ? port : json(nullptr)},
            {"authMode", text_or_null(auth, "mode")},
            {"authTokenConfigured", auth.is_object() && auth.contains("token")},
            {"authPasswordConfigured", auth.is_object() && auth.contains("password")},
            {"remoteUrl", text_or_null(remote, "url")}}}};
}

}  // namespace

std::vector<ProbeTarget> probe_targets(const std::optional<std::string>& explicit_url,
                                       const std::optional<std::string>& remote_url, bool remote_mode,
                                       const std::string& loopback_url) {
  std::vector<ProbeTarget> targets;
  auto add = [&targets](ProbeTarget target) {
    const bool seen = std::any_of(targets.begin(), targets.end(), [&](const ProbeTarget& t) { return t.url == target.url; });
    if (!seen) targets.push_back(std::move(target));
  };
  const bool has_explicit = explicit_url && !explicit_url->empty();
  if (has_explicit) add({"explicit", "explicit", *explicit_url, true});
  if (remote_url && !remote_url->empty()) add({"configRemote", "configRemote", *remote_url, !has_explicit && remote_mode});
  add({"localLoopback", "localLoopback", loopback_url, !has_explicit && !remote_mode});
  return targets;
}

std::optional<std::string> primary_target_id(const std::vector<ProbedTarget>& probed) {
  for (const char* kind : {"explicit", "configRemote", "localLoopback"}) {
    for (const auto& entry : probed) {
      if (entry.target.kind == kind && entry.result.reachable()) return entry.target.id;
    }
  }
  return std::nullopt;
}

json gateway_self(const json& presence) {
  if (!presence.is_array()) return nullptr;
  for (const auto& entry : presence) {
    if (string_field(entry, "mode") == "gateway" && string_field(entry, "reason") == "self") {
      json self = json::object();
      for (const char* key : {"host", "ip", "version", "platform", "instanceId", "deviceId"}) {
        if (const auto value = string_field(entry, key); !value.empty()) self[key] = value;
      }
      return self;
    }
  }
  return nullptr;
}

std::vector<ProbeWarning> probe_warnings(const std::vector<ProbedTarget>& probed) {
  std::vector<ProbeWarning> warnings;
  std::vector<const ProbedTarget*> reachable;
  for (const auto& entry : probed) {
    if (entry.result.reachable()) reachable.push_back(&entry);
  }
  if (reachable.empty()) {
    std::vector<std::string> ids;
    for (const auto& entry : probed) ids.push_back(entry.target.id);
    warnings.push_back({"no_gateway_reachable",
                        "No gateway answered any probe. Run `openclaw gateway status --deep --require-rpc` to inspect "
                        "service state, config paths, listener owners, and logs.",
                        ids});
  }
  if (reachable.size() > 1) {
    std::set<std::string> keys;
    bool unidentified = false;
    for (const auto* entry : reachable) {
      if (auto key = identity_key(*entry)) keys.insert(*key); else unidentified = true;
    }
    if (unidentified || keys.size() > 1) {
      std::vector<std::string> ids;
      for (const auto* entry : reachable) ids.push_back(entry->target.id);
      warnings.push_back({"multiple_gateways",
                          "Unconventional setup: multiple reachable gateways detected. Usually one gateway per network "
                          "is recommended unless you intentionally run isolated profiles, like a rescue bot (see docs: "
                          "/gateway#multiple-gateways-same-host).",
                          ids});
    }
  }
  for (const auto& entry : probed) {
    if (!entry.result.reachable() || entry.result.rpc_ok) continue;
    if (entry.result.scope_limited) {
      warnings.push_back({"probe_scope_limited",
                          "Read-probe diagnostics are limited by gateway scopes (missing operator.read). Connection "
                          "succeeded, but read-only status calls are incomplete. Hint: pair device identity or use "
                          "credentials with operator.read.",
                          {entry.target.id}});
    } else {
      warnings.push_back({"probe_detail_failed",
                          "Gateway accepted the WebSocket connection, but follow-up read diagnostics failed" +
                              (entry.result.error ? ": " + *entry.result.error : std::string(".")),
                          {entry.target.id}});
    }
  }
  return warnings;
}

bool any_reachable(const ProbeReport& report) {
  return std::any_of(report.probed.begin(), report.probed.end(),
                     [](const ProbedTarget& entry) { return entry.result.reachable(); });
}

json probe_report_json(const ProbeReport& report) {
  std::vector<ProbeCapability> capabilities;
  bool degraded = false;
  json targets = json::array();
  for (const auto& entry : report.probed) {
    const auto& result = entry.result;
    if (result.reachable()) capabilities.push_back(result.capability);
    if (result.reachable() && !result.rpc_ok) degraded = true;
    targets.push_back({{"id", entry.target.id},
                       {"kind", entry.target.kind},
                       {"url", entry.target.url},
                       {"active", entry.target.active},
                       {"tunnel", nullptr},
                       {"connect", connect_json(result)},
                       {"auth", auth_json(result)},
                       {"self", gateway_self(result.presence)},
                       {"config", config_summary(result.config)},
                       {"health", result.health},
                       {"summary", result.status},
                       {"presence", result.presence}});
  }
  json warnings = json::array();
  for (const auto& warning : probe_warnings(report.probed)) {
    json item = {{"code", warning.code}, {"message", warning.message}};
    if (!warning.target_ids.empty()) item["targetIds"] = warning.target_ids;
    warnings.push_back(std::move(item));
  }
  const auto primary = primary_target_id(report.probed);
  std::string loopback_url;
  for (const auto& entry : report.probed) {
    if (entry.target.kind == "localLoopback") loopback_url = entry.target.url;
  }
  return {{"ok", any_reachable(report)},
          {"degraded", degraded},
          {"capability", to_string(strongest_capability(capabilities))},
          {"ts", report.ts_ms},
          {"durationMs", report.duration_ms},
          {"timeoutMs", report.timeout_ms},
          {"primaryTargetId", primary ? json(*primary) : json(nullptr)},
          {"warnings", warnings},
          {"network", {{"localLoopbackUrl", loopback_url}, {"localTailnetUrl", nullptr}, {"tailnetIPv4", nullptr}}},
          {"discovery", {{"timeoutMs", 0}, {"count", 0}, {"beacons", json::array()}}},
          {"targets", targets}};
}

void print_probe_report(const ProbeReport& report, std::ostream& out) {
  std::vector<ProbeCapability> capabilities;
  for (const auto& entry : report.probed) {
    if (entry.result.reachable()) capabilities.push_back(entry.result.capability);
  }
  out << "Gateway Status\n";
  out << "Reachable: " << (any_reachable(report) ? "yes" : "no") << "\n";
  out << "Capability: " << capability_label(strongest_capability(capabilities)) << "\n";
  out << "Probe budget: " << report.timeout_ms << "ms\n";
  const auto warnings = probe_warnings(report.probed);
  if (!warnings.empty()) {
    out << "\nWarning:\n";
    for (const auto& warning : warnings) out << "- " << warning.message << "\n";
  }
  out << "\nTargets\n";
  for (const auto& entry : report.probed) {
    out << kind_label(entry.target) << " " << entry.target.url << "\n";
    out << "  " << probe_summary_line(entry.result) << "\n";
    const json self = gateway_self(entry.result.presence);
    if (entry.result.rpc_ok && self.is_object()) {
      const std::string host = string_field(self, "host");
      const std::string ip = string_field(self, "ip");
      const std::string platform = string_field(self, "platform");
      const std::string version = string_field(self, "version");
      out << "  Gateway: " << (host.empty() ? "unknown" : host) << (ip.empty() ? "" : " (" + ip + ")")
          << (platform.empty() ? "" : " · " + platform) << (version.empty() ? "" : " · app " + version) << "\n";
    }
    out << "\n";
  }
}

}  // namespace openclaw::cli::status
