#include <gtest/gtest.h>

#include "core/config/model.h"
#include "server/gateway_summary.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

config::Config config_from(const json& tree) {
  auto parsed = config::from_json(tree);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed ? *parsed : config::Config{};
}

// {provider/id: entry} of a models.list payload.
std::map<std::string, json> by_ref(const json& payload) {
  std::map<std::string, json> out;
  for (const auto& model : payload["models"]) {
    out[model["provider"].get<std::string>() + "/" + model["id"].get<std::string>()] = model;
  }
  return out;
}

TEST(ModelsList, ProviderModelsAndTheModelsAgentsUse) {
  const auto config = config_from({
      {"models",
       {{"providers",
         {{"local",
           {{"baseUrl", "http://127.0.0.1:8000/v1"},
            {"api", "openai-completions"},
            {"models",
             json::array(
                 {{{"id", "qwen"}, {"name", "Qwen 2.5"}, {"contextWindow", 32768}, {"reasoning", true}}})}}}}}}},
      {"agents",
       {{"defaults", {{"model", {{"primary", "anthropic/claude-sonnet-4-5"}, {"fallbacks", {"local/qwen"}}}}}}}},
  });
  const auto models = by_ref(models_list(config));
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models.at("local/qwen")["name"], "Qwen 2.5");
  EXPECT_EQ(models.at("local/qwen")["contextWindow"], 32768);
  EXPECT_EQ(models.at("local/qwen")["reasoning"], true);
  EXPECT_EQ(models.at("anthropic/claude-sonnet-4-5")["name"], "claude-sonnet-4-5");
}

TEST(ModelsList, TheAllowlistKeepsOnlyItsModelsWithAliases) {
  const auto config = config_from({
      {"models",
       {{"providers",
         {{"local",
           {{"baseUrl", "http://127.0.0.1:8000/v1"},
            {"models", json::array({{{"id", "qwen"}, {"name", "Qwen"}}, {{"id", "llama"}, {"name", "Llama"}}})}}}}}}},
      {"agents",
       {{"defaults",
         {{"model", "local/qwen"},
          {"models", {{"local/qwen", {{"alias", "fast"}}}, {"openai/gpt-4o", json::object()}}}}}}},
  });
  const auto models = by_ref(models_list(config));
  ASSERT_EQ(models.size(), 2u) << models_list(config).dump();
  EXPECT_EQ(models.at("local/qwen")["alias"], "fast");
  EXPECT_EQ(models.at("local/qwen")["name"], "Qwen");
  EXPECT_TRUE(models.contains("openai/gpt-4o"));
  EXPECT_FALSE(models.contains("local/llama"));
}

TEST(ModelsList, NothingConfiguredListsNothing) {
  EXPECT_EQ(models_list(config::Config{}), json({{"models", json::array()}}));
}

}  // namespace
}  // namespace openclaw::server
