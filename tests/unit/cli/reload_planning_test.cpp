// Re-planning from an edited openclaw.json, as the reloader does: effective values (env
// tokens, ${VAR}s, file SecretRefs) only count as changed when what the gateway would use
// changes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/reload/config_reloader.h"
#include "cli/startup_settings.h"
#include "server/reload/reload_plan.h"

namespace openclaw::cli::reload {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kEnvToken = "env-token-0123456789abcdef0123456789";

class ReloadPlanningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "oc-reload-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    environment_ = Environment({{"OPENCLAW_STATE_DIR", dir_.string()}, {"HOME", dir_.string()}});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& relative, const std::string& content) {
    std::filesystem::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative, std::ios::trunc) << content;
  }
  void write_config(const std::string& content) { write("openclaw.json", content); }

  server::RuntimeSettings plan() {
    auto planned = plan_startup(options_, environment_, PlanPurpose::Reload);
    EXPECT_TRUE(planned.has_value()) << (planned ? "" : planned.error().message);
    return planned ? planned->settings : server::RuntimeSettings{};
  }

  std::filesystem::path dir_;
  Environment environment_;
  GatewayRunOptions options_;
};

TEST_F(ReloadPlanningTest, AnEnvTokenNeverLooksChangedAndAnAddedProxyIsHot) {
  environment_.set("OPENCLAW_GATEWAY_TOKEN", kEnvToken);
  write_config(R"({ gateway: { mode: "local", bind: "loopback", auth: { mode: "token" } } })");
  const auto running = plan();
  ASSERT_EQ(running.auth.token, kEnvToken);
  write_config(R"({ gateway: { mode: "local", bind: "loopback", auth: { mode: "token" },
                               trustedProxies: ["10.0.0.0/8"] }, logging: { level: "debug" } })");
  const auto diff = server::reload::plan_reload(running, plan());
  EXPECT_THAT(diff.hot, ElementsAre("gateway.trustedProxies", "logging"));
  EXPECT_FALSE(diff.shared_secret_changed);
  EXPECT_FALSE(diff.needs_listeners());
}

TEST_F(ReloadPlanningTest, AnInlinedValueEqualToTheSubstitutedVariableIsNoChange) {
  environment_.set("GW_TOKEN", kEnvToken);
  write_config(R"({ gateway: { mode: "local", auth: { mode: "token", token: "${GW_TOKEN}" } } })");
  const auto running = plan();
  write_config(std::string(R"({ gateway: { mode: "local", auth: { mode: "token", token: ")") +
               kEnvToken + R"(" } } })");
  EXPECT_TRUE(server::reload::plan_reload(running, plan()).empty());
}

TEST_F(ReloadPlanningTest, ARotatedTokenFileChangesTheSharedSecret) {
  write("credentials/gateway-token", "first-token-0123456789abcdef0123\n");
  const std::string config = R"({
    gateway: { mode: "local", auth: { mode: "token", token: { source: "file", provider: "gateway-token", id: "value" } } },
    secrets: { providers: { "gateway-token": { source: "file", path: "credentials/gateway-token", mode: "singleValue" } } },
  })";
  write_config(config);
  const auto running = plan();
  EXPECT_TRUE(server::reload::plan_reload(running, plan()).empty())
      << "re-reading the same file changes nothing";
  write("credentials/gateway-token", "second-token-0123456789abcdef012\n");
  const auto diff = server::reload::plan_reload(running, plan());
  EXPECT_THAT(diff.hot, ElementsAre("gateway.auth.token"));
  EXPECT_TRUE(diff.shared_secret_changed);
  EXPECT_THAT(reload_watch_files(running, environment_),
              ElementsAre(dir_ / "openclaw.json", dir_ / "credentials/gateway-token"));
}

TEST_F(ReloadPlanningTest, APortChangeNeedsNewListeners) {
  environment_.set("OPENCLAW_GATEWAY_TOKEN", kEnvToken);
  write_config(R"({ gateway: { mode: "local", bind: "loopback", port: 18789 } })");
  const auto running = plan();
  write_config(R"({ gateway: { mode: "local", bind: "loopback", port: 18790 } })");
  const auto diff = server::reload::plan_reload(running, plan());
  EXPECT_THAT(diff.listener, ElementsAre("gateway.port"));
  EXPECT_THAT(diff.hot, IsEmpty());
}

TEST_F(ReloadPlanningTest, ABrokenEditFailsNamingTheFileAndTheProblem) {
  write_config(R"({ gateway: { mode: "local", port: 99999 } })");
  auto planned = plan_startup(options_, environment_, PlanPurpose::Reload);
  ASSERT_FALSE(planned.has_value());
  EXPECT_THAT(planned.error().message, HasSubstr((dir_ / "openclaw.json").string()));
  EXPECT_THAT(planned.error().message, HasSubstr("gateway.port"));

  write_config(R"({ gateway: { mode: "local", )");
  planned = plan_startup(options_, environment_, PlanPurpose::Reload);
  ASSERT_FALSE(planned.has_value());
  EXPECT_THAT(planned.error().message, HasSubstr((dir_ / "openclaw.json").string()));
}

TEST_F(ReloadPlanningTest, ReloadPlanningNeverRewritesTheConfigFile) {
  environment_.set("OPENCLAW_GATEWAY_TOKEN", kEnvToken);
  const std::string config = R"({ gateway: { mode: "local", bind: "lan" } })";
  write_config(config);
  const auto settings = plan();
  EXPECT_FALSE(settings.control_ui.allowed_origins.empty()) << "seeded for this run";
  std::ifstream in(dir_ / "openclaw.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), config);
}

TEST_F(ReloadPlanningTest, LoggingLevelBecomesTheMinimumUnlessVerbose) {
  server::RuntimeSettings settings;
  settings.config.logging.level = "warn";
  EXPECT_EQ(configured_log_level(settings, false), log::Level::warn);
  EXPECT_EQ(configured_log_level(settings, true), std::nullopt);
}

}  // namespace
}  // namespace openclaw::cli::reload
