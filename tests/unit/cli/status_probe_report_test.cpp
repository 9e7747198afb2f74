#include "cli/status/probe_report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

ProbeResult reachable(std::vector<std::string> scopes, json presence = nullptr) {
  ProbeResult result;
  result.connect_latency_ms = 5;
  result.rpc_ok = true;
  result.scopes = scopes;
  result.role = "operator";
  result.capability = capability_from({.connected = true, .auth_metadata_present = true, .scopes = scopes});
  result.presence = std::move(presence);
  return result;
}

ProbeResult refused(std::string error) {
  ProbeResult result;
  result.error = std::move(error);
  return result;
}

json self_presence(const std::string& host, const std::string& instance) {
  return json::array({{{"mode", "gateway"}, {"reason", "self"}, {"host", host}, {"ip", "10.0.0.1"},
                       {"instanceId", instance}, {"version", "0.1.0"}, {"platform", "linux"}}});
}

TEST(ProbeTargetsTest, UpstreamOrderDeduplicatedWithTheActiveOne) {
  const auto targets = probe_targets(std::nullopt, "wss://gw.example:443", false, "ws://127.0.0.1:18789");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].id, "configRemote");
  EXPECT_FALSE(targets[0].active);
  EXPECT_EQ(targets[1].id, "localLoopback");
  EXPECT_TRUE(targets[1].active);

  const auto remote = probe_targets(std::nullopt, "wss://gw.example:443", true, "ws://127.0.0.1:18789");
  EXPECT_TRUE(remote[0].active);
  EXPECT_FALSE(remote[1].active);

  const auto explicit_same = probe_targets("ws://127.0.0.1:18789", std::nullopt, false, "ws://127.0.0.1:18789");
  ASSERT_EQ(explicit_same.size(), 1u);
  EXPECT_EQ(explicit_same[0].id, "explicit");
}

TEST(ProbeWarningsTest, TwoDifferentGatewaysAreAMultipleGatewaysWarning) {
  std::vector<ProbedTarget> probed = {
      {{"configRemote", "configRemote", "wss://a", false}, reachable({"operator.read"}, self_presence("a", "i1"))},
      {{"localLoopback", "localLoopback", "ws://127.0.0.1:1", true}, reachable({"operator.admin"}, self_presence("b", "i2"))}};
  const auto warnings = probe_warnings(probed);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "multiple_gateways");
  EXPECT_EQ(warnings[0].target_ids, (std::vector<std::string>{"configRemote", "localLoopback"}));
  EXPECT_EQ(primary_target_id(probed), "configRemote");
}

TEST(ProbeWarningsTest, TheSameGatewayTwiceIsNotMultiple) {
  std::vector<ProbedTarget> probed = {
      {{"explicit", "explicit", "ws://localhost:1", true}, reachable({"operator.read"}, self_presence("a", "i1"))},
      {{"localLoopback", "localLoopback", "ws://127.0.0.1:1", false}, reachable({"operator.read"}, self_presence("a", "i1"))}};
  EXPECT_TRUE(probe_warnings(probed).empty());
}

TEST(ProbeWarningsTest, ScopeLimitedAndNothingReachable) {
  ProbeResult limited = reachable({});
  limited.rpc_ok = false;
  limited.scope_limited = true;
  limited.error = "missing scope: operator.read";
  std::vector<ProbedTarget> probed = {{{"localLoopback", "localLoopback", "ws://127.0.0.1:1", true}, limited}};
  auto warnings = probe_warnings(probed);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "probe_scope_limited");
  EXPECT_EQ(warnings[0].target_ids, (std::vector<std::string>{"localLoopback"}));

  probed = {{{"localLoopback", "localLoopback", "ws://127.0.0.1:1", true}, refused("connect ECONNREFUSED")}};
  warnings = probe_warnings(probed);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "no_gateway_reachable");
  EXPECT_EQ(primary_target_id(probed), std::nullopt);
}

TEST(ProbeReportJsonTest, SpecShape) {
  ProbeReport report;
  report.probed = {{{"localLoopback", "localLoopback", "ws://127.0.0.1:18789", true},
                    reachable({"operator.admin"}, self_presence("box", "i1"))}};
  report.ts_ms = 1000;
  report.duration_ms = 12;
  report.timeout_ms = 3000;
  const json out = probe_report_json(report);
  EXPECT_EQ(out["ok"], true);
  EXPECT_EQ(out["degraded"], false);
  EXPECT_EQ(out["capability"], "admin_capable");
  EXPECT_EQ(out["primaryTargetId"], "localLoopback");
  EXPECT_EQ(out["timeoutMs"], 3000);
  EXPECT_EQ(out["warnings"], json::array());
  const json& target = out["targets"][0];
  EXPECT_EQ(target["kind"], "localLoopback");
  EXPECT_EQ(target["connect"]["rpcOk"], true);
  EXPECT_EQ(target["connect"]["latencyMs"], 5);
  EXPECT_EQ(target["auth"]["capability"], "admin_capable");
  EXPECT_EQ(target["self"]["host"], "box");
  for (const char* key : {"health", "summary", "presence", "config", "tunnel"}) EXPECT_TRUE(target.contains(key)) << key;
}

TEST(ProbeReportTextTest, ReachableLineCapabilityAndTargets) {
  ProbeReport report;
  report.timeout_ms = 3000;
  report.probed = {{{"configRemote", "configRemote", "wss://gw.example", false}, refused("connect ETIMEDOUT")},
                   {{"localLoopback", "localLoopback", "ws://127.0.0.1:18789", true},
                    reachable({"operator.read"}, self_presence("box", "i1"))}};
  std::ostringstream out;
  print_probe_report(report, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("Reachable: yes\nCapability: read-only\nProbe budget: 3000ms\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Remote (configured, inactive) wss://gw.example\n  Connect: failed - connect ETIMEDOUT · "
                      "Capability: unknown\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Local loopback ws://127.0.0.1:18789\n  Connect: ok (5ms) · Capability: read-only · Read probe: "
                      "ok\n  Gateway: box (10.0.0.1) · linux · app 0.1.0\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace openclaw::cli::status
