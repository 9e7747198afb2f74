// `openclaw gateway probe`: which gateways to try (an explicit --url, the configured
// gateway.remote.url, this machine's loopback), and the report over their probes — the JSON
// of spec §9 ({ok, degraded, capability, ts, durationMs, timeoutMs, primaryTargetId,
// warnings, targets[]}) and upstream's text ("Reachable: yes", "Capability: ...", one block
// per target). Pure: the command connects, this file only decides and formats.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/status/gateway_probe.h"

namespace openclaw::cli::status {

struct ProbeTarget {
  std::string id;    // "explicit", "configRemote", "localLoopback"
  std::string kind;  // the same names (upstream's target kinds)
  std::string url;
  bool active = false;  // the target the CLI would use for other commands
};

// The targets, deduplicated by URL, in upstream's order: explicit, configRemote (active when
// gateway.mode is "remote"), localLoopback (active otherwise). An explicit URL also makes the
// others inactive.
std::vector<ProbeTarget> probe_targets(const std::optional<std::string>& explicit_url,
                                       const std::optional<std::string>& remote_url, bool remote_mode,
                                       const std::string& loopback_url);

struct ProbedTarget {
  ProbeTarget target;
  ProbeResult result;
};

struct ProbeWarning {
  std::string code;
  std::string message;
  std::vector<std::string> target_ids;
};

// The first reachable target by kind: explicit, configRemote, localLoopback. nullopt when
// none is reachable.
std::optional<std::string> primary_target_id(const std::vector<ProbedTarget>& probed);

// multiple_gateways when reachable targets belong to different gateways (told apart by the
// presence entry the gateway reports for itself; targets without one count as different,
// as upstream), probe_scope_limited per target whose read RPCs lacked a scope,
// probe_detail_failed per target whose read RPCs failed otherwise, and no_gateway_reachable.
std::vector<ProbeWarning> probe_warnings(const std::vector<ProbedTarget>& probed);

// The gateway's own presence entry (mode "gateway", reason "self") as {host, ip, version,
// platform}, or null.
nlohmann::json gateway_self(const nlohmann::json& presence);

struct ProbeReport {
  std::vector<ProbedTarget> probed;
  std::int64_t ts_ms = 0;
  std::int64_t duration_ms = 0;
  std::int64_t timeout_ms = 0;
};

bool any_reachable(const ProbeReport& report);

nlohmann::json probe_report_json(const ProbeReport& report);

// Upstream's layout: "Gateway Status", "Reachable: yes|no", "Capability: ...", the probe
// budget, warnings, then one header and summary line per target.
void print_probe_report(const ProbeReport& report, std::ostream& out);

}  // namespace openclaw::cli::status
