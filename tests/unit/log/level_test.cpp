#include "core/log/level.h"

#include <gtest/gtest.h>

namespace openclaw::log {
namespace {

TEST(ParseLevel, AcceptsUpstreamNames) {
  EXPECT_EQ(parse_level("silent"), Level::silent);
  EXPECT_EQ(parse_level("fatal"), Level::fatal);
  EXPECT_EQ(parse_level("error"), Level::error);
  EXPECT_EQ(parse_level("warn"), Level::warn);
  EXPECT_EQ(parse_level("info"), Level::info);
  EXPECT_EQ(parse_level("debug"), Level::debug);
  EXPECT_EQ(parse_level("trace"), Level::trace);
}

TEST(ParseLevel, IgnoresCase) {
  EXPECT_EQ(parse_level("INFO"), Level::info);
  EXPECT_EQ(parse_level("Debug"), Level::debug);
}

TEST(ParseLevel, RejectsOtherSpellings) {
  for (const char* text : {"", "warning", "err", " info", "info ", "verbose", "none", "off"}) {
    EXPECT_EQ(parse_level(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(LevelName, RoundTripsThroughParse) {
  for (Level level : {Level::trace, Level::debug, Level::info, Level::warn, Level::error,
                      Level::fatal, Level::silent}) {
    EXPECT_EQ(parse_level(level_name(level)), level);
  }
  EXPECT_EQ(level_name(Level::warn), "warn");
}

TEST(Level, OrderedBySeverity) {
  EXPECT_LT(Level::trace, Level::debug);
  EXPECT_LT(Level::debug, Level::info);
  EXPECT_LT(Level::info, Level::warn);
  EXPECT_LT(Level::warn, Level::error);
  EXPECT_LT(Level::error, Level::fatal);
  EXPECT_LT(Level::fatal, Level::silent);
}

}  // namespace
}  // namespace openclaw::log
