#include "cli/status/gateway_status_report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

GatewayStatusReport base_report() {
  GatewayStatusReport report;
  report.config_path = "/state/openclaw.json";
  report.config_exists = true;
  report.state_dir = "/state";
  report.log_file = "/state/logs/gateway.log";
  report.bind_mode = "loopback";
  report.bind_hosts = {"127.0.0.1"};
  report.port = 18789;
  report.port_source = "config";
  report.probe_url = "ws://127.0.0.1:18789";
  report.probe_target = "unix:/state/gateway.sock";
  return report;
}

PortUsage held_by(PortListener listener) {
  PortUsage usage{18789, PortStatus::Busy, {std::move(listener)}, {}};
  usage.hints = port_hints(usage);
  return usage;
}

ProbeResult connected(std::vector<std::string> scopes) {
  ProbeResult probe;
  probe.connect_latency_ms = 3;
  probe.rpc_ok = true;
  probe.scopes = scopes;
  probe.capability = capability_from({.connected = true, .auth_metadata_present = true, .scopes = scopes});
  return probe;
}

ProbeResult unreachable() {
  ProbeResult probe;
  probe.error = "connect ECONNREFUSED 127.0.0.1:18789";
  return probe;
}

TEST(GatewayRuntimeTest, RunningWhenOurProcessHoldsThePort) {
  auto report = base_report();
  report.port_usage = held_by({"127.0.0.1:18789", 4242, "openclaw", "openclaw gateway run"});
  report.probe = connected({"operator.admin"});
  const auto runtime = gateway_runtime(report);
  EXPECT_EQ(format_runtime(runtime), "running (pid 4242)");
}

TEST(GatewayRuntimeTest, StoppedWhenAForeignProcessHoldsThePort) {
  auto report = base_report();
  report.port_usage = held_by({"0.0.0.0:18789", 812, "python3", "python3 -m http.server 18789"});
  report.probe = unreachable();
  const auto runtime = gateway_runtime(report);
  EXPECT_EQ(runtime.status, "stopped");
  EXPECT_EQ(runtime.detail, "port 18789 is held by python3 (pid 812)");
  EXPECT_EQ(format_runtime(runtime), "stopped");
}

TEST(GatewayRuntimeTest, StoppedWhenThePortIsFreeAndUnknownWhenTheOwnerIsHidden) {
  auto report = base_report();
  report.port_usage = {18789, PortStatus::Free, {}, {}};
  report.probe = unreachable();
  EXPECT_EQ(format_runtime(gateway_runtime(report)), "stopped");
  report.port_usage = held_by({"127.0.0.1:18789", std::nullopt, "", ""});
  EXPECT_EQ(format_runtime(gateway_runtime(report)), "unknown (port busy, owner not visible)");
  report.probe = connected({});
  EXPECT_EQ(gateway_runtime(report).status, "running");
}

TEST(GatewayStatusTextTest, HealthyGatewayPrintsTheRunbookLines) {
  auto report = base_report();
  report.port_usage = held_by({"127.0.0.1:18789", 4242, "openclaw", "openclaw gateway run"});
  report.probe = connected({"operator.admin"});
  report.last_error = "t error gateway: old";
  std::ostringstream out, err;
  print_gateway_status(report, out, err);
  const std::string text = out.str();
  EXPECT_NE(text.find("Runtime: running (pid 4242)\nConnectivity probe: ok\nCapability: admin-capable\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Gateway: bind=loopback (127.0.0.1), port=18789 (config)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Listening: 127.0.0.1:18789\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Config (cli): /state/openclaw.json\n"), std::string::npos) << text;
  EXPECT_EQ(err.str(), "") << "a healthy gateway prints nothing alarming";
}

TEST(GatewayStatusTextTest, PortConflictNamesTheHolder) {
  auto report = base_report();
  report.port_usage = held_by({"0.0.0.0:18789", 812, "python3", "python3 -m http.server 18789"});
  report.probe = unreachable();
  report.last_error = "t fatal gateway: listen failed";
  std::ostringstream out, err;
  print_gateway_status(report, out, err);
  EXPECT_NE(out.str().find("Runtime: stopped\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Capability: unknown\n"), std::string::npos) << out.str();
  const std::string errors = err.str();
  EXPECT_NE(errors.find("Connectivity probe: failed\n"), std::string::npos) << errors;
  EXPECT_NE(errors.find("  connect ECONNREFUSED 127.0.0.1:18789\n"), std::string::npos) << errors;
  EXPECT_NE(errors.find("Port 18789 is already in use.\n- pid 812: python3 -m http.server 18789 (0.0.0.0:18789)\n- port "
                        "18789 is held by python3 (pid 812)\n"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("Last gateway error: t fatal gateway: listen failed\n"), std::string::npos) << errors;
}

TEST(GatewayStatusTextTest, ReadProbeFailureIsReported) {
  auto report = base_report();
  report.read_probe = true;
  report.port_usage = held_by({"127.0.0.1:18789", 4242, "openclaw", "openclaw gateway run"});
  report.probe = connected({});
  report.probe->rpc_ok = false;
  report.probe->scope_limited = true;
  report.probe->error = "missing scope: operator.read";
  EXPECT_FALSE(probe_ok(report));
  std::ostringstream out, err;
  print_gateway_status(report, out, err);
  EXPECT_NE(err.str().find("Read probe: limited - missing scope: operator.read\n"), std::string::npos) << err.str();
}

TEST(GatewayStatusJsonTest, DaemonStatusShape) {
  auto report = base_report();
  report.port_usage = held_by({"127.0.0.1:18789", 4242, "openclaw", "openclaw gateway run"});
  report.probe = connected({"operator.admin"});
  report.last_error = "t error gateway: old";
  const json out = gateway_status_json(report);
  EXPECT_EQ(out["service"]["runtime"], (json{{"status", "running"}, {"pid", 4242}}));
  EXPECT_EQ(out["service"]["loaded"], false);
  EXPECT_EQ(out["config"]["cli"], (json{{"path", "/state/openclaw.json"}, {"exists", true}, {"valid", true}}));
  EXPECT_EQ(out["gateway"]["port"], 18789);
  EXPECT_EQ(out["gateway"]["portSource"], "config");
  EXPECT_EQ(out["gateway"]["probeUrl"], "ws://127.0.0.1:18789");
  EXPECT_EQ(out["port"]["status"], "busy");
  EXPECT_EQ(out["port"]["listeners"][0]["pid"], 4242);
  EXPECT_EQ(out["rpc"]["ok"], true);
  EXPECT_EQ(out["rpc"]["capability"], "admin_capable");
  EXPECT_EQ(out["rpc"]["url"], "unix:/state/gateway.sock");
  EXPECT_EQ(out["lastError"], "t error gateway: old");
  EXPECT_EQ(out["health"]["healthy"], true);
  EXPECT_EQ(out["extraServices"], json::array());
  EXPECT_EQ(out["stateDir"], "/state");
}

TEST(GatewayStatusJsonTest, NoProbeMeansNoRpcBlock) {
  auto report = base_report();
  report.port_usage = {18789, PortStatus::Free, {}, {}};
  EXPECT_FALSE(gateway_status_json(report).contains("rpc"));
}

}  // namespace
}  // namespace openclaw::cli::status
