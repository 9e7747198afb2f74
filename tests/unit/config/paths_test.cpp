#include "core/config/paths.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_env.h"

namespace openclaw::config {
namespace {

using testing::env_of;

using ::testing::HasSubstr;
using testing::TempDir;
namespace fs = std::filesystem;

TEST(ResolveHome, OpenclawHomeWinsOverHomeAndUserprofile) {
  auto env = env_of({{"OPENCLAW_HOME", "/srv/oc"}, {"HOME", "/home/me"}, {"USERPROFILE", "C:/u"}});
  EXPECT_EQ(resolve_home(env).value(), fs::path("/srv/oc"));
  EXPECT_EQ(resolve_home(env_of({{"HOME", "/home/me"}, {"USERPROFILE", "C:/u"}})).value(),
            fs::path("/home/me"));
  EXPECT_EQ(resolve_home(env_of({{"USERPROFILE", "C:/u"}})).value(), fs::path("C:/u"));
}

TEST(ResolveHome, BlankValuesAreIgnored) {
  auto env = env_of({{"OPENCLAW_HOME", "  "}, {"HOME", " /home/me "}});
  EXPECT_EQ(resolve_home(env).value(), fs::path("/home/me"));
}

TEST(ResolveHome, OpenclawHomeMayBeRelativeToTheRealHome) {
  auto env = env_of({{"OPENCLAW_HOME", "~/alt"}, {"HOME", "/home/me"}});
  EXPECT_EQ(resolve_home(env).value(), fs::path("/home/me/alt"));
}

TEST(ResolveHome, FailsWithoutAnyHome) {
  auto home = resolve_home(Environment());
  ASSERT_FALSE(home);
  EXPECT_THAT(home.error().message, HasSubstr("OPENCLAW_HOME"));
}

TEST(ExpandHome, OnlyALeadingTildeIsExpanded) {
  auto env = env_of({{"HOME", "/home/me"}});
  EXPECT_EQ(expand_home("~", env).value(), fs::path("/home/me"));
  EXPECT_EQ(expand_home("~/x/y", env).value(), fs::path("/home/me/x/y"));
  EXPECT_EQ(expand_home("/abs/~/x", env).value(), fs::path("/abs/~/x"));
  EXPECT_EQ(expand_home("~other", env).value(), fs::path("~other"));
  EXPECT_FALSE(expand_home("~/x", Environment()));
}

class StateDir : public ::testing::Test {
 protected:
  Environment env() const { return env_of({{"HOME", home_.path().string()}}); }
  TempDir home_;
};

TEST_F(StateDir, DefaultsToDotOpenclawInHome) {
  EXPECT_EQ(resolve_state_dir(env(), std::nullopt, false).value(), home_.path() / ".openclaw");
}

TEST_F(StateDir, LegacyDirectoryIsUsedOnlyWhenTheNewOneIsMissing) {
  home_.mkdir(".clawdbot");
  EXPECT_EQ(resolve_state_dir(env(), std::nullopt, false).value(), home_.path() / ".clawdbot");
  home_.mkdir(".openclaw");
  EXPECT_EQ(resolve_state_dir(env(), std::nullopt, false).value(), home_.path() / ".openclaw");
}

TEST_F(StateDir, ProfileAndDevSelectTheirOwnDirectories) {
  EXPECT_EQ(resolve_state_dir(env(), "work", false).value(), home_.path() / ".openclaw-work");
  EXPECT_EQ(resolve_state_dir(env(), std::nullopt, true).value(), home_.path() / ".openclaw-dev");
  EXPECT_EQ(resolve_state_dir(env(), "dev", true).value(), home_.path() / ".openclaw-dev");
  EXPECT_EQ(resolve_state_dir(env(), "Default", false).value(), home_.path() / ".openclaw");
}

TEST_F(StateDir, InvalidProfilesAreRejected) {
  auto slash = resolve_state_dir(env(), "../etc", false);
  ASSERT_FALSE(slash);
  EXPECT_THAT(slash.error().message, HasSubstr("invalid --profile"));
  auto both = resolve_state_dir(env(), "work", true);
  ASSERT_FALSE(both);
  EXPECT_THAT(both.error().message, HasSubstr("cannot combine --dev with --profile"));
}

TEST_F(StateDir, OverrideWinsEvenOverProfileAndIsTildeExpanded) {
  auto override_env = env_of({{"HOME", home_.path().string()}, {"OPENCLAW_STATE_DIR", "~/custom"}});
  EXPECT_EQ(resolve_state_dir(override_env, "work", false).value(), home_.path() / "custom");
  auto absolute = env_of({{"OPENCLAW_STATE_DIR", "/var/lib/openclaw"}});
  EXPECT_EQ(resolve_state_dir(absolute, std::nullopt, true).value(), fs::path("/var/lib/openclaw"));
}

TEST(ConfigPath, DefaultsToOpenclawJsonInTheStateDir) {
  TempDir state;
  EXPECT_EQ(resolve_config_path(Environment(), state.path()).value(),
            state.path() / "openclaw.json");
}

TEST(ConfigPath, LegacyFileNameIsUsedOnlyWhenItAloneExists) {
  TempDir state;
  state.write("clawdbot.json", "{}");
  EXPECT_EQ(resolve_config_path(Environment(), state.path()).value(),
            state.path() / "clawdbot.json");
  state.write("openclaw.json", "{}");
  EXPECT_EQ(resolve_config_path(Environment(), state.path()).value(),
            state.path() / "openclaw.json");
}

TEST(ConfigPath, EnvironmentOverrideWins) {
  auto env = env_of({{"OPENCLAW_CONFIG_PATH", "~/cfg/oc.json5"}, {"HOME", "/home/me"}});
  EXPECT_EQ(resolve_config_path(env, "/state").value(), fs::path("/home/me/cfg/oc.json5"));
}

TEST(ProfileNames, LettersDigitsDashUnderscore) {
  EXPECT_TRUE(is_valid_profile_name("work_2-b"));
  EXPECT_FALSE(is_valid_profile_name(""));
  EXPECT_FALSE(is_valid_profile_name("a b"));
  EXPECT_FALSE(is_valid_profile_name("a/b"));
  EXPECT_FALSE(is_valid_profile_name("a.b"));
}

}  // namespace
}  // namespace openclaw::config
