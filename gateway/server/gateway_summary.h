// The read-only summaries several RPCs and hello-ok share, built from the config snapshot
// and the state directory: agents, models, session defaults, HealthSummary, StatusSummary
// (spec §1.7, §2.3). Pure functions of their inputs; no I/O beyond reading session indexes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/runtime_settings.h"

namespace openclaw::server {

struct AgentSummary {
  std::string id;
  std::optional<std::string> name;
  bool is_default = false;
};

// The configured agents, or the implicit default agent "main" when none is configured.
std::vector<AgentSummary> configured_agents(const config::Config& config);
std::string default_agent_id(const config::Config& config);

// sessionDefaults: {defaultAgentId, mainKey, mainSessionKey, scope}.
nlohmann::json session_defaults(const config::Config& config);

// agents.list payload: {defaultId, mainKey, scope, agents:[{id, name?}]}.
nlohmann::json agents_list(const config::Config& config);

// models.list payload "from configuration": the models of models.providers.* and the models
// agents select (agents.defaults.model, agents.list[].model: primary and fallbacks), kept to
// agents.defaults.models when that allowlist is set (as upstream's buildAllowedModelSet),
// as {id, name, provider, alias?, contextWindow?, reasoning?}, sorted by provider then id.
nlohmann::json models_list(const config::Config& config);

struct HealthInputs {
  bool heartbeats_enabled = true;
  std::int64_t now_ms = 0;
  std::int64_t duration_ms = 0;
};
nlohmann::json health_summary(const RuntimeSettings& settings, const HealthInputs& inputs);

// StatusSummary; `admin` adds the sensitive fields (paths) upstream shows only to admins.
nlohmann::json status_summary(const RuntimeSettings& settings, const nlohmann::json& queued_system_events,
                              bool heartbeats_enabled, bool admin, const std::string& version);

}  // namespace openclaw::server
