// Who answers: the agents of agents.list (or the implicit "main"), with their workspace,
// agent dir, model selection and the system prompt assembled from the workspace files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/config/model.h"
#include "core/state/layout.h"
#include "core/util/result.h"

namespace openclaw::agents {

struct AgentProfile {
  std::string id;
  std::optional<std::string> name;
  bool is_default = false;
  std::filesystem::path workspace;  // agents.list[].workspace, agents.defaults.workspace (default agent),
                                    // else <state>/workspace (default agent) or <state>/workspace-<id>
  std::filesystem::path agent_dir;  // agents.list[].agentDir, else <state>/agents/<id>/agent
  std::optional<config::ModelSelection> model;  // agent's, else agents.defaults.model; nullopt: none
};

// The profile of `agent_id` (lowercased first); fails `unknown agent id "<id>"` when the
// config declares agents and this is not one of them ("main" always exists when none are
// declared). "~" in configured paths is expanded with HOME.
Result<AgentProfile> resolve_agent(const config::Config& config, const state::StateLayout& layout,
                                   std::string_view agent_id);

// The system prompt: each of AGENTS.md, SOUL.md, IDENTITY.md, USER.md found in the
// workspace, in that order, each under a "## <file name>" heading, each capped at
// 20,000 characters (with a truncation note) and 150,000 in all, plus `extra` (e.g. the
// agent RPC's extraSystemPrompt) last. Missing or unreadable files are skipped; an empty
// workspace gives just `extra`.
std::string assemble_system_prompt(const AgentProfile& agent, std::string_view extra = {});

}  // namespace openclaw::agents
