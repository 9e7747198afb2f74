#include "core/config/includes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_env.h"

namespace openclaw::config {
namespace {

using testing::env_of;

using nlohmann::json;
using ::testing::HasSubstr;
using testing::TempDir;

class Includes : public ::testing::Test {
 protected:
  std::filesystem::path config_path() const { return dir_.path() / "openclaw.json"; }

  Result<json> resolve(std::string_view root_json, const IncludeOptions& options = {}) {
    return resolve_includes(json::parse(root_json), config_path(), options);
  }

  TempDir dir_;
};

TEST_F(Includes, TreeWithoutIncludesIsReturnedUnchanged) {
  auto input = json::parse(R"({"gateway": {"port": 1, "list": [{"a": 1}]}})");
  auto result = resolve_includes(input, config_path());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, input);
}

TEST_F(Includes, SingleFileReplacesTheContainingObject) {
  dir_.write("agents.json5", "{ list: [{ id: 'main' }], // comment\n }");
  auto result = resolve(R"({"agents": {"$include": "./agents.json5"}})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, json::parse(R"({"agents": {"list": [{"id": "main"}]}})"));
}

TEST_F(Includes, ArrayOfFilesDeepMergesInOrder) {
  dir_.write("a.json5", R"({"gateway": {"port": 1, "bind": "lan"}, "tags": ["a"]})");
  dir_.write("b.json5", R"({"gateway": {"port": 2}, "tags": ["b"]})");
  auto result = resolve(R"({"$include": ["a.json5", "b.json5"]})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, json::parse(R"({"gateway": {"port": 2, "bind": "lan"}, "tags": ["a", "b"]})"));
}

TEST_F(Includes, SiblingKeysOverrideIncludedValues) {
  dir_.write("gateway.json5", R"({"port": 1, "auth": {"mode": "token", "token": "x"}})");
  auto result =
      resolve(R"({"gateway": {"$include": "gateway.json5", "port": 9, "auth": {"token": "y"}}})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)["gateway"],
            json::parse(R"({"port": 9, "auth": {"mode": "token", "token": "y"}})"));
}

TEST_F(Includes, NestedIncludesResolveRelativeToTheIncludingFile) {
  dir_.write("parts/models.json5", R"({"$include": "providers/openai.json5"})");
  dir_.write("parts/providers/openai.json5", R"({"providers": {"openai": {"baseUrl": "u"}}})");
  auto result = resolve(R"({"models": {"$include": "parts/models.json5"}})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)["models"]["providers"]["openai"]["baseUrl"], "u");
}

TEST_F(Includes, IncludesInsideArraysAreResolved) {
  dir_.write("agent.json5", R"({"id": "ops"})");
  auto result = resolve(R"({"agents": {"list": [{"id": "main"}, {"$include": "agent.json5"}]}})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)["agents"]["list"][1]["id"], "ops");
}

TEST_F(Includes, PathsEscapingTheConfigDirectoryAreRefused) {
  TempDir outside;
  outside.write("evil.json5", "{}");
  std::string escaping = (outside.path() / "evil.json5").string();
  auto result = resolve(R"({"gateway": {"$include": ")" + escaping + R"("}})");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message,
              HasSubstr(config_path().string() + ": $include \"" + escaping + "\""));
  EXPECT_THAT(result.error().message, HasSubstr("outside the config directory"));

  auto dotdot = resolve(R"({"$include": "../x.json5"})");
  ASSERT_FALSE(dotdot);
  EXPECT_THAT(dotdot.error().message, HasSubstr("outside the config directory"));
}

TEST_F(Includes, ExtraRootsAllowSharedDirectories) {
  TempDir shared;
  shared.write("common.json5", R"({"logging": {"level": "debug"}})");
  IncludeOptions options;
  options.extra_roots = {shared.path()};
  std::string include = (shared.path() / "common.json5").string();
  auto result = resolve(R"({"$include": ")" + include + R"("})", options);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)["logging"]["level"], "debug");
}

TEST_F(Includes, SymlinksLeavingTheRootAreRefused) {
  TempDir outside;
  auto target = outside.write("secret.json5", R"({"x": 1})");
  std::filesystem::create_symlink(target, dir_.path() / "link.json5");
  auto result = resolve(R"({"$include": "link.json5"})");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("symlink"));
}

TEST_F(Includes, CyclesAreDetected) {
  dir_.write("a.json5", R"({"$include": "b.json5"})");
  dir_.write("b.json5", R"({"$include": "a.json5"})");
  auto result = resolve(R"({"$include": "a.json5"})");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("circular include"));
  EXPECT_THAT(result.error().message, HasSubstr("b.json5: $include \"a.json5\""));
}

TEST_F(Includes, IncludingTheConfigFileItselfIsACycle) {
  auto result = resolve(R"({"$include": "openclaw.json"})");
  // The file does not exist on disk here, so identity falls back to the lexical path.
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("circular include"));
}

TEST_F(Includes, NestingDeeperThanTenLevelsIsRefused) {
  for (int i = 0; i < 11; ++i) {
    dir_.write("l" + std::to_string(i) + ".json5",
               R"({"$include": "l)" + std::to_string(i + 1) + R"(.json5"})");
  }
  dir_.write("l11.json5", R"({"deep": true})");
  auto result = resolve(R"({"$include": "l0.json5"})");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("nested deeper than 10 levels"));

  // Ten levels are fine.
  dir_.write("l9.json5", R"({"deep": true})");
  auto ok = resolve(R"({"$include": "l0.json5"})");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ((*ok)["deep"], true);
}

TEST_F(Includes, FilesOverTheSizeLimitAreRefused) {
  dir_.write("big.json5", std::string(100, ' ') + "{}");
  IncludeOptions options;
  options.max_file_bytes = 64;
  auto result = resolve(R"({"$include": "big.json5"})", options);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("larger than the limit of 64 bytes"));
}

TEST_F(Includes, MissingFileErrorNamesIncludeContainingFileAndResolvedPath) {
  auto result = resolve(R"({"agents": {"$include": "./agents.json5"}})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            config_path().string() + ": $include \"./agents.json5\": cannot read " +
                (dir_.path() / "agents.json5").string() + ": No such file or directory");
}

TEST_F(Includes, ParseErrorsInIncludedFilesCarryLineAndColumn) {
  dir_.write("bad.json5", "{\n  port: ,\n}");
  auto result = resolve(R"({"gateway": {"$include": "bad.json5"}})");
  ASSERT_FALSE(result);
  EXPECT_THAT(
      result.error().message,
      HasSubstr("cannot parse " + (dir_.path() / "bad.json5").string() + ": line 2, column"));
}

TEST_F(Includes, SiblingKeysNeedAnObjectToMergeInto) {
  dir_.write("list.json5", R"(["a", "b"])");
  auto alone = resolve(R"({"tags": {"$include": "list.json5"}})");
  ASSERT_TRUE(alone) << alone.error().message;
  EXPECT_EQ((*alone)["tags"], json::parse(R"(["a", "b"])"));

  auto with_siblings = resolve(R"({"tags": {"$include": "list.json5", "extra": 1}})");
  ASSERT_FALSE(with_siblings);
  EXPECT_THAT(with_siblings.error().message, HasSubstr("sibling keys need the included content "
                                                       "to be an object"));
}

TEST_F(Includes, IncludeValueMustBeStringOrListOfStrings) {
  auto number = resolve(R"({"$include": 5})");
  ASSERT_FALSE(number);
  EXPECT_THAT(number.error().message, HasSubstr("must be a string or an array of strings"));
  auto mixed = resolve(R"({"$include": ["a.json5", 3]})");
  ASSERT_FALSE(mixed);
}

TEST(IncludeRoots, ParsedFromTheEnvironment) {
  auto env =
      env_of({{"HOME", "/home/op"},
              {"OPENCLAW_INCLUDE_ROOTS", "/etc/openclaw: ~/shared ::relative:/etc/openclaw"}});
  auto roots = include_roots_from_env(env);
  EXPECT_EQ(roots, (std::vector<std::filesystem::path>{"/etc/openclaw", "/home/op/shared"}));
  EXPECT_TRUE(include_roots_from_env(Environment()).empty());
}

TEST(DeepMerge, ObjectsMergeArraysConcatenateScalarsReplace) {
  auto merged = deep_merge(json::parse(R"({"a": {"x": 1, "y": [1]}, "b": 1, "c": {"k": 1}})"),
                           json::parse(R"({"a": {"y": [2], "z": 3}, "b": {"o": 1}, "c": 5})"));
  EXPECT_EQ(merged, json::parse(R"({"a": {"x": 1, "y": [1, 2], "z": 3}, "b": {"o": 1}, "c": 5})"));
}

}  // namespace
}  // namespace openclaw::config
