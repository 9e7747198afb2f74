// Session keys as upstream writes them (spec §2.3): `agent:<agentId>:<rest>`, the main
// session `agent:<defaultAgentId>:<session.mainKey>`. Clients may also send the short forms
// "main" / "<rest>", which belong to the default agent.
#pragma once

#include <string>
#include <string_view>

#include "core/config/model.h"
#include "core/util/result.h"

namespace openclaw::agents {

inline constexpr std::size_t kMaxSessionKeyLength = 512;

struct SessionKey {
  std::string agent_id;  // lowercased, ^[a-z0-9][a-z0-9_-]{0,63}$
  std::string rest;      // non-empty; "main" for the main session

  std::string full() const { return "agent:" + agent_id + ":" + rest; }
  bool operator==(const SessionKey&) const = default;
};

// Normalises a key from a client: "agent:<id>:<rest>" (agent id lowercased), or a short key
// taken as "<rest>" of the default agent. Fails naming the problem for an empty key, one
// longer than 512 characters, a malformed "agent:" key, an invalid agent id, or (when
// `require_known_agent`) an agent the config does not declare ("unknown agent id \"x\"").
Result<SessionKey> parse_session_key(std::string_view key, const config::Config& config,
                                     bool require_known_agent = true);

// The main session of an agent: agent:<agentId>:<session.mainKey>.
SessionKey main_session_key(const config::Config& config, std::string_view agent_id);

}  // namespace openclaw::agents
