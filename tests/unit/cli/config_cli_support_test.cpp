#include "cli/config_cli_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace openclaw::cli::config_cli {
namespace {

using ::testing::HasSubstr;

TEST(ConfigCliArguments, SeparatesPositionalsSwitchesAndValues) {
  auto parsed = parse_arguments(
      {"gateway.port", "--json", "--batch-json", "[]", "19001", "--batch-file=x.json"},
      {"--json", "--reveal"}, {"--batch-json", "--batch-file"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->positional, (std::vector<std::string>{"gateway.port", "19001"}));
  EXPECT_TRUE(parsed->flags.contains("--json"));
  EXPECT_FALSE(parsed->flags.contains("--reveal"));
  EXPECT_EQ(parsed->values.at("--batch-json"), "[]");
  EXPECT_EQ(parsed->values.at("--batch-file"), "x.json");
}

TEST(ConfigCliArguments, DoubleDashEndsOptions) {
  auto parsed =
      parse_arguments({"gateway.controlUi.basePath", "--", "--not-an-option"}, {"--json"}, {});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->positional,
            (std::vector<std::string>{"gateway.controlUi.basePath", "--not-an-option"}));
}

TEST(ConfigCliArguments, UnknownOptionsAndMissingValuesAreNamed) {
  auto unknown = parse_arguments({"--reveal"}, {"--json"}, {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "unknown option --reveal");
  auto missing = parse_arguments({"--batch-json"}, {}, {"--batch-json"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "--batch-json needs a value");
}

TEST(ConfigCliPaths, ConfigPathFollowsTheGatewaysRules) {
  Environment env;
  env.set("HOME", "/home/op");
  EXPECT_EQ(*active_config_path(env), "/home/op/.openclaw/openclaw.json");
  env.set("OPENCLAW_STATE_DIR", "/var/lib/openclaw");
  EXPECT_EQ(*active_config_path(env), "/var/lib/openclaw/openclaw.json");
  env.set("OPENCLAW_CONFIG_PATH", "/etc/openclaw/openclaw.json");
  EXPECT_EQ(*active_config_path(env), "/etc/openclaw/openclaw.json");
}

TEST(ConfigCliIssues, InvalidConfigReportNamesEveryPath) {
  config::ConfigSnapshot snapshot;
  snapshot.path = "/state/openclaw.json";
  snapshot.issues = {{"gateway.port", "70000 is out of range"}, {"", "JSON5 parse failed: line 1"}};
  std::ostringstream err;
  print_invalid_config(snapshot, err, kRepairThenRetry);
  EXPECT_EQ(err.str(),
            "OpenClaw config is invalid: /state/openclaw.json\n"
            "- gateway.port: 70000 is out of range\n"
            "- <root>: JSON5 parse failed: line 1\n"
            "Run `openclaw doctor --fix` to repair, then retry.\n");
}

}  // namespace
}  // namespace openclaw::cli::config_cli
