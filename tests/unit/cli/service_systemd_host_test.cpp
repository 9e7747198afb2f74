#include <gtest/gtest.h>

#include "../config/temp_dir.h"
#include "../config/test_env.h"
#include "cli/service/systemd_host.h"

namespace openclaw::cli::service {
namespace {

using config::testing::env_of;

TEST(SystemdHost, RunningCanBeDeclaredForTests) {
  EXPECT_TRUE(systemd_running(env_of({{"OPENCLAW_SYSTEMD_RUNNING", "1"}})));
  EXPECT_FALSE(systemd_running(env_of({{"OPENCLAW_SYSTEMD_RUNNING", "0"}})));
  EXPECT_EQ(systemd_running(Environment{}), std::filesystem::is_directory("/run/systemd/system"));
}

TEST(SystemdHost, UnitDirectories) {
  EXPECT_EQ(*unit_directory(Scope::System, Environment{}), "/etc/systemd/system");
  EXPECT_EQ(*unit_directory(Scope::User, env_of({{"HOME", "/home/ada"}})),
            "/home/ada/.config/systemd/user");
  EXPECT_EQ(
      *unit_directory(Scope::User, env_of({{"HOME", "/home/ada"}, {"XDG_CONFIG_HOME", "/cfg"}})),
      "/cfg/systemd/user");
  EXPECT_EQ(*unit_directory(Scope::System, env_of({{"OPENCLAW_SYSTEMD_DIR", "/tmp/units"}})),
            "/tmp/units");
  EXPECT_FALSE(unit_directory(Scope::User, Environment{}));
}

TEST(SystemdHost, FindsTheInstalledUnitInTheHookDirectory) {
  config::testing::TempDir dir;
  const auto env = env_of({{"OPENCLAW_SYSTEMD_DIR", dir.path().string()}});
  EXPECT_FALSE(find_installed_unit(env));
  dir.write("openclaw-gateway.service", "[Unit]\n");
  auto unit = find_installed_unit(env);
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->path, dir.path() / "openclaw-gateway.service");
  EXPECT_EQ(unit->scope, Scope::System);
  EXPECT_EQ(find_installed_unit(env, Scope::User)->scope, Scope::User);
}

TEST(SystemdHost, CurrentExecutableIsAbsolute) {
  auto path = current_executable();
  ASSERT_TRUE(path);
  EXPECT_TRUE(path->is_absolute());
  EXPECT_EQ(path->filename(), "service_systemd_host_test");
}

}  // namespace
}  // namespace openclaw::cli::service
