#include "core/config/env_substitution.h"

#include <gtest/gtest.h>

namespace openclaw::config {
namespace {

using nlohmann::json;

Environment env_with(std::map<std::string, std::string, std::less<>> vars) {
  return Environment(std::move(vars));
}

TEST(EnvSubstitution, ReplacesPlaceholdersInStringValues) {
  auto env = env_with({{"OPENAI_API_KEY", "sk-123"}, {"HOST", "api.example.com"}});
  auto result = substitute_env(
      json::parse(R"({"apiKey": "${OPENAI_API_KEY}", "url": "https://${HOST}:${HOST}/v1"})"), env);
  EXPECT_EQ(result.value["apiKey"], "sk-123");
  EXPECT_EQ(result.value["url"], "https://api.example.com:api.example.com/v1");
  EXPECT_TRUE(result.warnings.empty());
}

TEST(EnvSubstitution, DoubleDollarEscapesToALiteralPlaceholder) {
  auto env = env_with({{"VAR", "value"}});
  EXPECT_EQ(substitute_env_in_string("$${VAR}", env), "${VAR}");
  EXPECT_EQ(substitute_env_in_string("a $${VAR} b ${VAR}", env), "a ${VAR} b value");
}

TEST(EnvSubstitution, MissingVariableStaysAndWarnsWithItsPath) {
  auto result =
      substitute_env(json::parse(R"({"models": {"providers": {"openai": {"apiKey": "${NOPE}"}}}})"),
                     Environment());
  EXPECT_EQ(result.value["models"]["providers"]["openai"]["apiKey"], "${NOPE}");
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].path, "models.providers.openai.apiKey");
  EXPECT_EQ(result.warnings[0].message, "environment variable NOPE is not set (left as ${NOPE})");
}

TEST(EnvSubstitution, EmptyVariableCountsAsMissing) {
  auto env = env_with({{"EMPTY", ""}});
  std::vector<std::string> missing;
  EXPECT_EQ(substitute_env_in_string("x${EMPTY}y", env, &missing), "x${EMPTY}y");
  EXPECT_EQ(missing, std::vector<std::string>{"EMPTY"});
}

TEST(EnvSubstitution, OnlyUppercaseNamesArePlaceholders) {
  auto env = env_with({{"lower", "no"}, {"A", "yes"}, {"_X1", "ok"}});
  EXPECT_EQ(substitute_env_in_string("${lower} ${A-B} ${1A} ${_X1} ${A}", env),
            "${lower} ${A-B} ${1A} ok yes");
}

TEST(EnvSubstitution, MalformedPlaceholdersAreLeftAlone) {
  auto env = env_with({{"A", "x"}});
  EXPECT_EQ(substitute_env_in_string("${A", env), "${A");
  EXPECT_EQ(substitute_env_in_string("$A and $", env), "$A and $");
  EXPECT_EQ(substitute_env_in_string("${}", env), "${}");
  EXPECT_EQ(substitute_env_in_string("$$", env), "$$");
}

TEST(EnvSubstitution, KeysAndNonStringValuesAreUntouched) {
  auto env = env_with({{"K", "replaced"}});
  auto input = json::parse(R"({"${K}": "${K}", "n": 5, "b": true, "z": null})");
  auto result = substitute_env(input, env);
  EXPECT_EQ(result.value["${K}"], "replaced");
  EXPECT_EQ(result.value["n"], 5);
  EXPECT_EQ(result.value["b"], true);
  EXPECT_TRUE(result.value["z"].is_null());
}

TEST(EnvSubstitution, ArraysAreWalkedWithIndexedPaths) {
  auto result = substitute_env(json::parse(R"({"gateway": {"trustedProxies": ["10.0.0.1",
      "${PROXY_A}", "${PROXY_B}"]}})"),
                               env_with({{"PROXY_A", "10.0.0.2"}}));
  EXPECT_EQ(result.value["gateway"]["trustedProxies"][1], "10.0.0.2");
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].path, "gateway.trustedProxies[2]");
}

TEST(EnvSubstitution, EachMissingOccurrenceIsReported) {
  auto result = substitute_env(json::parse(R"({"a": "${X}-${Y}-${X}"})"), Environment());
  EXPECT_EQ(result.warnings.size(), 3u);
  EXPECT_EQ(result.value["a"], "${X}-${Y}-${X}");
}

TEST(EnvSubstitution, ValuesAreInsertedVerbatimNotReexpanded) {
  auto env = env_with({{"A", "${B}"}, {"B", "boom"}});
  EXPECT_EQ(substitute_env_in_string("${A}", env), "${B}");
}

TEST(EnvSubstitution, DetectsUnescapedReferences) {
  EXPECT_TRUE(contains_env_reference("Bearer ${TOKEN}"));
  EXPECT_FALSE(contains_env_reference("$${TOKEN}"));
  EXPECT_FALSE(contains_env_reference("${lower}"));
  EXPECT_FALSE(contains_env_reference("plain"));
  EXPECT_TRUE(contains_env_reference("$${A} ${B}"));
}

}  // namespace
}  // namespace openclaw::config
