#include "core/config/redaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json5/json5.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kMarker(kRedactedMarker);

ConfigPath path_of(std::string_view text) { return *parse_config_path(text); }

json sample_config() {
  return {
      {"gateway",
       {{"port", 18789},
        {"auth",
         {{"mode", "token"},
          {"token", "inline-gateway-token"},
          {"password", "${GATEWAY_PASSWORD}"}}},
        {"remote", {{"token", {{"source", "file"}, {"provider", "default"}, {"id", "value"}}}}}}},
      {"models",
       {{"providers",
         {{"openai",
           {{"baseUrl", "https://api.openai.com/v1"},
            {"apiKey", "sk-live-provider-key"},
            {"headers", {{"X-Org", "org-header-secret"}}}}}}}}},
      {"env", {{"vars", {{"OPENAI_API_KEY", "sk-env-var"}}}, {"GROQ_API_KEY", "gsk-shorthand"}}},
      {"channels",
       {{"telegram",
         {{"enabled", true}, {"botToken", "123:telegram-bot-token"}, {"chatId", "42"}}}}},
      {"hooks", {{"enabled", true}, {"token", "hook-token-value"}}},
      {"secrets",
       {{"providers",
         {{"default", {{"source", "file"}, {"path", "/state/credentials/gateway-token"}}}}}}},
      {"agents", {{"list", {{{"id", "main"}, {"model", "openai/gpt-4o"}}}}}},
  };
}

TEST(Redaction, ReplacesInlineSecretsAndKeepsEverythingElse) {
  const json redacted = redact_config(sample_config());
  EXPECT_EQ(redacted["gateway"]["auth"]["token"], kMarker);
  EXPECT_EQ(redacted["models"]["providers"]["openai"]["apiKey"], kMarker);
  EXPECT_EQ(redacted["models"]["providers"]["openai"]["headers"]["X-Org"], kMarker);
  EXPECT_EQ(redacted["env"]["vars"]["OPENAI_API_KEY"], kMarker);
  EXPECT_EQ(redacted["env"]["GROQ_API_KEY"], kMarker);
  EXPECT_EQ(redacted["hooks"]["token"], kMarker);
  EXPECT_EQ(redacted["channels"]["telegram"]["botToken"], kMarker)
      << "sections we pass through: key names decide";

  EXPECT_EQ(redacted["gateway"]["port"], 18789);
  EXPECT_EQ(redacted["gateway"]["auth"]["mode"], "token");
  EXPECT_EQ(redacted["models"]["providers"]["openai"]["baseUrl"], "https://api.openai.com/v1");
  EXPECT_EQ(redacted["channels"]["telegram"]["chatId"], "42");
  EXPECT_EQ(redacted["channels"]["telegram"]["enabled"], true);
  EXPECT_EQ(redacted["secrets"], sample_config()["secrets"])
      << "provider settings say where secrets live";
  EXPECT_EQ(redacted["agents"], sample_config()["agents"]);
}

TEST(Redaction, SecretRefsAndEnvPlaceholdersStayVisible) {
  const json redacted = redact_config(sample_config());
  EXPECT_EQ(redacted["gateway"]["remote"]["token"], sample_config()["gateway"]["remote"]["token"]);
  EXPECT_EQ(redacted["gateway"]["auth"]["password"], "${GATEWAY_PASSWORD}");
  // An object that only looks like a ref (an extra key could hold anything) is redacted.
  json odd = {
      {"gateway", {{"auth", {{"token", {{"source", "env"}, {"id", "X"}, {"value", "leak"}}}}}}}};
  EXPECT_THAT(redact_config(odd).dump(), Not(HasSubstr("leak")));
}

TEST(Redaction, NothingSecretSurvivesInTheDump) {
  const std::string dumped = redact_config(sample_config()).dump();
  for (const char* secret :
       {"inline-gateway-token", "sk-live-provider-key", "org-header-secret", "sk-env-var",
        "gsk-shorthand", "123:telegram-bot-token", "hook-token-value"}) {
    EXPECT_THAT(dumped, Not(HasSubstr(secret)));
  }
}

TEST(Redaction, SecretPathQueries) {
  EXPECT_TRUE(is_secret_path(path_of("gateway.auth.token")));
  EXPECT_TRUE(is_secret_path(path_of("gateway.auth.password")));
  EXPECT_TRUE(is_secret_path(path_of("gateway.metrics.token")));
  EXPECT_TRUE(is_secret_path(path_of("models.providers[\"my.provider\"].apiKey")));
  EXPECT_TRUE(is_secret_path(path_of("env.vars.ANYTHING")));
  EXPECT_TRUE(is_secret_path(path_of("channels.discord.token")));
  EXPECT_FALSE(is_secret_path(path_of("gateway.port")));
  EXPECT_FALSE(is_secret_path(path_of("gateway.auth")));
  EXPECT_FALSE(is_secret_path(path_of("gateway.auth.mode")));
  EXPECT_FALSE(is_secret_path(path_of("secrets.providers.default.path")));
  EXPECT_FALSE(is_secret_path(path_of("agents.list[0].id")));
  EXPECT_FALSE(is_secret_path(path_of("models.providers.openai.models[0].maxTokens")));
}

TEST(Redaction, CollectsEachSecretOnceLongestFirst) {
  json tree = {{"gateway", {{"auth", {{"token", "abc"}}}, {"remote", {{"token", "abcdef"}}}}},
               {"hooks", {{"token", "abc"}}}};
  EXPECT_EQ(collect_secret_values(tree), (std::vector<std::string>{"abcdef", "abc"}));
}

TEST(Redaction, RawTextKeepsCommentsAndLosesSecrets) {
  const std::string raw = R"(// managed by ops
{
  gateway: {
    port: 18789,
    auth: { mode: "token", token: "inline-gateway-token" }, // rotate monthly
  },
  models: { providers: { openai: { baseUrl: "https://api.openai.com/v1", apiKey: 'sk-live-provider-key' } } },
}
)";
  const json parsed = *json5::parse(raw);
  const std::string redacted = redact_raw_text(raw, parsed);
  EXPECT_THAT(redacted, HasSubstr("// managed by ops"));
  EXPECT_THAT(redacted, HasSubstr("// rotate monthly"));
  EXPECT_THAT(redacted, Not(HasSubstr("inline-gateway-token")));
  EXPECT_THAT(redacted, Not(HasSubstr("sk-live-provider-key")));
  EXPECT_EQ(*json5::parse(redacted), redact_config(parsed));
}

TEST(Redaction, RawTextFallsBackToJsonWhenTextReplacementWouldBeWrong) {
  // The token equals an agent id: replacing text would corrupt the id, so the redacted tree
  // is returned as JSON instead.
  const std::string raw =
      R"({ gateway: { auth: { token: "main" } }, agents: { list: [ { id: "main" } ] } })";
  const json parsed = *json5::parse(raw);
  const std::string redacted = redact_raw_text(raw, parsed);
  const json reparsed = json::parse(redacted);
  EXPECT_EQ(reparsed["gateway"]["auth"]["token"], kMarker);
  EXPECT_EQ(reparsed["agents"]["list"][0]["id"], "main");

  // A secret written with an escape is still found (the JSON spelling is tried too).
  const std::string escaped = R"({ gateway: { auth: { token: "a\"b-secret" } } })";
  EXPECT_THAT(redact_raw_text(escaped, *json5::parse(escaped)), Not(HasSubstr("b-secret")));
}

TEST(Redaction, RestorePutsBackTheStoredSecrets) {
  const json original = sample_config();
  const json incoming = redact_config(original);
  auto restored = restore_redacted(incoming, original);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(*restored, original);

  json edited = incoming;
  edited["gateway"]["port"] = 19000;
  edited["gateway"]["auth"]["token"] = "a-new-token";
  restored = restore_redacted(edited, original);
  ASSERT_TRUE(restored);
  EXPECT_EQ((*restored)["gateway"]["port"], 19000);
  EXPECT_EQ((*restored)["gateway"]["auth"]["token"], "a-new-token")
      << "a changed secret is taken as sent";
  EXPECT_EQ((*restored)["models"]["providers"]["openai"]["apiKey"], "sk-live-provider-key");
}

TEST(Redaction, RestoreUsesTheFallbackThenFailsNamingTheKey) {
  json incoming = {{"gateway", {{"auth", {{"token", kMarker}}}}}};
  json fallback = {{"gateway", {{"auth", {{"token", "from-include"}}}}}};
  auto restored = restore_redacted(incoming, json::object(), fallback);
  ASSERT_TRUE(restored);
  EXPECT_EQ((*restored)["gateway"]["auth"]["token"], "from-include");

  auto missing = restore_redacted(incoming, json::object());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "Sentinel value \"__OPENCLAW_REDACTED__\" in key gateway.auth.token is not valid as "
            "real data");
}

TEST(Redaction, EnvPlaceholderShape) {
  EXPECT_TRUE(is_env_placeholder("${OPENAI_API_KEY}"));
  EXPECT_TRUE(is_env_placeholder("  ${X}  "));
  EXPECT_FALSE(is_env_placeholder("prefix-${X}"));
  EXPECT_FALSE(is_env_placeholder("${X}${Y}"));
  EXPECT_FALSE(is_env_placeholder("plain"));
}

}  // namespace
}  // namespace openclaw::config
