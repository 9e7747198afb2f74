#include "cli/status/service_units.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace openclaw::cli::status {
namespace {

TEST(GatewayUnitNameTest, MatchesTheRunbookNamesOnly) {
  EXPECT_TRUE(is_gateway_unit_name("openclaw-gateway.service"));
  EXPECT_TRUE(is_gateway_unit_name("openclaw-gateway-rescue.service"));
  EXPECT_FALSE(is_gateway_unit_name("openclaw-gateway-.service"));
  EXPECT_FALSE(is_gateway_unit_name("openclaw-gatewayx.service"));
  EXPECT_FALSE(is_gateway_unit_name("openclaw-gateway.timer"));
  EXPECT_FALSE(is_gateway_unit_name("nginx.service"));
}

class FindGatewayUnitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("status-units-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_ / "system");
    std::filesystem::create_directories(root_ / "user");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

  std::filesystem::path root_;
};

TEST_F(FindGatewayUnitsTest, ListsUnitsPerDirectoryWithTheirExecStart) {
  write(root_ / "system" / "openclaw-gateway.service",
        "[Service]\nExecStart=/usr/local/bin/openclaw gateway --port 18789\nRestart=always\n");
  write(root_ / "system" / "nginx.service", "[Service]\nExecStart=/usr/sbin/nginx\n");
  write(root_ / "user" / "openclaw-gateway-rescue.service", "[Service]\nExecStart=\nExecStart=/opt/openclaw gateway\n");
  const auto units = find_gateway_units({{"system", root_ / "system"}, {"user", root_ / "user"},
                                         {"system", root_ / "missing"}});
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].label, "openclaw-gateway.service");
  EXPECT_EQ(units[0].scope, "system");
  EXPECT_EQ(units[0].exec_start, "/usr/local/bin/openclaw gateway --port 18789");
  EXPECT_EQ(units[1].label, "openclaw-gateway-rescue.service");
  EXPECT_EQ(units[1].scope, "user");
  EXPECT_EQ(units[1].exec_start, "/opt/openclaw gateway");
  EXPECT_EQ(to_json(units[1])["detail"],
            "unit: " + (root_ / "user" / "openclaw-gateway-rescue.service").string() + ", ExecStart: /opt/openclaw gateway");
}

TEST(DefaultUnitDirectoriesTest, HonoursTheServiceCommandsTestHook) {
  Environment env;
  env.set("OPENCLAW_SYSTEMD_DIR", "/tmp/units");
  env.set("HOME", "/home/op");
  const auto directories = default_unit_directories(env);
  ASSERT_EQ(directories.size(), 1u);
  EXPECT_EQ(directories[0].path, "/tmp/units");
}

TEST(DefaultUnitDirectoriesTest, SystemAndUserDirectories) {
  Environment env;
  env.set("HOME", "/home/op");
  const auto directories = default_unit_directories(env);
  ASSERT_EQ(directories.size(), 3u);
  EXPECT_EQ(directories[0].path, "/etc/systemd/system");
  EXPECT_EQ(directories[1].path, "/lib/systemd/system");
  EXPECT_EQ(directories[2].path, "/home/op/.config/systemd/user");
  EXPECT_EQ(directories[2].scope, "user");
}

}  // namespace
}  // namespace openclaw::cli::status
