#include "server/gateway_summary.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/state/file_reader.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

constexpr std::int64_t kHeartbeatEveryMs = 30 * 60 * 1000;

std::filesystem::path session_index(const RuntimeSettings& settings, const std::string& agent_id) {
  return settings.layout.sessions_dir(agent_id) / "sessions.json";
}

// The session entries of one agent (upstream's sessions.json, keyed by session key); an
// unreadable or missing index counts as empty here — doctor reports broken files.
json read_sessions(const std::filesystem::path& index) {
  auto text = state::read_file(index);
  if (!text) return json::object();
  auto parsed = json::parse(*text, nullptr, false);
  return parsed.is_object() ? parsed : json::object();
}

json recent_sessions(const json& sessions, std::int64_t now_ms) {
  std::vector<std::pair<std::int64_t, std::string>> by_update;
  for (const auto& [key, entry] : sessions.items()) {
    const std::int64_t updated = entry.is_object() ? entry.value("updatedAt", std::int64_t{0}) : 0;
    by_update.emplace_back(updated, key);
  }
  std::sort(by_update.rbegin(), by_update.rend());
  json recent = json::array();
  for (std::size_t i = 0; i < by_update.size() && i < 5; ++i) {
    recent.push_back({{"key", by_update[i].second},
                      {"updatedAt", by_update[i].first},
                      {"age", std::max<std::int64_t>(0, now_ms - by_update[i].first)}});
  }
  return recent;
}

json sessions_block(const RuntimeSettings& settings, const std::string& agent_id, std::int64_t now_ms) {
  const auto index = session_index(settings, agent_id);
  const json sessions = read_sessions(index);
  return {{"path", index.string()}, {"count", sessions.size()}, {"recent", recent_sessions(sessions, now_ms)}};
}

}  // namespace

std::vector<AgentSummary> configured_agents(const config::Config& config) {
  std::vector<AgentSummary> agents;
  const auto* default_agent = config.agents.default_agent();
  for (const auto& entry : config.agents.list) {
    agents.push_back({entry.id, entry.name, default_agent && default_agent->id == entry.id});
  }
  if (agents.empty()) agents.push_back({"main", std::nullopt, true});
  return agents;
}

std::string default_agent_id(const config::Config& config) {
  const auto* agent = config.agents.default_agent();
  return agent ? agent->id : "main";
}

json session_defaults(const config::Config& config) {
  const std::string agent = default_agent_id(config);
  return {{"defaultAgentId", agent},
          {"mainKey", config.session.main_key},
          {"mainSessionKey", "agent:" + agent + ":" + config.session.main_key},
          {"scope", config::to_string(config.session.scope)}};
}

json agents_list(const config::Config& config) {
  json agents = json::array();
  for (const auto& agent : configured_agents(config)) {
    json entry = {{"id", agent.id}};
    if (agent.name) entry["name"] = *agent.name;
    agents.push_back(entry);
  }
  return {{"defaultId", default_agent_id(config)},
          {"mainKey", config.session.main_key},
          {"scope", config::to_string(config.session.scope)},
          {"agents", agents}};
}

json models_list(const config::Config& config) {
  using ModelKey = std::pair<std::string, std::string>;
  const auto split = [](const std::string& ref) -> std::optional<ModelKey> {
    const auto slash = ref.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size()) return std::nullopt;
    return ModelKey{ref.substr(0, slash), ref.substr(slash + 1)};
  };
  const auto bare = [](const ModelKey& key) -> json {
    return {{"id", key.second}, {"name", key.second}, {"provider", key.first}};
  };

  std::map<ModelKey, json> catalog;
  for (const auto& [provider, settings] : config.models.providers) {
    for (const auto& model : settings.models) {
      json entry = {{"id", model.id}, {"name", model.name.empty() ? model.id : model.name}, {"provider", provider}};
      if (model.context_window) entry["contextWindow"] = static_cast<std::int64_t>(*model.context_window);
      if (model.reasoning) entry["reasoning"] = true;
      catalog[{provider, model.id}] = entry;
    }
  }
  // Upstream's catalog also knows every built-in model; this gateway has none, so the
  // models the agents are configured to use stand in for them.
  std::vector<const config::ModelSelection*> selections;
  if (config.agents.defaults.model) selections.push_back(&*config.agents.defaults.model);
  for (const auto& agent : config.agents.list) {
    if (agent.model) selections.push_back(&*agent.model);
  }
  for (const auto* selection : selections) {
    std::vector<std::string> refs = selection->fallbacks;
    refs.insert(refs.begin(), selection->primary);
    for (const auto& ref : refs) {
      if (auto key = split(ref); key && !catalog.contains(*key)) catalog[*key] = bare(*key);
    }
  }
  // agents.defaults.models, when set, is the allowlist (upstream's buildAllowedModelSet).
  const auto& allowlist = config.agents.defaults.models;
  if (!allowlist.empty()) {
    std::map<ModelKey, json> allowed;
    for (const auto& [ref, entry] : allowlist) {
      auto key = split(ref);
      if (!key) continue;
      auto known = catalog.find(*key);
      allowed[*key] = known != catalog.end() ? known->second : bare(*key);
      if (entry.alias) allowed[*key]["alias"] = *entry.alias;
    }
    catalog = std::move(allowed);
  }
  json list = json::array();
  for (auto& [key, entry] : catalog) list.push_back(std::move(entry));
  return {{"models", list}};
}

json health_summary(const RuntimeSettings& settings, const HealthInputs& inputs) {
  const auto& config = settings.config;
  const std::string default_id = default_agent_id(config);
  json heartbeat = {{"enabled", inputs.heartbeats_enabled}, {"every", "30m"}, {"everyMs", kHeartbeatEveryMs}};
  json agents = json::array();
  for (const auto& agent : configured_agents(config)) {
    json entry = {{"agentId", agent.id},
                  {"isDefault", agent.is_default},
                  {"heartbeat", heartbeat},
                  {"sessions", sessions_block(settings, agent.id, inputs.now_ms)}};
    if (agent.name) entry["name"] = *agent.name;
    agents.push_back(entry);
  }
  return {{"ok", true},
          {"ts", inputs.now_ms},
          {"durationMs", inputs.duration_ms},
          {"channels", json::object()},
          {"channelOrder", json::array()},
          {"channelLabels", json::object()},
          {"heartbeatSeconds", inputs.heartbeats_enabled ? kHeartbeatEveryMs / 1000 : 0},
          {"defaultAgentId", default_id},
          {"agents", agents},
          {"sessions", sessions_block(settings, default_id, inputs.now_ms)}};
}

json status_summary(const RuntimeSettings& settings, const json& queued_system_events, bool heartbeats_enabled,
                    bool admin, const std::string& version) {
  const auto& config = settings.config;
  json paths = json::array();
  json by_agent = json::array();
  std::int64_t count = 0;
  for (const auto& agent : configured_agents(config)) {
    const auto index = session_index(settings, agent.id);
    const auto sessions = read_sessions(index);
    count += static_cast<std::int64_t>(sessions.size());
    if (admin) paths.push_back(index.string());
    by_agent.push_back({{"agentId", agent.id}, {"count", sessions.size()}});
  }
  json agents = json::array();
  for (const auto& agent : configured_agents(config)) {
    agents.push_back({{"agentId", agent.id}, {"enabled", heartbeats_enabled}, {"every", "30m"},
                      {"everyMs", kHeartbeatEveryMs}});
  }
  json model = nullptr;
  if (config.agents.defaults.model) model = config.agents.defaults.model->primary;
  return {{"runtimeVersion", version},
          {"heartbeat", {{"defaultAgentId", default_agent_id(config)}, {"agents", agents}}},
          {"channelSummary", json::array()},
          {"queuedSystemEvents", queued_system_events},
          {"tasks", json::object()},
          {"taskAudit", json::object()},
          {"sessions",
           {{"paths", paths},
            {"count", count},
            {"defaults", {{"model", model}, {"contextTokens", nullptr}}},
            {"recent", json::array()},
            {"byAgent", by_agent}}}};
}

}  // namespace openclaw::server
