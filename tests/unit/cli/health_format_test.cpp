#include <gtest/gtest.h>

#include "cli/health_command.h"

namespace openclaw::cli {
namespace {

using nlohmann::json;

json summary() {
  json heartbeat = {{"enabled", true}, {"every", "30m"}, {"everyMs", 1800000}};
  json main_sessions = {{"path", "/state/agents/main/sessions/sessions.json"},
                        {"count", 2},
                        {"recent", json::array({{{"key", "agent:main:main"}, {"updatedAt", 1}, {"age", 180000}},
                                                {{"key", "agent:main:old"}, {"updatedAt", nullptr}, {"age", nullptr}}})}};
  json ops_sessions = {{"path", "/state/agents/ops/sessions/sessions.json"}, {"count", 0}, {"recent", json::array()}};
  return {{"ok", true},
          {"durationMs", 3},
          {"defaultAgentId", "main"},
          {"agents", json::array({{{"agentId", "main"}, {"isDefault", true}, {"heartbeat", heartbeat}, {"sessions", main_sessions}},
                                  {{"agentId", "ops"},
                                   {"isDefault", false},
                                   {"heartbeat", {{"enabled", false}, {"every", "30m"}}},
                                   {"sessions", ops_sessions}}})},
          {"sessions", main_sessions}};
}

TEST(HealthFormatTest, DefaultAgentOnlyUnlessVerbose) {
  EXPECT_EQ(format_health(summary(), std::chrono::milliseconds(12), false),
            "Gateway: ok (12ms)\n"
            "Agents: main (default), ops\n"
            "Heartbeat interval: 30m (main)\n"
            "Session store (main): /state/agents/main/sessions/sessions.json (2 entries)\n"
            "- agent:main:main (3m ago)\n"
            "- agent:main:old (no activity)\n");
  const std::string verbose = format_health(summary(), std::chrono::milliseconds(12), true);
  EXPECT_NE(verbose.find("Gateway probe duration: 3ms\n"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("Heartbeat interval: 30m (main), disabled (ops)\n"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("Session store (ops): /state/agents/ops/sessions/sessions.json (0 entries)\n"), std::string::npos);
}

TEST(HealthFormatTest, NotOkSaysSo) {
  json bad = summary();
  bad["ok"] = false;
  EXPECT_EQ(format_health(bad, std::chrono::milliseconds(5), false).rfind("Gateway: not ok (5ms)\n", 0), 0u);
}

}  // namespace
}  // namespace openclaw::cli
