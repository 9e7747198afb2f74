#include "agents/agent_id.h"

namespace openclaw::agents {
namespace {

constexpr std::size_t kMaxAgentIdLength = 64;

bool is_id_start(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_id_char(char c) { return is_id_start(c) || c == '_' || c == '-'; }

}  // namespace

bool is_valid_agent_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxAgentIdLength || !is_id_start(id.front())) return false;
  for (char c : id) {
    if (!is_id_char(c)) return false;
  }
  return true;
}

std::string default_agent_id(const config::Config& config) {
  const auto* agent = config.agents.default_agent();
  return agent ? agent->id : std::string(kImplicitAgentId);
}

bool is_declared_agent(const config::Config& config, std::string_view id) {
  if (config.agents.list.empty()) return id == kImplicitAgentId;
  for (const auto& entry : config.agents.list) {
    if (entry.id == id) return true;
  }
  return false;
}

}  // namespace openclaw::agents
