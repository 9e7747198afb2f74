#include "agents/agent_catalog.h"

#include "agents/agent_id.h"
#include "core/util/environment.h"
#include "core/util/text.h"

namespace openclaw::agents {
namespace {

namespace fs = std::filesystem;

// A configured path as upstream's resolveUserPath reads it: "~" and "~/..." expand to HOME,
// anything else is taken relative to the working directory.
fs::path resolve_user_path(std::string_view configured) {
  std::string text(trim(configured));
  if (text == "~" || text.starts_with("~/")) {
    if (auto home = Environment::from_process().get_non_empty("HOME")) {
      text = *home + text.substr(1);
    }
  }
  std::error_code ignored;
  fs::path absolute = fs::absolute(fs::path(text), ignored);
  return absolute.empty() ? fs::path(text) : absolute.lexically_normal();
}

// The configured value when it is set and not blank.
std::optional<std::string_view> configured_path(const std::optional<std::string>& value) {
  if (!value || trim(*value).empty()) return std::nullopt;
  return std::string_view(*value);
}

const config::AgentEntry* find_agent(const config::Config& config, std::string_view id) {
  for (const auto& entry : config.agents.list) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

// Upstream's resolveAgentWorkspaceDir, with our state directory in place of ~/.openclaw.
fs::path workspace_for(const config::Config& config, const state::StateLayout& layout,
                       const config::AgentEntry* entry, const std::string& id, bool is_default) {
  if (entry) {
    if (auto own = configured_path(entry->workspace)) return resolve_user_path(*own);
  }
  const auto shared = configured_path(config.agents.defaults.workspace);
  if (is_default) return shared ? resolve_user_path(*shared) : layout.workspace_dir();
  if (shared) return resolve_user_path(*shared) / id;
  return layout.root() / ("workspace-" + id);
}

}  // namespace

Result<AgentProfile> resolve_agent(const config::Config& config, const state::StateLayout& layout,
                                   std::string_view agent_id) {
  const std::string id = ascii_lowercase(trim(agent_id));
  if (!is_valid_agent_id(id) || !is_declared_agent(config, id)) {
    return fail("unknown agent id \"" + std::string(agent_id) + "\"");
  }
  const config::AgentEntry* entry = find_agent(config, id);

  AgentProfile profile;
  profile.id = id;
  profile.is_default = id == default_agent_id(config);
  if (entry) profile.name = entry->name;
  profile.workspace = workspace_for(config, layout, entry, id, profile.is_default);
  if (auto own = entry ? configured_path(entry->agent_dir) : std::nullopt) {
    profile.agent_dir = resolve_user_path(*own);
  } else {
    profile.agent_dir = layout.agent_dir(id);
  }
  if (entry && entry->model) {
    profile.model = entry->model;
  } else {
    profile.model = config.agents.defaults.model;
  }
  return profile;
}

}  // namespace openclaw::agents
