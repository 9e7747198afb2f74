#include "cli/status/command_flags.h"

#include <gtest/gtest.h>

#include <sstream>

namespace openclaw::cli::status {
namespace {

TEST(CommandFlagsTest, ReadsFlagsValuesAndPositionals) {
  CommandFlags flags({"req-1", "--latest", "--limit", "5", "--scope=operator.read", "--scope", "operator.write"});
  EXPECT_EQ(flags.flag("latest").value(), true);
  EXPECT_EQ(flags.flag("deep").value(), false);
  EXPECT_EQ(flags.integer("limit", 1, 10).value(), std::optional<std::int64_t>(5));
  EXPECT_EQ(flags.values("scope").value(), (std::vector<std::string>{"operator.read", "operator.write"}));
  EXPECT_EQ(flags.finish(1).value(), (std::vector<std::string>{"req-1"}));
}

TEST(CommandFlagsTest, NamesWhatIsWrong) {
  EXPECT_EQ(CommandFlags({"--limit"}).value("limit").error().message, "--limit needs a value");
  EXPECT_EQ(CommandFlags({"--limit="}).value("limit").error().message, "--limit needs a non-empty value");
  EXPECT_EQ(CommandFlags({"--limit", "0"}).integer("limit", 1, 5000).error().message,
            "--limit must be an integer from 1 to 5000, got \"0\"");
  EXPECT_EQ(CommandFlags({"--limit", "12abc"}).integer("limit", 1, 5000).error().message,
            "--limit must be an integer from 1 to 5000, got \"12abc\"");
  EXPECT_EQ(CommandFlags({"--deep=yes"}).flag("deep").error().message, "--deep takes no value");
  EXPECT_EQ(CommandFlags({"--folow"}).finish(0).error().message, "unknown option --folow");
  EXPECT_EQ(CommandFlags({"--x=1"}).finish(0).error().message, "unknown option --x");
  EXPECT_EQ(CommandFlags({"a", "b"}).finish(1).error().message, "unexpected argument \"b\"");
}

TEST(CommandFlagsTest, UsageErrorExitsTwoAndNamesTheCommand) {
  std::ostringstream err;
  EXPECT_EQ(usage_error("logs", "unknown option --folow", err), 2);
  EXPECT_EQ(err.str().substr(0, err.str().find('\n')), "openclaw logs: unknown option --folow");
}

}  // namespace
}  // namespace openclaw::cli::status
