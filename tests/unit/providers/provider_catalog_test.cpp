#include "providers/provider_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openclaw::providers {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

config::Config make_config(const json& root) {
  auto config = config::from_json(root);
  EXPECT_TRUE(config) << config.error().message;
  return config ? *config : config::Config{};
}

Result<ProviderEndpoint> resolve(const config::Config& config, std::string_view provider,
                                 std::string_view model, const Environment& env = {}) {
  return resolve_endpoint(config, provider, model, env, "/nonexistent");
}

TEST(ProviderCatalog, BuiltInProviders) {
  const auto config = make_config(json::object());
  struct Expected {
    const char* provider;
    const char* base_url;
    WireApi api;
  };
  for (const Expected& expected :
       {Expected{"openai", "https://api.openai.com/v1", WireApi::OpenAiCompletions},
        Expected{"anthropic", "https://api.anthropic.com", WireApi::AnthropicMessages},
        Expected{"openrouter", "https://openrouter.ai/api/v1", WireApi::OpenAiCompletions},
        Expected{"ollama", "http://127.0.0.1:11434/v1", WireApi::OpenAiCompletions}}) {
    auto endpoint = resolve(config, expected.provider, "some-model");
    ASSERT_TRUE(endpoint) << expected.provider << ": " << endpoint.error().message;
    EXPECT_EQ(endpoint->provider_id, expected.provider);
    EXPECT_EQ(endpoint->base_url, expected.base_url);
    EXPECT_EQ(endpoint->api, expected.api) << expected.provider;
    EXPECT_TRUE(endpoint->headers.empty());
    EXPECT_TRUE(endpoint->auth_header);
  }
  // Provider ids match without regard to case.
  auto upper = resolve(config, "OpenAI", "gpt-4o");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->provider_id, "openai");
}

TEST(ProviderCatalog, TimeoutSecondsBecomesTheEndpointsTimeout) {
  const auto config = make_config(
      {{"models",
        {{"providers",
          {{"local", {{"baseUrl", "http://127.0.0.1:8080/v1"}, {"timeoutSeconds", 2.5}}},
           {"plain", {{"baseUrl", "http://127.0.0.1:8081/v1"}}}}}}}});
  auto local = resolve(config, "local", "m");
  ASSERT_TRUE(local) << local.error().message;
  ASSERT_TRUE(local->timeout);
  EXPECT_EQ(*local->timeout, std::chrono::milliseconds(2500));
  auto plain = resolve(config, "plain", "m");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->timeout) << "unset keeps the client's defaults";
}

TEST(ProviderCatalog, UnknownProviderIsNamed) {
  auto endpoint = resolve(make_config(json::object()), "mistery", "m");
  ASSERT_FALSE(endpoint);
  EXPECT_THAT(endpoint.error().message, HasSubstr("unknown model provider \"mistery\""));
  EXPECT_THAT(endpoint.error().message, HasSubstr("models.providers"));
}

TEST(ProviderCatalog, CustomProviderWithModelApiOverride) {
  const auto config = make_config(
      {{"models",
        {{"providers",
          {{"proxy",
            {{"baseUrl", "https://llm-proxy.example.com/v1/"},
             {"api", "openai-completions"},
             {"headers",
              {{"X-Team", "gateway"},
               {"X-Proxy-Key", {{"source", "env"}, {"provider", "default"}, {"id", "PROXY_KEY"}}}}},
             {"authHeader", false},
             {"models", json::array({{{"id", "claude-via-proxy"},
                                      {"name", "Claude"},
                                      {"api", "anthropic-messages"},
                                      {"headers", {{"X-Team", "models"}}}},
                                     {{"id", "gpt-via-proxy"}, {"name", "GPT"}}})}}}}}}}});
  Environment env;
  env.set("PROXY_KEY", "proxy-secret");
  auto claude = resolve(config, "proxy", "claude-via-proxy", env);
  ASSERT_TRUE(claude) << claude.error().message;
  EXPECT_EQ(claude->base_url, "https://llm-proxy.example.com/v1");  // trailing '/' dropped
  EXPECT_EQ(claude->api, WireApi::AnthropicMessages);               // the model's api wins
  EXPECT_EQ(claude->headers.at("X-Proxy-Key"), "proxy-secret");
  EXPECT_EQ(claude->headers.at("X-Team"), "models");  // the model's header wins
  EXPECT_FALSE(claude->auth_header);

  auto gpt = resolve(config, "proxy", "gpt-via-proxy", env);
  ASSERT_TRUE(gpt);
  EXPECT_EQ(gpt->api, WireApi::OpenAiCompletions);
  EXPECT_EQ(gpt->headers.at("X-Team"), "gateway");

  auto missing_header_secret = resolve(config, "proxy", "gpt-via-proxy");
  ASSERT_FALSE(missing_header_secret);
  EXPECT_THAT(missing_header_secret.error().message,
              HasSubstr("models.providers.proxy.headers.X-Proxy-Key"));
}

TEST(ProviderCatalog, ConfiguredBuiltInKeepsItsUrlAndApi) {
  const auto config = make_config(
      {{"models", {{"providers", {{"anthropic", {{"headers", {{"anthropic-beta", "x"}}}}}}}}}});
  auto endpoint = resolve(config, "anthropic", "claude-sonnet-4");
  ASSERT_TRUE(endpoint) << endpoint.error().message;
  EXPECT_EQ(endpoint->base_url, "https://api.anthropic.com");
  EXPECT_EQ(endpoint->api, WireApi::AnthropicMessages);
  EXPECT_EQ(endpoint->headers.at("anthropic-beta"), "x");
}

TEST(ProviderCatalog, CustomProviderDefaultsToOpenAiCompletions) {
  const auto config = make_config(
      {{"models", {{"providers", {{"vllm", {{"baseUrl", "http://10.0.0.5:8000/v1"}}}}}}}});
  auto endpoint = resolve(config, "vllm", "qwen");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->api, WireApi::OpenAiCompletions);
  EXPECT_EQ(endpoint->base_url, "http://10.0.0.5:8000/v1");
}

TEST(ProviderCatalog, CustomProviderWithoutBaseUrlFails) {
  const auto config =
      make_config({{"models", {{"providers", {{"mine", {{"apiKey", "sk-should-not-show"}}}}}}}});
  auto endpoint = resolve(config, "mine", "m");
  ASSERT_FALSE(endpoint);
  EXPECT_THAT(endpoint.error().message, HasSubstr("models.providers.mine.baseUrl"));
  EXPECT_THAT(endpoint.error().message, Not(HasSubstr("sk-should-not-show")));
}

TEST(ProviderCatalog, UnsupportedApiIsNamed) {
  const auto config = make_config(
      {{"models",
        {{"providers",
          {{"gemini",
            {{"baseUrl", "https://g.example.com"}, {"api", "google-generative-ai"}}}}}}}});
  auto endpoint = resolve(config, "gemini", "gemini-2.5-pro");
  ASSERT_FALSE(endpoint);
  EXPECT_THAT(endpoint.error().message, HasSubstr("\"google-generative-ai\""));
  EXPECT_THAT(endpoint.error().message, HasSubstr("models.providers.gemini"));
}

TEST(ProviderCatalog, OllamaNativeApiNameUsesTheOpenAiCompatiblePath) {
  const auto config =
      make_config({{"models",
                    {{"providers",
                      {{"ollama", {{"baseUrl", "http://127.0.0.1:11434"}, {"api", "ollama"}}}}}}}});
  auto endpoint = resolve(config, "ollama", "llama3.2");
  ASSERT_TRUE(endpoint) << endpoint.error().message;
  EXPECT_EQ(endpoint->base_url, "http://127.0.0.1:11434/v1");
  EXPECT_EQ(endpoint->api, WireApi::OpenAiCompletions);
}

TEST(ProviderCatalog, LoopbackBaseUrls) {
  for (const char* url : {"http://127.0.0.1:8080/v1", "http://localhost:11434",
                          "http://LOCALHOST/v1", "http://[::1]:8000/v1", "http://127.1.2.3",
                          "http://0.0.0.0:8080", "http://user:pw@127.0.0.1:1/v1"}) {
    EXPECT_TRUE(is_loopback_base_url(url)) << url;
  }
  for (const char* url :
       {"https://api.openai.com/v1", "http://10.0.0.5:8000/v1", "http://localhost.example.com/v1",
        "127.0.0.1:8080", "", "http://[fe80::1]/v1", "http://evil.com/?u=http://127.0.0.1"}) {
    EXPECT_FALSE(is_loopback_base_url(url)) << url;
  }
}

}  // namespace
}  // namespace openclaw::providers
