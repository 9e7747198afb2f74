// Which agent answers: workspace and agent directory defaults (upstream's rules, under our
// state directory), per-agent overrides, and unknown agents.
#include "agents/agent_catalog.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "test_support.h"

namespace openclaw::agents {
namespace {

using testing::config_with_agents;
namespace fs = std::filesystem;

const state::StateLayout kLayout(fs::path("/var/lib/openclaw"));

AgentProfile resolved(const config::Config& config, std::string_view id) {
  auto profile = resolve_agent(config, kLayout, id);
  EXPECT_TRUE(profile) << (profile ? "" : profile.error().message);
  return profile ? *profile : AgentProfile{};
}

config::ModelSelection selection(std::string primary) {
  config::ModelSelection model;
  model.primary = std::move(primary);
  return model;
}

TEST(AgentCatalogTest, TheImplicitMainAgentUsesTheStateDirectoryDefaults) {
  config::Config config;
  config.agents.defaults.model = selection("anthropic/claude-sonnet-4");
  const auto main = resolved(config, "main");
  EXPECT_EQ(main.id, "main");
  EXPECT_TRUE(main.is_default);
  EXPECT_EQ(main.workspace, fs::path("/var/lib/openclaw/workspace"));
  EXPECT_EQ(main.agent_dir, fs::path("/var/lib/openclaw/agents/main/agent"));
  ASSERT_TRUE(main.model);
  EXPECT_EQ(main.model->primary, "anthropic/claude-sonnet-4");
}

TEST(AgentCatalogTest, OtherAgentsGetWorkspaceDashIdAndTheirOwnAgentDir) {
  auto config = config_with_agents({"main", "ops"});
  config.agents.list[1].name = "Operations";
  const auto ops = resolved(config, "ops");
  EXPECT_FALSE(ops.is_default);
  EXPECT_EQ(ops.name, "Operations");
  EXPECT_EQ(ops.workspace, fs::path("/var/lib/openclaw/workspace-ops"));
  EXPECT_EQ(ops.agent_dir, fs::path("/var/lib/openclaw/agents/ops/agent"));
  EXPECT_FALSE(ops.model);
}

TEST(AgentCatalogTest, DefaultsWorkspaceIsTheDefaultAgentsAndTheParentOfTheOthers) {
  auto config = config_with_agents({"main", "ops"});
  config.agents.defaults.workspace = "/srv/agents";
  EXPECT_EQ(resolved(config, "main").workspace, fs::path("/srv/agents"));
  EXPECT_EQ(resolved(config, "ops").workspace, fs::path("/srv/agents/ops"));
}

TEST(AgentCatalogTest, PerAgentSettingsOverrideTheDefaults) {
  ::setenv("HOME", "/home/claw", 1);
  auto config = config_with_agents({"main", "ops"});
  config.agents.defaults.workspace = "/srv/agents";
  config.agents.defaults.model = selection("openai/gpt-4o");
  config.agents.list[1].workspace = "~/ops-space";
  config.agents.list[1].agent_dir = "/data/ops-agent/";
  config.agents.list[1].model = selection("anthropic/claude-opus-4");
  const auto ops = resolved(config, "ops");
  EXPECT_EQ(ops.workspace, fs::path("/home/claw/ops-space"));
  EXPECT_EQ(ops.agent_dir, fs::path("/data/ops-agent/"));
  EXPECT_EQ(ops.model->primary, "anthropic/claude-opus-4");
  EXPECT_EQ(resolved(config, "main").model->primary, "openai/gpt-4o");
}

TEST(AgentCatalogTest, BlankConfiguredPathsCountAsUnset) {
  auto config = config_with_agents({"main"});
  config.agents.list[0].workspace = "  ";
  config.agents.defaults.workspace = "";
  EXPECT_EQ(resolved(config, "main").workspace, fs::path("/var/lib/openclaw/workspace"));
}

TEST(AgentCatalogTest, TheDefaultAgentIsTheOneMarkedDefault) {
  auto config = config_with_agents({"main", "ops"});
  config.agents.list[0].is_default = false;
  config.agents.list[1].is_default = true;
  EXPECT_TRUE(resolved(config, "ops").is_default);
  EXPECT_EQ(resolved(config, "ops").workspace, fs::path("/var/lib/openclaw/workspace"));
  EXPECT_EQ(resolved(config, "main").workspace, fs::path("/var/lib/openclaw/workspace-main"));
}

TEST(AgentCatalogTest, IdsAreMatchedCaseInsensitively) {
  const auto config = config_with_agents({"main", "ops"});
  EXPECT_EQ(resolved(config, " OPS ").id, "ops");
}

TEST(AgentCatalogTest, UnknownAgentsAreRefusedByName) {
  const auto config = config_with_agents({"main", "ops"});
  auto ghost = resolve_agent(config, kLayout, "ghost");
  ASSERT_FALSE(ghost);
  EXPECT_EQ(ghost.error().message, "unknown agent id \"ghost\"");
  auto undeclared = resolve_agent(config::Config{}, kLayout, "ops");
  ASSERT_FALSE(undeclared);
  EXPECT_EQ(undeclared.error().message, "unknown agent id \"ops\"");
  EXPECT_FALSE(resolve_agent(config, kLayout, "../etc"));
}

}  // namespace
}  // namespace openclaw::agents
