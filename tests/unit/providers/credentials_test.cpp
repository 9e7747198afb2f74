#include "providers/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../config/temp_dir.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Environment env_of(std::map<std::string, std::string, std::less<>> vars) {
  return Environment(std::move(vars));
}

config::Config make_config(const json& root) {
  auto config = config::from_json(root);
  EXPECT_TRUE(config) << config.error().message;
  return config ? *config : config::Config{};
}

std::vector<std::string> keys_of(const std::vector<ProviderCredential>& credentials) {
  std::vector<std::string> keys;
  for (const auto& credential : credentials) keys.push_back(credential.api_key);
  return keys;
}

std::vector<std::string> sources_of(const std::vector<ProviderCredential>& credentials) {
  std::vector<std::string> sources;
  for (const auto& credential : credentials) sources.push_back(credential.source);
  return sources;
}

class CredentialResolverTest : public ::testing::Test {
 protected:
  // Writes agents/<agent>/agent/auth-profiles.json under the state dir.
  void write_profiles(const json& store, const std::string& agent = "main") {
    dir_.write("state/agents/" + agent + "/agent/auth-profiles.json", store.dump());
  }
  CredentialResolver resolver(Environment env = {}) const {
    return CredentialResolver(state::StateLayout(dir_.path() / "state"), std::move(env),
                              dir_.path() / "state");
  }
  std::filesystem::path store_path(const std::string& agent = "main") const {
    return dir_.path() / "state/agents" / agent / "agent/auth-profiles.json";
  }

  config::testing::TempDir dir_;
};

TEST(ProviderEnvVars, WellKnownAndDerivedNames) {
  EXPECT_THAT(provider_env_vars("openai"), ElementsAre("OPENAI_API_KEY"));
  EXPECT_THAT(provider_env_vars("anthropic"), ElementsAre("ANTHROPIC_API_KEY"));
  EXPECT_THAT(provider_env_vars("openrouter"), ElementsAre("OPENROUTER_API_KEY"));
  EXPECT_THAT(provider_env_vars("zai"), ElementsAre("ZAI_API_KEY", "Z_AI_API_KEY"));
  EXPECT_THAT(provider_env_vars("google"), ElementsAre("GEMINI_API_KEY"));
  EXPECT_THAT(provider_env_vars("my-llm"), ElementsAre("MY_LLM_API_KEY"));
  EXPECT_THAT(provider_env_vars("OpenAI"), ElementsAre("OPENAI_API_KEY"));
}

TEST_F(CredentialResolverTest, ProfilesThenProviderApiKeyThenEnvironment) {
  write_profiles({{"version", 1},
                  {"profiles",
                   {{"openai:default",
                     {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-profile"}}}}}});
  const auto config =
      make_config({{"models", {{"providers", {{"openai", {{"apiKey", "sk-config"}}}}}}}});
  auto credentials =
      resolver(env_of({{"OPENAI_API_KEY", "sk-env"}})).resolve(config, "main", "openai");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_THAT(keys_of(*credentials), ElementsAre("sk-profile", "sk-config", "sk-env"));
  EXPECT_THAT(sources_of(*credentials),
              ElementsAre("auth-profiles.json (openai:default)", "models.providers.openai.apiKey",
                          "env OPENAI_API_KEY"));
  EXPECT_EQ((*credentials)[0].profile_id, "openai:default");
  EXPECT_EQ((*credentials)[1].profile_id, "");
}

TEST_F(CredentialResolverTest, AuthOrderDecidesTheProfileOrderAndLeavesOutUnlistedProfiles) {
  write_profiles(
      {{"profiles",
        {{"anthropic:a", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-a"}}},
         {"anthropic:b", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-b"}}},
         {"anthropic:c", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-c"}}}}},
       {"order", {{"anthropic", {"anthropic:a", "anthropic:b", "anthropic:c"}}}}});
  const auto ordered =
      make_config({{"auth", {{"order", {{"anthropic", {"anthropic:c", "anthropic:a"}}}}}}});
  auto credentials = resolver().resolve(ordered, "main", "anthropic");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_THAT(keys_of(*credentials), ElementsAre("key-c", "key-a"));
}

TEST_F(CredentialResolverTest, FileOrderThenProfileIdWhenTheConfigSaysNothing) {
  write_profiles(
      {{"profiles",
        {{"anthropic:z", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-z"}}},
         {"anthropic:m", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-m"}}},
         {"openai:x", {{"type", "api_key"}, {"provider", "openai"}, {"key", "key-openai"}}}}},
       {"order", {{"anthropic", {"anthropic:z", "anthropic:m"}}}}});
  const auto config = make_config(json::object());
  auto by_file_order = resolver().resolve(config, "main", "anthropic");
  ASSERT_TRUE(by_file_order);
  EXPECT_THAT(keys_of(*by_file_order), ElementsAre("key-z", "key-m"));

  write_profiles(
      {{"profiles",
        {{"anthropic:z", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-z"}}},
         {"anthropic:m", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", "key-m"}}}}}});
  auto by_id = resolver().resolve(config, "main", "anthropic");
  ASSERT_TRUE(by_id);
  EXPECT_THAT(keys_of(*by_id), ElementsAre("key-m", "key-z"));
}

TEST_F(CredentialResolverTest, KeyRefsResolveFromTheEnvironmentAndFromFiles) {
  dir_.write("state/secrets.json", R"({"providers": {"openai": {"apiKey": "sk-from-file"}}})");
  write_profiles(
      {{"profiles",
        {{"openai:env",
          {{"type", "api_key"},
           {"provider", "openai"},
           {"keyRef", {{"source", "env"}, {"provider", "default"}, {"id", "OPENAI_WORK_KEY"}}}}},
         {"openai:file",
          {{"type", "api_key"},
           {"provider", "openai"},
           {"keyRef",
            {{"source", "file"}, {"provider", "vault"}, {"id", "/providers/openai/apiKey"}}}}},
         {"openai:token",
          {{"type", "token"},
           {"provider", "openai"},
           {"tokenRef", {{"source", "env"}, {"provider", "default"}, {"id", "OPENAI_TOKEN"}}}}}}},
       {"order", {{"openai", {"openai:env", "openai:file", "openai:token"}}}}});
  const auto config = make_config(
      {{"secrets",
        {{"providers",
          {{"vault", {{"source", "file"}, {"path", "secrets.json"}, {"mode", "json"}}}}}}}});
  auto credentials =
      resolver(env_of({{"OPENAI_WORK_KEY", "sk-from-env"}, {"OPENAI_TOKEN", "tok-from-env"}}))
          .resolve(config, "main", "openai");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_THAT(keys_of(*credentials), ElementsAre("sk-from-env", "sk-from-file", "tok-from-env"));
}

TEST_F(CredentialResolverTest, UnresolvableProfilesAreSkippedAndNamedWhenNothingIsLeft) {
  write_profiles(
      {{"profiles",
        {{"anthropic:ref",
          {{"type", "api_key"},
           {"provider", "anthropic"},
           {"keyRef", {{"source", "env"}, {"provider", "default"}, {"id", "MISSING_ANTHROPIC"}}}}},
         {"anthropic:old",
          {{"type", "token"},
           {"provider", "anthropic"},
           {"token", "sk-expired-token"},
           {"expires", 1000}}},
         {"anthropic:me",
          {{"type", "oauth"}, {"provider", "anthropic"}, {"access", "sk-oauth-access"}}}}}});
  const auto config = make_config(json::object());
  auto with_env =
      resolver(env_of({{"ANTHROPIC_API_KEY", "sk-env"}})).resolve(config, "main", "anthropic");
  ASSERT_TRUE(with_env);
  EXPECT_THAT(keys_of(*with_env), ElementsAre("sk-env"));

  auto none = resolver().resolve(config, "main", "anthropic");
  ASSERT_FALSE(none);
  const std::string& message = none.error().message;
  EXPECT_THAT(message, HasSubstr("MISSING_ANTHROPIC"));
  EXPECT_THAT(message, HasSubstr("\"anthropic:old\": token expired"));
  EXPECT_THAT(message, HasSubstr("\"anthropic:me\": oauth profiles are not supported"));
  EXPECT_THAT(message, Not(HasSubstr("sk-expired-token")));
  EXPECT_THAT(message, Not(HasSubstr("sk-oauth-access")));
}

TEST_F(CredentialResolverTest, MissingCredentialMessageNamesProviderAndAuthStoreButNoKey) {
  // Keys of other providers are around; none may appear in the message.
  write_profiles(
      {{"profiles",
        {{"openai:default",
          {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-openai-secret"}}}}}});
  const auto config =
      make_config({{"models", {{"providers", {{"openrouter", {{"apiKey", "sk-or-secret"}}}}}}}});
  auto result =
      resolver(env_of({{"OPENAI_API_KEY", "sk-env-secret"}})).resolve(config, "main", "anthropic");
  ASSERT_FALSE(result);
  const std::string expected =
      "No API key found for provider \"anthropic\". Auth store: " + store_path().string() +
      " (agentDir: " + store_path().parent_path().string() +
      "). Configure auth for this agent or set ANTHROPIC_API_KEY.";
  EXPECT_EQ(result.error().message, expected);
  for (const char* secret : {"sk-openai-secret", "sk-or-secret", "sk-env-secret"}) {
    EXPECT_THAT(result.error().message, Not(HasSubstr(secret)));
  }
}

TEST_F(CredentialResolverTest, AgentDirFromTheAgentListIsTheAuthStore) {
  dir_.write(
      "custom-agent/auth-profiles.json",
      json({{"profiles",
             {{"openai:w", {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-work"}}}}}})
          .dump());
  const auto config = make_config(
      {{"agents",
        {{"list", json::array({{{"id", "work"},
                                {"agentDir", (dir_.path() / "custom-agent").string()}}})}}}});
  auto credentials = resolver().resolve(config, "Work", "openai");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_THAT(keys_of(*credentials), ElementsAre("sk-work"));
  EXPECT_EQ(resolver().auth_store_path(config, "work"),
            dir_.path() / "custom-agent/auth-profiles.json");
  EXPECT_EQ(resolver().auth_store_path(config, "main"), store_path("main"));
}

TEST_F(CredentialResolverTest, ConfigEnvVarsFillTheEnvironment) {
  const auto config =
      make_config({{"env", {{"vars", {{"OPENROUTER_API_KEY", "sk-from-config-env"}}}}}});
  auto from_config = resolver().resolve(config, "main", "openrouter");
  ASSERT_TRUE(from_config) << from_config.error().message;
  EXPECT_THAT(keys_of(*from_config), ElementsAre("sk-from-config-env"));
  // The process environment wins over env.vars.
  auto from_process = resolver(env_of({{"OPENROUTER_API_KEY", "sk-process"}}))
                          .resolve(config, "main", "openrouter");
  ASSERT_TRUE(from_process);
  EXPECT_THAT(keys_of(*from_process), ElementsAre("sk-process"));
}

TEST_F(CredentialResolverTest, TheSameKeyFromTwoPlacesIsOneCredential) {
  write_profiles(
      {{"profiles",
        {{"openai:default", {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-same"}}}}}});
  auto credentials = resolver(env_of({{"OPENAI_API_KEY", "sk-same"}}))
                         .resolve(make_config(json::object()), "main", "openai");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->size(), 1u);
  EXPECT_EQ((*credentials)[0].profile_id, "openai:default");
}

TEST_F(CredentialResolverTest, ConfigDeclarationsMustMatchTheStoredProfile) {
  write_profiles(
      {{"profiles",
        {{"openai:a", {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-a"}}},
         {"openai:b", {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-b"}}}}}});
  const auto config =
      make_config({{"auth",
                    {{"profiles",
                      {{"openai:a", {{"provider", "openai"}, {"mode", "token"}}},
                       {"openai:b", {{"provider", "openai"}, {"mode", "api_key"}}}}}}}});
  auto credentials = resolver().resolve(config, "main", "openai");
  ASSERT_TRUE(credentials);
  EXPECT_THAT(keys_of(*credentials), ElementsAre("sk-b"));
}

TEST_F(CredentialResolverTest, ProviderApiKeyAsSecretRef) {
  const auto config = make_config(
      {{"models",
        {{"providers",
          {{"vllm",
            {{"baseUrl", "https://vllm.internal/v1"},
             {"apiKey", {{"source", "env"}, {"provider", "default"}, {"id", "VLLM_KEY"}}}}}}}}}});
  auto ok = resolver(env_of({{"VLLM_KEY", "sk-vllm"}})).resolve(config, "main", "vllm");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_THAT(keys_of(*ok), ElementsAre("sk-vllm"));
  auto missing = resolver().resolve(config, "main", "vllm");
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("models.providers.vllm.apiKey"));
  EXPECT_THAT(missing.error().message, HasSubstr("VLLM_KEY"));
  EXPECT_THAT(missing.error().message, HasSubstr("set VLLM_API_KEY"));
}

TEST_F(CredentialResolverTest, LocalServersNeedNoKey) {
  const auto config = make_config(
      {{"models",
        {{"providers",
          {{"llamacpp", {{"baseUrl", "http://127.0.0.1:8080/v1"}, {"api", "openai-completions"}}},
           {"lmstudio", {{"baseUrl", "http://localhost:1234/v1"}}},
           {"remote", {{"baseUrl", "https://llm.example.com/v1"}}}}}}}});
  for (const char* provider : {"llamacpp", "lmstudio", "ollama"}) {
    auto credentials = resolver().resolve(config, "main", provider);
    ASSERT_TRUE(credentials) << provider << ": " << credentials.error().message;
    ASSERT_EQ(credentials->size(), 1u);
    EXPECT_EQ((*credentials)[0].api_key, "") << provider;
  }
  // A key that is there is still sent to a local server.
  auto with_key =
      resolver(env_of({{"LLAMACPP_API_KEY", "local-key"}})).resolve(config, "main", "llamacpp");
  ASSERT_TRUE(with_key);
  EXPECT_THAT(keys_of(*with_key), ElementsAre("local-key"));
  // A remote server without a key is a missing credential.
  auto remote = resolver().resolve(config, "main", "remote");
  ASSERT_FALSE(remote);
  EXPECT_THAT(remote.error().message, HasSubstr("No API key found for provider \"remote\""));
  EXPECT_THAT(remote.error().message, HasSubstr("REMOTE_API_KEY"));
}

TEST_F(CredentialResolverTest, AnUnreadableStoreStillLeavesTheEnvironment) {
  dir_.write("state/agents/main/agent/auth-profiles.json", "{ broken");
  const auto config = make_config(json::object());
  auto credentials =
      resolver(env_of({{"OPENAI_API_KEY", "sk-env"}})).resolve(config, "main", "openai");
  ASSERT_TRUE(credentials);
  EXPECT_THAT(keys_of(*credentials), ElementsAre("sk-env"));
  auto none = resolver().resolve(config, "main", "openai");
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error().message, HasSubstr("not valid JSON"));
}

}  // namespace
}  // namespace openclaw::providers
