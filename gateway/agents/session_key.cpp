#include "agents/session_key.h"

#include <vector>

#include "agents/agent_id.h"
#include "core/util/text.h"

namespace openclaw::agents {
namespace {

constexpr std::string_view kAgentPrefix = "agent:";

// The non-empty pieces between colons: upstream drops empty segments, so
// "agent:main::x" is the same key as "agent:main:x".
std::vector<std::string_view> colon_segments(std::string_view text) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto colon = text.find(':', start);
    const auto end = colon == std::string_view::npos ? text.size() : colon;
    if (end > start) segments.push_back(text.substr(start, end - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return segments;
}

std::string join_with_colons(const std::vector<std::string_view>& segments, std::size_t first) {
  std::string joined;
  for (std::size_t i = first; i < segments.size(); ++i) {
    if (!joined.empty()) joined.push_back(':');
    joined.append(segments[i]);
  }
  return joined;
}

}  // namespace

Result<SessionKey> parse_session_key(std::string_view key, const config::Config& config,
                                     bool require_known_agent) {
  const std::string_view trimmed = trim(key);
  if (trimmed.empty()) return fail("session key is empty");
  if (trimmed.size() > kMaxSessionKeyLength) {
    return fail("session key is longer than " + std::to_string(kMaxSessionKeyLength) +
                " characters");
  }
  // Upstream stores every key lowercased (toAgentStoreSessionKey), so "Agent:Main:Main" and
  // "agent:main:main" are one session.
  const std::string lowered = ascii_lowercase(trimmed);

  SessionKey parsed;
  if (lowered.starts_with(kAgentPrefix)) {
    const auto segments = colon_segments(lowered);
    if (segments.size() < 3) {
      return fail("malformed session key \"" + lowered + "\": expected agent:<agentId>:<rest>");
    }
    parsed.agent_id = std::string(segments[1]);
    parsed.rest = join_with_colons(segments, 2);
  } else {
    parsed.agent_id = default_agent_id(config);
    parsed.rest = lowered == "main" ? main_session_key(config, parsed.agent_id).rest : lowered;
  }

  if (!is_valid_agent_id(parsed.agent_id)) {
    return fail("invalid agent id \"" + parsed.agent_id +
                "\" in session key (expected ^[a-z0-9][a-z0-9_-]{0,63}$)");
  }
  if (require_known_agent && !is_declared_agent(config, parsed.agent_id)) {
    return fail("unknown agent id \"" + parsed.agent_id + "\"");
  }
  return parsed;
}

SessionKey main_session_key(const config::Config& config, std::string_view agent_id) {
  const std::string main_key = ascii_lowercase(trim(config.session.main_key));
  return SessionKey{.agent_id = ascii_lowercase(trim(agent_id)),
                    .rest = main_key.empty() ? "main" : main_key};
}

}  // namespace openclaw::agents
