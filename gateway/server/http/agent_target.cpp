#include "server/http/agent_target.h"

#include <algorithm>

#include "agents/agent_id.h"
#include "core/util/text.h"
#include "server/uuid.h"

namespace openclaw::server {
namespace {

// Session namespaces the gateway keeps for itself; HTTP callers may not write into them.
constexpr std::string_view kReservedSessionPrefixes[] = {"subagent:", "cron:", "acp:"};

std::optional<std::string> prefixed_agent_id(std::string_view model) {
  const std::string lowered = ascii_lowercase(model);
  for (std::string_view prefix :
       {std::string_view("openclaw/"), std::string_view("openclaw:"), std::string_view("agent:")}) {
    if (!lowered.starts_with(prefix)) continue;
    std::string id = lowered.substr(prefix.size());
    if (agents::is_valid_agent_id(id)) return id;
    return std::nullopt;
  }
  return std::nullopt;
}

const config::AgentEntry* find_entry(const config::Config& config, std::string_view agent_id) {
  for (const auto& entry : config.agents.list) {
    if (entry.id == agent_id) return &entry;
  }
  return nullptr;
}

bool is_reserved_session_key(std::string_view lowered) {
  std::string_view rest = lowered;
  if (rest.starts_with("agent:")) {
    // agent:<id>:<rest> is reserved when <rest> is.
    const auto colon = rest.find(':', 6);
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
  }
  for (std::string_view prefix : kReservedSessionPrefixes) {
    if (lowered.starts_with(prefix) || rest.starts_with(prefix)) return true;
  }
  return false;
}

Result<agents::SessionKey> session_from_header(const config::Config& config, std::string_view agent_id,
                                               std::string_view header) {
  const std::string lowered = ascii_lowercase(trim(header));
  if (is_reserved_session_key(lowered)) {
    return fail("`x-openclaw-session-key` cannot use reserved internal session namespaces.");
  }
  if (lowered.starts_with("agent:")) {
    auto parsed = agents::parse_session_key(lowered, config, true);
    if (!parsed) return fail("Invalid `x-openclaw-session-key`: " + parsed.error().message + ".");
    return parsed;
  }
  if (lowered.size() > agents::kMaxSessionKeyLength) {
    return fail("Invalid `x-openclaw-session-key`: longer than " + std::to_string(agents::kMaxSessionKeyLength) +
                " characters.");
  }
  if (lowered == "main") return agents::main_session_key(config, agent_id);
  return agents::SessionKey{.agent_id = std::string(agent_id), .rest = lowered};
}

bool selection_contains(const std::optional<config::ModelSelection>& selection, const std::string& ref) {
  if (!selection) return false;
  return selection->primary == ref ||
         std::find(selection->fallbacks.begin(), selection->fallbacks.end(), ref) != selection->fallbacks.end();
}

Result<std::optional<providers::ModelRef>> model_override(const config::Config& config, std::string_view agent_id,
                                                          const std::optional<std::string>& header) {
  if (!header) return std::optional<providers::ModelRef>{};
  const std::string_view raw = trim(*header);
  if (raw.empty()) return std::optional<providers::ModelRef>{};
  const auto selection = agent_model_selection(config, agent_id);
  std::optional<providers::ModelRef> ref;
  if (raw.find('/') != std::string_view::npos) {
    ref = providers::parse_model_ref(raw);
  } else if (selection) {
    // A bare model id belongs to the provider the agent already uses.
    if (auto primary = providers::parse_model_ref(selection->primary)) {
      ref = providers::ModelRef{primary->provider, std::string(raw)};
    }
  }
  if (!ref) return fail("Invalid `x-openclaw-model`.");

  const std::string key = ref->to_string();
  std::vector<std::string> catalog;
  for (const auto& [name, entry] : config.agents.defaults.models) catalog.push_back(name);
  if (const auto* entry = find_entry(config, agent_id)) {
    for (const auto& [name, model] : entry->models) catalog.push_back(name);
  }
  const bool listed = std::find(catalog.begin(), catalog.end(), key) != catalog.end();
  if (!catalog.empty() && !listed && !selection_contains(selection, key)) {
    return fail("Model '" + key + "' is not allowed for agent '" + std::string(agent_id) + "'.");
  }
  return ref;
}

}  // namespace

std::optional<std::string> agent_id_from_model(std::string_view model, const config::Config& config) {
  const std::string_view raw = trim(model);
  if (raw.empty()) return std::nullopt;
  const std::string lowered = ascii_lowercase(raw);
  if (lowered == kOpenClawModelId || lowered == kOpenClawDefaultModelId) return agents::default_agent_id(config);
  return prefixed_agent_id(raw);
}

std::vector<std::string> openai_model_ids(const config::Config& config) {
  std::vector<std::string> ids{std::string(kOpenClawModelId), std::string(kOpenClawDefaultModelId)};
  auto add = [&ids](std::string id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  };
  add("openclaw/" + agents::default_agent_id(config));
  for (const auto& entry : config.agents.list) add("openclaw/" + entry.id);
  return ids;
}

Result<std::string> resolve_request_agent(const config::Config& config, const std::optional<std::string>& agent_header,
                                          std::string_view model) {
  const std::string_view requested_model = trim(model);
  const auto from_model = agent_id_from_model(requested_model, config);
  if (!requested_model.empty() && !from_model) return fail(std::string(kInvalidModelMessage));

  std::string agent_id;
  if (agent_header && !trim(*agent_header).empty()) {
    const std::string_view raw = trim(*agent_header);
    agent_id = ascii_lowercase(raw);
    if (!agents::is_valid_agent_id(agent_id)) return fail("Unknown agent '" + std::string(raw) + "'.");
  } else {
    agent_id = from_model ? *from_model : agents::default_agent_id(config);
  }
  if (!agents::is_declared_agent(config, agent_id)) return fail("Unknown agent '" + agent_id + "'.");
  return agent_id;
}

Result<AgentTarget> resolve_agent_target(const config::Config& config, const TargetRequest& request) {
  auto agent_id = resolve_request_agent(config, request.agent_header, request.model);
  if (!agent_id) return std::unexpected(agent_id.error());

  AgentTarget target;
  target.agent_id = *agent_id;
  if (request.session_key_header && !trim(*request.session_key_header).empty()) {
    auto session = session_from_header(config, target.agent_id, *request.session_key_header);
    if (!session) return std::unexpected(session.error());
    target.session = std::move(*session);
    // An explicit key names its own agent.
    target.agent_id = target.session.agent_id;
  } else {
    const std::string_view user = request.user ? trim(*request.user) : std::string_view{};
    const std::string prefix(request.session_prefix);
    target.session.agent_id = target.agent_id;
    // Session keys are stored lowercased (as upstream's store does).
    target.session.rest = user.empty() ? prefix + ":" + random_uuid() : prefix + "-user:" + ascii_lowercase(user);
    target.stateless = user.empty();
  }

  auto override_ref = model_override(config, target.agent_id, request.model_header);
  if (!override_ref) return std::unexpected(override_ref.error());
  target.model_override = std::move(*override_ref);
  return target;
}

std::optional<config::ModelSelection> agent_model_selection(const config::Config& config, std::string_view agent_id) {
  if (const auto* entry = find_entry(config, agent_id); entry && entry->model) return entry->model;
  return config.agents.defaults.model;
}

}  // namespace openclaw::server
