#include "core/config/config_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openclaw::config {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

ConfigPath parsed(std::string_view text) {
  auto path = parse_config_path(text);
  EXPECT_TRUE(path) << text << ": " << (path ? "" : path.error().message);
  return path ? *path : ConfigPath{};
}

std::vector<std::string> keys(const ConfigPath& path) {
  std::vector<std::string> out;
  for (const auto& segment : path) out.push_back(segment.key);
  return out;
}

TEST(ConfigPathParse, DottedKeys) {
  EXPECT_EQ(keys(parsed("gateway.auth.token")),
            (std::vector<std::string>{"gateway", "auth", "token"}));
  EXPECT_EQ(keys(parsed("  gateway.port  ")), (std::vector<std::string>{"gateway", "port"}));
}

TEST(ConfigPathParse, IndexesInBracketsOrBare) {
  auto bracketed = parsed("agents.list[0].id");
  EXPECT_EQ(keys(bracketed), (std::vector<std::string>{"agents", "list", "0", "id"}));
  EXPECT_TRUE(bracketed[2].may_be_index);
  EXPECT_FALSE(bracketed[1].may_be_index);
  auto bare = parsed("agents.list.1.id");
  EXPECT_TRUE(bare[2].may_be_index);
  EXPECT_EQ(keys(parsed("a[0][1]")), (std::vector<std::string>{"a", "0", "1"}));
}

TEST(ConfigPathParse, QuotedKeysMayHoldDotsBracketsAndQuotes) {
  EXPECT_EQ(keys(parsed("models.providers[\"my.provider\"].baseUrl")),
            (std::vector<std::string>{"models", "providers", "my.provider", "baseUrl"}));
  EXPECT_EQ(keys(parsed("agents.defaults.models['openai/gpt-4o'].alias")),
            (std::vector<std::string>{"agents", "defaults", "models", "openai/gpt-4o", "alias"}));
  EXPECT_EQ(keys(parsed(R"(a["x]y"])")), (std::vector<std::string>{"a", "x]y"}));
  EXPECT_EQ(keys(parsed(R"(a["say \"hi\""])")), (std::vector<std::string>{"a", "say \"hi\""}));
  auto quoted_number = parsed("a[\"0\"]");
  EXPECT_FALSE(quoted_number[1].may_be_index) << "a quoted key is never an index";
}

TEST(ConfigPathParse, BackslashEscapesADot) {
  EXPECT_EQ(keys(parsed(R"(env.vars.MY\.VAR)")),
            (std::vector<std::string>{"env", "vars", "MY.VAR"}));
}

TEST(ConfigPathParse, BadPathsSayWhatIsWrong) {
  auto expect_error = [](std::string_view text, std::string_view what) {
    auto path = parse_config_path(text);
    ASSERT_FALSE(path) << text;
    EXPECT_THAT(path.error().message, HasSubstr(std::string(what))) << text;
  };
  expect_error("", "Path is empty.");
  expect_error("   ", "Path is empty.");
  expect_error("a..b", "empty segment");
  expect_error(".a", "empty segment");
  expect_error("a.", "ends with \".\"");
  expect_error("a[0", "missing \"]\"");
  expect_error("a[]", "empty \"[]\"");
  expect_error("a[\"x]", "unterminated quoted key");
  expect_error("a[0]b", "expected \".\" or \"[\" after \"]\"");
  expect_error("a[\"\"]", "empty quoted key");
  auto path = parse_config_path("gateway..port");
  ASSERT_FALSE(path);
  EXPECT_THAT(path.error().message, HasSubstr("gateway..port")) << "the error quotes the path";
}

TEST(ConfigPathFormat, CanonicalSpellingRoundTrips) {
  for (std::string_view text : {"gateway.auth.token", "agents.list[0].id",
                                "models.providers[\"my.provider\"].baseUrl", "a[\"0\"]"}) {
    EXPECT_EQ(format_config_path(parsed(text)), text);
  }
  EXPECT_EQ(format_config_path(parsed("agents.list.0.id")), "agents.list[0].id");
}

TEST(ConfigPathFind, FindsObjectsAndArrayElements) {
  const json tree = {{"gateway", {{"port", 18789}}},
                     {"agents", {{"list", {{{"id", "main"}}, {{"id", "ops"}}}}}}};
  ASSERT_NE(find_at_path(tree, parsed("gateway.port")), nullptr);
  EXPECT_EQ(*find_at_path(tree, parsed("gateway.port")), 18789);
  EXPECT_EQ(*find_at_path(tree, parsed("agents.list[1].id")), "ops");
  EXPECT_EQ(*find_at_path(tree, parsed("agents.list.0.id")), "main");
  EXPECT_EQ(find_at_path(tree, parsed("agents.list[2]")), nullptr);
  EXPECT_EQ(find_at_path(tree, parsed("gateway.port.x")), nullptr);
  EXPECT_EQ(find_at_path(tree, parsed("gateway.missing")), nullptr);
  EXPECT_EQ(find_at_path(tree, parsed("agents.list.first")), nullptr);
}

TEST(ConfigPathSet, CreatesMissingParentsAndKeepsSiblings) {
  json tree = {{"gateway", {{"port", 18789}, {"mode", "local"}}}};
  ASSERT_TRUE(set_at_path(tree, parsed("gateway.auth.token"), "t"));
  EXPECT_EQ(tree["gateway"]["auth"]["token"], "t");
  EXPECT_EQ(tree["gateway"]["port"], 18789);
  EXPECT_EQ(tree["gateway"]["mode"], "local");

  ASSERT_TRUE(set_at_path(tree, parsed("agents.list[0].id"), "main"));
  ASSERT_TRUE(tree["agents"]["list"].is_array()) << "an index step creates a list";
  EXPECT_EQ(tree["agents"]["list"][0]["id"], "main");
  ASSERT_TRUE(set_at_path(tree, parsed("agents.list[1]"), {{"id", "ops"}}))
      << "index == size appends";
  EXPECT_EQ(tree["agents"]["list"].size(), 2u);
  ASSERT_TRUE(set_at_path(tree, parsed("agents.list[0].id"), "first"));
  EXPECT_EQ(tree["agents"]["list"][0]["id"], "first");

  ASSERT_TRUE(set_at_path(tree, parsed("models.providers[\"my.provider\"].baseUrl"), "http://x"));
  EXPECT_EQ(tree["models"]["providers"]["my.provider"]["baseUrl"], "http://x");
}

TEST(ConfigPathSet, RefusesToGoThroughAScalarAndChangesNothing) {
  json tree = {{"gateway", {{"port", 18789}}}};
  const json before = tree;
  auto result = set_at_path(tree, parsed("gateway.port.x"), 1);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("gateway.port is not an object (it is a number)"));
  EXPECT_EQ(tree, before);

  json list = {{"agents", {{"list", json::array({{{"id", "a"}}})}}}};
  auto by_key = set_at_path(list, parsed("agents.list.first.id"), "x");
  ASSERT_FALSE(by_key);
  EXPECT_THAT(by_key.error().message, HasSubstr("agents.list is a list"));
  auto past_end = set_at_path(list, parsed("agents.list[5]"), json::object());
  ASSERT_FALSE(past_end);
  EXPECT_THAT(past_end.error().message, HasSubstr("agents.list has 1 entries"));
}

TEST(ConfigPathUnset, RemovesKeysAndArrayElements) {
  json tree = {{"gateway", {{"port", 1}, {"mode", "local"}}}, {"list", {"a", "b", "c"}}};
  EXPECT_TRUE(unset_at_path(tree, parsed("gateway.port")));
  EXPECT_FALSE(tree["gateway"].contains("port"));
  EXPECT_EQ(tree["gateway"]["mode"], "local");
  EXPECT_TRUE(unset_at_path(tree, parsed("list[1]")));
  EXPECT_EQ(tree["list"], json({"a", "c"}));
  EXPECT_FALSE(unset_at_path(tree, parsed("gateway.port")));
  EXPECT_FALSE(unset_at_path(tree, parsed("list[9]")));
  EXPECT_FALSE(unset_at_path(tree, parsed("nothing.here")));
}

}  // namespace
}  // namespace openclaw::config
