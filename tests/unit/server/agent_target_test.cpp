#include "server/http/agent_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

config::Config make_config(const char* text) {
  auto config = config::from_json(json::parse(text));
  EXPECT_TRUE(config.has_value());
  return *config;
}

const config::Config& two_agents() {
  static const config::Config config = make_config(R"({
    "agents": {"defaults": {"model": {"primary": "fake/small", "fallbacks": ["other/big"]}},
               "list": [{"id": "Main"}, {"id": "ops", "default": true, "model": "anthropic/claude-sonnet-4"}]}
  })");
  return config;
}

const config::Config& no_agents() {
  static const config::Config config = make_config(R"({"agents": {"defaults": {"model": "fake/small"}}})");
  return config;
}

TEST(AgentTargetTest, ModelFieldNamesTheAgent) {
  EXPECT_EQ(agent_id_from_model("openclaw", two_agents()), "ops") << "the agent marked default";
  EXPECT_EQ(agent_id_from_model("OpenClaw/Default", two_agents()), "ops");
  EXPECT_EQ(agent_id_from_model("openclaw", no_agents()), "main");
  EXPECT_EQ(agent_id_from_model("openclaw/main", two_agents()), "main");
  EXPECT_EQ(agent_id_from_model("openclaw:Beta_2", two_agents()), "beta_2");
  EXPECT_EQ(agent_id_from_model("agent:ops", two_agents()), "ops");
  EXPECT_EQ(agent_id_from_model("  openclaw/ops  ", two_agents()), "ops");
}

TEST(AgentTargetTest, AnythingElseIsNotAnAgentTarget) {
  for (const char* model : {"", "gpt-4o", "openai/gpt-4o", "openclaw/", "openclaw/-x", "agent:", "openclaw/a/b",
                            "openclaw/has space", "agent:main:extra"}) {
    EXPECT_EQ(agent_id_from_model(model, two_agents()), std::nullopt) << model;
  }
  const std::string too_long = "openclaw/" + std::string(65, 'a');
  EXPECT_EQ(agent_id_from_model(too_long, two_agents()), std::nullopt);
  EXPECT_EQ(agent_id_from_model("openclaw/" + std::string(64, 'a'), two_agents()), std::string(64, 'a'));
}

TEST(AgentTargetTest, ModelListStartsWithTheAliasesAndHasNoRepeats) {
  EXPECT_THAT(openai_model_ids(no_agents()), ElementsAre("openclaw", "openclaw/default", "openclaw/main"));
  EXPECT_THAT(openai_model_ids(two_agents()),
              ElementsAre("openclaw", "openclaw/default", "openclaw/ops", "openclaw/main"));
}

TEST(AgentTargetTest, HeaderWinsOverModelAndUnknownAgentsFail) {
  EXPECT_EQ(resolve_request_agent(two_agents(), std::string("MAIN"), "openclaw/ops").value(), "main");
  EXPECT_EQ(resolve_request_agent(two_agents(), std::nullopt, "openclaw/main").value(), "main");
  EXPECT_EQ(resolve_request_agent(two_agents(), std::nullopt, "").value(), "ops");

  auto unknown = resolve_request_agent(two_agents(), std::nullopt, "openclaw/ghost");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "Unknown agent 'ghost'.");
  auto bad_header = resolve_request_agent(two_agents(), std::string("no spaces allowed"), "openclaw");
  ASSERT_FALSE(bad_header);
  EXPECT_EQ(bad_header.error().message, "Unknown agent 'no spaces allowed'.");
}

TEST(AgentTargetTest, InvalidModelFailsEvenWithAnAgentHeader) {
  for (const auto& header : {std::optional<std::string>{}, std::optional<std::string>("main")}) {
    auto result = resolve_request_agent(two_agents(), header, "gpt-4o");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message, "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.");
  }
}

TEST(AgentTargetTest, StatelessByDefaultStableWithUser) {
  auto first = resolve_agent_target(no_agents(), {.model = "openclaw"});
  auto second = resolve_agent_target(no_agents(), {.model = "openclaw"});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->agent_id, "main");
  EXPECT_THAT(first->session.full(), MatchesRegex("agent:main:openai:[0-9a-f-]{36}"));
  EXPECT_NE(first->session.full(), second->session.full());

  auto user = resolve_agent_target(two_agents(), {.model = "openclaw/main", .user = std::string(" Alice ")});
  ASSERT_TRUE(user);
  EXPECT_EQ(user->session.full(), "agent:main:openai-user:alice");

  auto responses = resolve_agent_target(no_agents(), {.model = "openclaw", .session_prefix = "openresponses"});
  ASSERT_TRUE(responses);
  EXPECT_THAT(responses->session.full(), MatchesRegex("agent:main:openresponses:[0-9a-f-]{36}"));
}

TEST(AgentTargetTest, ExplicitSessionKeys) {
  auto full = resolve_agent_target(two_agents(), {.model = "openclaw", .session_key_header = "agent:main:work"});
  ASSERT_TRUE(full);
  EXPECT_EQ(full->session.full(), "agent:main:work");
  EXPECT_EQ(full->agent_id, "main") << "the key names its own agent";

  auto short_key = resolve_agent_target(two_agents(), {.model = "openclaw/main", .session_key_header = "Project-X"});
  ASSERT_TRUE(short_key);
  EXPECT_EQ(short_key->session.full(), "agent:main:project-x");

  auto main = resolve_agent_target(no_agents(), {.model = "openclaw", .session_key_header = "main"});
  ASSERT_TRUE(main);
  EXPECT_EQ(main->session.full(), "agent:main:main");

  for (const char* reserved : {"subagent:x", "cron:nightly", "ACP:abc", "agent:main:subagent:child"}) {
    auto result = resolve_agent_target(two_agents(), {.model = "openclaw", .session_key_header = reserved});
    ASSERT_FALSE(result) << reserved;
    EXPECT_EQ(result.error().message, "`x-openclaw-session-key` cannot use reserved internal session namespaces.");
  }
  auto unknown = resolve_agent_target(two_agents(), {.model = "openclaw", .session_key_header = "agent:ghost:x"});
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().message, ::testing::HasSubstr("ghost"));
}

TEST(AgentTargetTest, ModelOverrideHeader) {
  auto full = resolve_agent_target(no_agents(), {.model = "openclaw", .model_header = "openrouter/anthropic/claude"});
  ASSERT_TRUE(full);
  ASSERT_TRUE(full->model_override);
  EXPECT_EQ(full->model_override->provider, "openrouter");
  EXPECT_EQ(full->model_override->model, "anthropic/claude");

  auto bare = resolve_agent_target(two_agents(), {.model = "openclaw/ops", .model_header = "claude-haiku"});
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->model_override->to_string(), "anthropic/claude-haiku") << "the agent's primary provider";

  auto none = resolve_agent_target(no_agents(), {.model = "openclaw"});
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->model_override);

  auto invalid = resolve_agent_target(no_agents(), {.model = "openclaw", .model_header = "/missing-provider"});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().message, "Invalid `x-openclaw-model`.");
}

TEST(AgentTargetTest, ModelOverrideMustBeInTheCatalogWhenThereIsOne) {
  const auto config = make_config(R"({
    "agents": {"defaults": {"model": {"primary": "fake/small", "fallbacks": ["fake/big"]},
                            "models": {"fake/listed": {}}}}
  })");
  EXPECT_TRUE(resolve_agent_target(config, {.model = "openclaw", .model_header = "fake/listed"}));
  EXPECT_TRUE(resolve_agent_target(config, {.model = "openclaw", .model_header = "fake/big"})) << "a fallback";
  auto refused = resolve_agent_target(config, {.model = "openclaw", .model_header = "fake/secret"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "Model 'fake/secret' is not allowed for agent 'main'.");
}

}  // namespace
}  // namespace openclaw::server
