#include "core/state/layout.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace openclaw::state {
namespace {

TEST(StateLayoutTest, FilesLiveWhereUpstreamKeepsThem) {
  StateLayout layout("/var/lib/openclaw");
  EXPECT_EQ(layout.config_file(), "/var/lib/openclaw/openclaw.json");
  EXPECT_EQ(layout.paired_devices(), "/var/lib/openclaw/devices/paired.json");
  EXPECT_EQ(layout.pending_devices(), "/var/lib/openclaw/devices/pending.json");
  EXPECT_EQ(layout.device_identity(), "/var/lib/openclaw/identity/device.json");
  EXPECT_EQ(layout.device_auth(), "/var/lib/openclaw/identity/device-auth.json");
  EXPECT_EQ(layout.auth_profiles("ops"), "/var/lib/openclaw/agents/ops/agent/auth-profiles.json");
  EXPECT_EQ(layout.sessions_dir("main"), "/var/lib/openclaw/agents/main/sessions");
}

TEST(StateLayoutTest, RequiredDirectoriesComeParentsFirstForEveryAgent) {
  StateLayout layout("/s");
  auto directories = layout.required_directories({"main", "ops"});
  for (const char* expected : {"/s", "/s/identity", "/s/devices", "/s/credentials", "/s/agents/main/agent",
                               "/s/agents/main/sessions", "/s/agents/ops/agent", "/s/agents/ops/sessions",
                               "/s/workspace", "/s/cron", "/s/logs", "/s/metrics"}) {
    EXPECT_NE(std::find(directories.begin(), directories.end(), expected), directories.end()) << expected;
  }
  for (std::size_t i = 0; i < directories.size(); ++i) {
    auto parent = directories[i].parent_path();
    auto at = std::find(directories.begin(), directories.end(), parent);
    if (at != directories.end()) EXPECT_LT(static_cast<std::size_t>(at - directories.begin()), i) << directories[i];
  }
}

}  // namespace
}  // namespace openclaw::state
