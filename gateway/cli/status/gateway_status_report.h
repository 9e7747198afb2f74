// `openclaw gateway status`: what was found about this machine's gateway (process on the
// port, probe, config, service unit, last logged error) and how it is shown — the JSON of
// upstream's DaemonStatus (spec §9) as far as it applies here (systemd, no launchd), and the
// text lines the runbooks quote: "Runtime: running (pid N)", "Connectivity probe: ok",
// "Capability: admin-capable".
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/status/gateway_probe.h"
#include "cli/status/port_usage.h"
#include "cli/status/service_units.h"

namespace openclaw::cli::status {

struct GatewayStatusReport {
  std::filesystem::path config_path;
  bool config_exists = false;
  std::optional<std::string> config_error;  // why the config did not load, when it did not
  std::filesystem::path state_dir;
  std::filesystem::path log_file;

  std::string bind_mode;                 // "loopback", "lan", ...
  std::vector<std::string> bind_hosts;   // what the gateway binds for that mode
  unsigned short port = 0;
  std::string port_source;               // "env", "config", "default"
  std::string probe_url;                 // ws://127.0.0.1:<port>

  PortUsage port_usage;
  std::optional<ServiceUnit> service_unit;  // openclaw-gateway.service, when installed
  bool deep = false;                        // --deep: extra_units was searched
  std::vector<ServiceUnit> extra_units;     // other gateway-like units (--deep)

  std::optional<ProbeResult> probe;      // nullopt with --no-probe
  bool read_probe = false;               // --require-rpc: the probe called `status`
  std::string probe_target;              // where the probe connected (URL or unix:<path>)
  std::optional<std::string> last_error; // last error line of the gateway log
};

struct GatewayRuntime {
  std::string status;         // "running", "stopped", "unknown"
  std::optional<pid_t> pid;
  std::string detail;         // why, when not plainly running or stopped
};

// Running when an openclaw process listens on the port or the probe connected; stopped when
// the port is free or held by a foreign process (the conflict is in the port hints);
// unknown when the port is busy, its owner invisible and no probe connected.
GatewayRuntime gateway_runtime(const GatewayStatusReport& report);

// "running (pid 1234)", "stopped", "unknown (port busy, owner not visible)".
std::string format_runtime(const GatewayRuntime& runtime);

// True when the probe proved what was asked: the handshake, and with --require-rpc the
// `status` RPC too. False without a probe.
bool probe_ok(const GatewayStatusReport& report);

// {service:{label, loaded, loadedText, notLoadedText, unit?, runtime:{status, pid?, detail?}},
//  config:{cli:{path, exists, valid, issues?}}, stateDir, logFile,
//  gateway:{bindMode, bindHost, bindHosts, port, portSource, probeUrl, probeNote?},
//  port:{...}, lastError?, rpc?:{ok, url, error?, capability, auth, latencyMs, readProbe},
//  health:{healthy}, extraServices:[...]}
nlohmann::json gateway_status_json(const GatewayStatusReport& report);

// The human report: normal lines to `out`, failures and conflicts to `err` (as upstream).
void print_gateway_status(const GatewayStatusReport& report, std::ostream& out, std::ostream& err);

}  // namespace openclaw::cli::status
