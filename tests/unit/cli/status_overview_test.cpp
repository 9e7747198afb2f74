#include "cli/status/status_overview.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000'000;

json request(const std::string& id, std::int64_t ts, const std::string& ip = "203.0.113.7") {
  return {{"requestId", id}, {"deviceId", "d3adb33fd3adb33fd3adb33f"}, {"role", "operator"}, {"remoteIp", ip}, {"ts", ts}};
}

TEST(FormatDurationTest, Units) {
  EXPECT_EQ(format_duration(42'000), "42s");
  EXPECT_EQ(format_duration(192'000), "3m 12s");
  EXPECT_EQ(format_duration(5 * 3'600'000 + 4 * 60'000), "5h 4m");
  EXPECT_EQ(format_duration(2 * 86'400'000 + 3 * 3'600'000), "2d 3h");
}

TEST(PairingLineTest, TellsWhichRequestToApprove) {
  PendingPairing pairing{"rpc", json::array({request("new", kNow - 1000), request("old", kNow - 9000)})};
  EXPECT_EQ(pairing_line(pairing),
            "Pairing: 2 pending requests (latest: device d3adb33fd3ad, 203.0.113.7) — approve with: openclaw devices "
            "approve new (openclaw devices list shows them all)");
  EXPECT_EQ(pairing_line({"rpc", json::array()}), "Pairing: no pending requests");
}

TEST(PendingRequestsTest, RpcListNewestFirst) {
  const json list = {{"pending", json::array({request("a", 1), request("b", 3), request("c", 2)})}};
  const json requests = pending_requests_from_rpc(list);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["requestId"], "b");
  EXPECT_EQ(requests[2]["requestId"], "a");
}

TEST(PendingRequestsTest, FileSkipsExpiredRequests) {
  const auto path = std::filesystem::temp_directory_path() / ("pending-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << json{{"live", request("live", kNow - 60'000)}, {"stale", request("stale", kNow - 3'600'000)}}.dump();
  const json requests = pending_requests_from_file(path, kNow);
  std::filesystem::remove(path);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["requestId"], "live");
  EXPECT_EQ(pending_requests_from_file("/nonexistent/pending.json", kNow), json::array());
}

StatusOverview reachable_overview() {
  StatusOverview overview;
  overview.config_path = "/state/openclaw.json";
  overview.config_exists = true;
  overview.state_dir = "/state";
  overview.target = "unix:/state/gateway.sock";
  overview.gateway.connect_latency_ms = 4;
  overview.gateway.rpc_ok = true;
  overview.gateway.capability = ProbeCapability::AdminCapable;
  overview.gateway.server = {{"version", "0.1.0"}};
  overview.gateway.snapshot = {{"uptimeMs", 125'000}};
  overview.gateway.status = {
      {"runtimeVersion", "0.1.0"},
      {"heartbeat",
       {{"defaultAgentId", "main"}, {"agents", json::array({{{"agentId", "main"}, {"enabled", true}, {"every", "30m"}}})}}},
      {"queuedSystemEvents", json::array()},
      {"sessions",
       {{"count", 2}, {"defaults", {{"model", "anthropic/claude"}}}, {"byAgent", json::array({{{"agentId", "main"}, {"count", 2}}})}}}};
  overview.pairing = {"rpc", json::array({request("req-1", kNow)})};
  return overview;
}

TEST(StatusOverviewTextTest, ReachableGateway) {
  std::ostringstream out;
  print_status_overview(reachable_overview(), out);
  const std::string text = out.str();
  EXPECT_NE(text.find("Gateway: reachable · unix:/state/gateway.sock · 4ms\nVersion: 0.1.0 · uptime 2m 5s\n"
                      "Capability: admin-capable\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Agents: main (default) · sessions 2\nHeartbeat: main every 30m\nDefault model: anthropic/claude\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("approve with: openclaw devices approve req-1"), std::string::npos) << text;
}

TEST(StatusOverviewTextTest, UnreachableGatewayPointsToTheNextCommand) {
  StatusOverview overview;
  overview.config_path = "/state/openclaw.json";
  overview.target = "ws://127.0.0.1:18789";
  overview.gateway.error = "connect ECONNREFUSED 127.0.0.1:18789";
  overview.pairing = {"file", json::array()};
  std::ostringstream out;
  print_status_overview(overview, out);
  EXPECT_NE(out.str().find("Gateway: unreachable · ws://127.0.0.1:18789 · connect ECONNREFUSED 127.0.0.1:18789\n"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("Config: /state/openclaw.json (missing)\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Next: openclaw gateway status"), std::string::npos) << out.str();
}

TEST(StatusOverviewJsonTest, Shape) {
  const json out = status_overview_json(reachable_overview());
  EXPECT_EQ(out["gateway"]["reachable"], true);
  EXPECT_EQ(out["gateway"]["version"], "0.1.0");
  EXPECT_EQ(out["gateway"]["uptimeMs"], 125'000);
  EXPECT_EQ(out["gateway"]["capability"], "admin_capable");
  EXPECT_EQ(out["summary"]["sessions"]["count"], 2);
  EXPECT_EQ(out["pairing"]["pending"], 1);
  EXPECT_EQ(out["pairing"]["hint"], "openclaw devices approve req-1");
  EXPECT_EQ(out["config"]["valid"], true);
}

}  // namespace
}  // namespace openclaw::cli::status
