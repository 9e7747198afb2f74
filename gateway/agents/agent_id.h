// Agent ids as upstream accepts them (routing/session-key.ts): ^[a-z0-9][a-z0-9_-]{0,63}$
// after lowercasing, and which ids a config declares.
#pragma once

#include <string>
#include <string_view>

#include "core/config/model.h"

namespace openclaw::agents {

// The id every config has when agents.list is empty.
inline constexpr std::string_view kImplicitAgentId = "main";

// True when `id` (already lowercased) is 1-64 characters of [a-z0-9_-] starting with a
// letter or digit: safe as a directory name and in a session key.
bool is_valid_agent_id(std::string_view id);

// The agent marked default in agents.list (first one), else the first listed, else "main".
std::string default_agent_id(const config::Config& config);

// True when agents.list names `id` (lowercased), or when the list is empty and `id` is "main".
bool is_declared_agent(const config::Config& config, std::string_view id);

}  // namespace openclaw::agents
