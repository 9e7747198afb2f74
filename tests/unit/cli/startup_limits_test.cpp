// The protocol limits a gateway starts with: upstream's defaults, and the environment knobs
// that override them (OPENCLAW_HANDSHAKE_TIMEOUT_MS, OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP,
// OPENCLAW_TICK_INTERVAL_MS and our OPENCLAW_HTTP_HEADER_TIMEOUT_MS). A value that is not a
// positive integer leaves the default: a typo must not disable a limit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/startup_settings.h"

namespace openclaw::cli {
namespace {

class StartupLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "oc-limits-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    environment_ = Environment({{"OPENCLAW_STATE_DIR", dir_.string()}, {"HOME", dir_.string()}});
    std::ofstream(dir_ / "openclaw.json")
        << R"({ gateway: { mode: "local", bind: "loopback", auth: { mode: "token", token: "t0123456789abcdef" } } })";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  server::ProtocolLimits limits() {
    auto planned = plan_startup(GatewayRunOptions{}, environment_);
    EXPECT_TRUE(planned.has_value()) << (planned ? "" : planned.error().message);
    return planned ? planned->settings.limits : server::ProtocolLimits{};
  }

  std::filesystem::path dir_;
  Environment environment_;
};

TEST_F(StartupLimitsTest, DefaultsAreUpstreamsAndATenSecondHeaderTimeout) {
  const auto defaults = limits();
  EXPECT_EQ(defaults.handshake_timeout, std::chrono::milliseconds(10'000));
  EXPECT_EQ(defaults.max_preauth_connections_per_ip, 32u);
  EXPECT_EQ(defaults.max_preauth_payload, 64u * 1024);
  EXPECT_EQ(defaults.max_payload, 25u * 1024 * 1024);
  EXPECT_EQ(defaults.http_header_timeout, std::chrono::milliseconds(10'000));
}

TEST_F(StartupLimitsTest, EnvironmentKnobsOverrideTheDefaults) {
  environment_.set("OPENCLAW_HANDSHAKE_TIMEOUT_MS", "2500");
  environment_.set("OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP", "4");
  environment_.set("OPENCLAW_HTTP_HEADER_TIMEOUT_MS", "1500");
  const auto set = limits();
  EXPECT_EQ(set.handshake_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(set.max_preauth_connections_per_ip, 4u);
  EXPECT_EQ(set.http_header_timeout, std::chrono::milliseconds(1500));
}

TEST_F(StartupLimitsTest, ValuesThatAreNotPositiveIntegersKeepTheDefault) {
  for (const char* bad : {"0", "-5", "ten", "10s", ""}) {
    environment_.set("OPENCLAW_HTTP_HEADER_TIMEOUT_MS", bad);
    EXPECT_EQ(limits().http_header_timeout, std::chrono::milliseconds(10'000)) << "value: " << bad;
  }
}

}  // namespace
}  // namespace openclaw::cli
