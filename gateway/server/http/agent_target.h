// Which agent, session and model an OpenAI-compatible request talks to (spec §6): the
// `model` field read as an agent target (`openclaw`, `openclaw/default`,
// `openclaw/<agentId>`, `openclaw:<agentId>`, `agent:<agentId>`), the x-openclaw-agent-id /
// x-openclaw-agent, x-openclaw-session-key and x-openclaw-model headers, and the OpenAI
// `user` field. Every failure message is the one upstream sends in a 400
// invalid_request_error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/session_key.h"
#include "core/config/model.h"
#include "core/util/result.h"
#include "providers/chat_model.h"

namespace openclaw::server {

inline constexpr std::string_view kOpenClawModelId = "openclaw";
inline constexpr std::string_view kOpenClawDefaultModelId = "openclaw/default";
inline constexpr std::string_view kInvalidModelMessage = "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.";

// The agent `model` names: `openclaw` and `openclaw/default` (any case) name the default
// agent; `openclaw/<id>`, `openclaw:<id>` and `agent:<id>` name <id> (lowercased) when it
// matches [a-z0-9][a-z0-9_-]{0,63} in any case. nullopt for anything else, "" included.
// Whether the agent exists is not checked here.
std::optional<std::string> agent_id_from_model(std::string_view model, const config::Config& config);

// The ids GET /v1/models lists, in order, without repeats: openclaw, openclaw/default,
// openclaw/<default agent>, then openclaw/<id> for every declared agent ("main" when
// agents.list is empty).
std::vector<std::string> openai_model_ids(const config::Config& config);

// The agent a request addresses: the x-openclaw-agent-id (or x-openclaw-agent) header when
// present, else the agent `model` names, else the default agent. Fails "Invalid `model`. …"
// when a non-empty `model` is not an agent target, and "Unknown agent '<id>'." when the
// named agent is malformed or not declared.
Result<std::string> resolve_request_agent(const config::Config& config, const std::optional<std::string>& agent_header,
                                          std::string_view model);

struct TargetRequest {
  std::string_view model;                         // the body's `model`; "" when absent
  std::optional<std::string> user;                // OpenAI `user`
  std::string_view session_prefix = "openai";     // "openai" or "openresponses"
  std::optional<std::string> agent_header;        // x-openclaw-agent-id, else x-openclaw-agent
  std::optional<std::string> session_key_header;  // x-openclaw-session-key
  std::optional<std::string> model_header;        // x-openclaw-model
};

struct AgentTarget {
  std::string agent_id;
  agents::SessionKey session;
  std::optional<providers::ModelRef> model_override;
  // A fresh per-request session (no `user`, no session header): the client sends the whole
  // conversation each time, so nothing is written for it — upstream writes a throwaway
  // session per API call, which grows the index by one entry per request.
  bool stateless = false;
};

// Resolves the agent (resolve_request_agent), the session and the model override:
// - session: x-openclaw-session-key when sent ("agent:<id>:<rest>" as written, a short key
//   belongs to the request's agent; reserved namespaces subagent:/cron:/acp: fail
//   "`x-openclaw-session-key` cannot use reserved internal session namespaces."), else
//   agent:<agentId>:<prefix>-user:<user> for a non-empty `user`, else a fresh
//   agent:<agentId>:<prefix>:<uuid> (stateless);
// - model override: x-openclaw-model as "provider/model", or a bare model id taken with the
//   provider of the agent's primary model; fails "Invalid `x-openclaw-model`." when it
//   cannot be read, and "Model '<provider/model>' is not allowed for agent '<id>'." when
//   the config has a model catalog (agents.defaults.models / the agent's models) that does
//   not list it and it is not one of the agent's own models.
Result<AgentTarget> resolve_agent_target(const config::Config& config, const TargetRequest& request);

// The agent's model selection: its agents.list entry's model, else agents.defaults.model.
std::optional<config::ModelSelection> agent_model_selection(const config::Config& config, std::string_view agent_id);

}  // namespace openclaw::server
