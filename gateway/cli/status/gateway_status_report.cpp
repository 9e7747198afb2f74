#include "cli/status/gateway_status_report.h"

#include <algorithm>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

std::optional<std::string> probe_note(const GatewayStatusReport& report) {
  if (report.bind_mode == "loopback") return "Loopback-only gateway; only local clients can connect.";
  if (report.bind_mode == "lan") {
    return "Local probe uses loopback (127.0.0.1). bind=lan listens on 0.0.0.0 (all interfaces); use a LAN IP for "
           "remote clients.";
  }
  return std::nullopt;
}

std::string bind_host(const GatewayStatusReport& report) {
  return report.bind_hosts.empty() ? "n/a" : report.bind_hosts.front();
}

// Listening addresses without repeats, in the order found.
std::vector<std::string> listening(const GatewayStatusReport& report) {
  std::vector<std::string> addresses;
  for (const auto& listener : report.port_usage.listeners) {
    if (std::find(addresses.begin(), addresses.end(), listener.address) == addresses.end()) {
      addresses.push_back(listener.address);
    }
  }
  return addresses;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

json runtime_json(const GatewayRuntime& runtime) {
  json out = {{"status", runtime.status}};
  if (runtime.pid) out["pid"] = *runtime.pid;
  if (!runtime.detail.empty()) out["detail"] = runtime.detail;
  return out;
}

}  // namespace

GatewayRuntime gateway_runtime(const GatewayStatusReport& report) {
  const auto& listeners = report.port_usage.listeners;
  const auto gateway = std::find_if(listeners.begin(), listeners.end(), is_gateway_listener);
  if (gateway != listeners.end()) return {"running", gateway->pid, ""};
  const bool connected = report.probe && report.probe->reachable();
  const bool invisible_owner =
      report.port_usage.status == PortStatus::Busy &&
      std::all_of(listeners.begin(), listeners.end(), [](const PortListener& l) { return !l.pid; });
  if (connected) {
    return {"running", std::nullopt, invisible_owner ? "" : "answers on " + report.probe_target};
  }
  if (report.port_usage.status == PortStatus::Busy) {
    if (auto conflict = describe_port_conflict(report.port_usage)) return {"stopped", std::nullopt, *conflict};
    return {"unknown", std::nullopt, "port busy, owner not visible"};
  }
  if (report.port_usage.status == PortStatus::Unknown && !report.probe) {
    return {"unknown", std::nullopt, "cannot read /proc/net/tcp"};
  }
  return {"stopped", std::nullopt, ""};
}

std::string format_runtime(const GatewayRuntime& runtime) {
  if (runtime.pid) return runtime.status + " (pid " + std::to_string(*runtime.pid) + ")";
  if (runtime.status == "unknown" && !runtime.detail.empty()) return runtime.status + " (" + runtime.detail + ")";
  return runtime.status;
}

bool probe_ok(const GatewayStatusReport& report) {
  if (!report.probe) return false;
  return report.probe->reachable() && (!report.read_probe || report.probe->rpc_ok);
}

json gateway_status_json(const GatewayStatusReport& report) {
  const GatewayRuntime runtime = gateway_runtime(report);
  json service = {{"label", "systemd"},
                  {"loaded", report.service_unit.has_value()},
                  {"loadedText", "installed"},
                  {"notLoadedText", "not installed"},
                  {"runtime", runtime_json(runtime)}};
  if (report.service_unit) {
    service["unit"] = {{"label", report.service_unit->label},
                       {"scope", report.service_unit->scope},
                       {"path", report.service_unit->path.string()}};
    if (!report.service_unit->exec_start.empty()) {
      service["command"] = {{"execStart", report.service_unit->exec_start},
                            {"sourcePath", report.service_unit->path.string()}};
    }
  }

  json cli_config = {{"path", report.config_path.string()},
                     {"exists", report.config_exists},
                     {"valid", !report.config_error.has_value()}};
  if (report.config_error) cli_config["issues"] = json::array({{{"path", ""}, {"message", *report.config_error}}});

  json gateway = {{"bindMode", report.bind_mode},
                  {"bindHost", bind_host(report)},
                  {"bindHosts", report.bind_hosts},
                  {"port", report.port},
                  {"portSource", report.port_source},
                  {"probeUrl", report.probe_url}};
  if (auto note = probe_note(report)) gateway["probeNote"] = *note;

  json out = {{"service", service},
              {"config", {{"cli", cli_config}}},
              {"stateDir", report.state_dir.string()},
              {"logFile", report.log_file.string()},
              {"gateway", gateway},
              {"port", to_json(report.port_usage)}};
  if (report.last_error) out["lastError"] = *report.last_error;
  if (report.probe) {
    const auto& probe = *report.probe;
    json rpc = {{"ok", probe_ok(report)},
                {"url", report.probe_target},
                {"capability", to_string(probe.capability)},
                {"auth", auth_json(probe)},
                {"latencyMs", probe.connect_latency_ms ? json(*probe.connect_latency_ms) : json(nullptr)},
                {"readProbe", report.read_probe}};
    if (probe.error) rpc["error"] = *probe.error;
    if (probe.detail_code) rpc["detailCode"] = *probe.detail_code;
    if (probe.server.is_object() && probe.server.contains("version")) rpc["version"] = probe.server["version"];
    out["rpc"] = rpc;
  }
  out["health"] = {{"healthy", runtime.status == "running" && (!report.probe || probe_ok(report))}};
  json extra = json::array();
  for (const auto& unit : report.extra_units) extra.push_back(to_json(unit));
  out["extraServices"] = extra;
  return out;
}

void print_gateway_status(const GatewayStatusReport& report, std::ostream& out, std::ostream& err) {
  const std::string service_state = report.service_unit ? "installed, " + report.service_unit->path.string()
                                                        : "not installed";
  out << "Service: systemd (" << service_state << ")\n";
  out << "File logs: " << report.log_file.string() << "\n";
  if (report.service_unit && !report.service_unit->exec_start.empty()) {
    out << "Command: " << report.service_unit->exec_start << "\n";
  }
  out << "\n";

  out << "Config (cli): " << report.config_path.string() << (report.config_exists ? "" : " (missing)")
      << (report.config_error ? " (invalid)" : "") << "\n";
  if (report.config_error && report.config_exists) err << "Config issue: " << *report.config_error << "\n";
  out << "State dir: " << report.state_dir.string() << "\n\n";

  out << "Gateway: bind=" << report.bind_mode << " (" << bind_host(report) << "), port=" << report.port << " ("
      << report.port_source << ")\n";
  out << "Probe target: " << report.probe_url << "\n";
  if (auto note = probe_note(report)) out << "Probe note: " << *note << "\n";
  out << "\n";

  const GatewayRuntime runtime = gateway_runtime(report);
  out << "Runtime: " << format_runtime(runtime) << "\n";
  if (report.probe) {
    const auto& probe = *report.probe;
    if (probe.reachable()) {
      out << "Connectivity probe: ok\n";
    } else {
      err << "Connectivity probe: failed\n";
      err << "Probe target: " << report.probe_target << "\n";
      if (probe.error) err << "  " << *probe.error << "\n";
    }
    out << "Capability: " << capability_label(probe.capability) << "\n";
    if (report.read_probe && probe.reachable()) {
      if (probe.rpc_ok) {
        out << "Read probe: ok\n";
      } else {
        err << "Read probe: " << (probe.scope_limited ? "limited" : "failed")
            << (probe.error ? " - " + *probe.error : "") << "\n";
      }
    }
    out << "\n";
  }

  // Port details matter when the gateway does not answer: who holds the port, and why.
  if (report.port_usage.status == PortStatus::Busy && !probe_ok(report)) {
    for (const auto& line : format_port_diagnostics(report.port_usage)) err << line << "\n";
  }
  if (const auto addresses = listening(report); !addresses.empty()) out << "Listening: " << join(addresses, ", ") << "\n";
  if (report.last_error && (runtime.status != "running" || (report.probe && !probe_ok(report)))) {
    err << "Last gateway error: " << *report.last_error << "\n";
  }

  if (!report.extra_units.empty()) {
    err << "Other gateway-like services detected (best effort):\n";
    for (const auto& unit : report.extra_units) {
      err << "- " << unit.label << " (" << unit.scope << ", unit: " << unit.path.string() << ")\n";
    }
    err << "Cleanup hint: systemctl disable --now <unit> for the ones you do not use, then remove the unit file.\n";
    err << "Recommendation: run a single gateway per machine for most setups. One gateway supports multiple agents "
           "(see docs: /gateway#multiple-gateways-same-host).\n";
  } else if (report.deep) {
    out << "Other gateway-like services: none found\n";
  }
  out << "\nTroubles: run openclaw status\n";
}

}  // namespace openclaw::cli::status
