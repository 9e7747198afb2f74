#include "core/state/layout.h"

namespace openclaw::state {

std::vector<std::filesystem::path> StateLayout::required_directories(
    const std::vector<std::string>& agent_ids) const {
  std::vector<std::filesystem::path> directories = {
      root_, identity_dir(), devices_dir(), credentials_dir(), root_ / "agents"};
  for (const auto& agent_id : agent_ids) {
    directories.push_back(root_ / "agents" / agent_id);
    directories.push_back(agent_dir(agent_id));
    directories.push_back(sessions_dir(agent_id));
  }
  for (const auto& directory : {workspace_dir(), cron_dir(), logs_dir(), metrics_dir()}) {
    directories.push_back(directory);
  }
  return directories;
}

}  // namespace openclaw::state
