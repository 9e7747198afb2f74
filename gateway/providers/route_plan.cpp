#include "providers/route_plan.h"

#include <algorithm>

#include "core/util/text.h"
#include "providers/provider_catalog.h"

namespace openclaw::providers {
namespace {

const config::AgentEntry* find_agent(const config::Config& config, std::string_view agent_id) {
  const std::string id = ascii_lowercase(trim(agent_id));
  for (const config::AgentEntry& agent : config.agents.list) {
    if (agent.id == id) return &agent;
  }
  return nullptr;
}

// The catalog entry of `ref` for the agent (agents.list[].models) and the defaults'
// (agents.defaults.models); either may be null.
std::pair<const config::ModelCatalogEntry*, const config::ModelCatalogEntry*> catalog_entries(
    const config::Config& config, std::string_view agent_id, const std::string& ref) {
  const config::ModelCatalogEntry* agent_entry = nullptr;
  if (const config::AgentEntry* agent = find_agent(config, agent_id)) {
    if (auto it = agent->models.find(ref); it != agent->models.end()) agent_entry = &it->second;
  }
  const config::ModelCatalogEntry* default_entry = nullptr;
  if (auto it = config.agents.defaults.models.find(ref);
      it != config.agents.defaults.models.end()) {
    default_entry = &it->second;
  }
  return {agent_entry, default_entry};
}

ModelFailure not_attemptable(FailureReason reason, std::string message) {
  ModelFailure failure;
  failure.reason = reason;
  failure.message = std::move(message);
  return failure;
}

}  // namespace

std::string cooldown_key_for(std::string_view provider, std::string_view profile_id) {
  std::string key(provider);
  if (!profile_id.empty()) {
    key += '/';
    key += profile_id;
  }
  return key;
}

std::optional<ModelRef> resolve_model_text(const config::Config& config, std::string_view agent_id,
                                           std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (auto ref = parse_model_ref(trimmed)) {
    ref->provider = ascii_lowercase(ref->provider);
    return ref;
  }
  const std::string wanted = ascii_lowercase(trimmed);
  if (wanted.empty()) return std::nullopt;
  auto match_alias = [&](const std::map<std::string, config::ModelCatalogEntry>& models)
      -> std::optional<ModelRef> {
    for (const auto& [key, entry] : models) {
      if (entry.alias && ascii_lowercase(trim(*entry.alias)) == wanted) {
        if (auto ref = parse_model_ref(key))
          return ModelRef{ascii_lowercase(ref->provider), ref->model};
      }
    }
    return std::nullopt;
  };
  if (const config::AgentEntry* agent = find_agent(config, agent_id)) {
    if (auto ref = match_alias(agent->models)) return ref;
  }
  return match_alias(config.agents.defaults.models);
}

std::vector<RouteStep> plan_route(const RoutePlanContext& context,
                                  const config::ModelSelection& selection) {
  std::vector<std::string> texts;
  if (!trim(selection.primary).empty()) texts.push_back(selection.primary);
  for (const std::string& fallback : selection.fallbacks) {
    if (!trim(fallback).empty()) texts.push_back(fallback);
  }
  const Environment env = with_config_env_vars(context.env, context.config);

  std::vector<RouteStep> steps;
  std::vector<ModelRef> seen;
  for (const std::string& text : texts) {
    auto ref = resolve_model_text(context.config, context.agent_id, text);
    if (!ref) {
      RouteStep step;
      step.model = ModelRef{"", std::string(trim(text))};
      step.failure = not_attemptable(
          FailureReason::BadRequest,
          "model \"" + std::string(trim(text)) +
              "\" is neither \"provider/model\" nor an alias in agents.defaults.models");
      steps.push_back(std::move(step));
      continue;
    }
    // A fallback that repeats an earlier model would only repeat its failure.
    if (std::ranges::find(seen, *ref) != seen.end()) continue;
    seen.push_back(*ref);

    auto endpoint =
        resolve_endpoint(context.config, ref->provider, ref->model, env, context.config_dir);
    if (!endpoint) {
      RouteStep step;
      step.model = *ref;
      step.failure = not_attemptable(FailureReason::BadRequest, endpoint.error().message);
      steps.push_back(std::move(step));
      continue;
    }
    auto credentials = context.credentials.resolve(context.config, context.agent_id, ref->provider);
    if (!credentials) {
      RouteStep step;
      step.model = *ref;
      step.failure = not_attemptable(FailureReason::MissingCredential, credentials.error().message);
      steps.push_back(std::move(step));
      continue;
    }

    const std::string ref_text = ref->to_string();
    const auto [agent_entry, default_entry] =
        catalog_entries(context.config, context.agent_id, ref_text);
    nlohmann::json params = nlohmann::json::object();
    std::optional<bool> streaming;
    for (const config::ModelCatalogEntry* entry : {default_entry, agent_entry}) {
      if (entry == nullptr) continue;
      // The agent's entry refines the defaults' key by key.
      if (entry->params.is_object()) params.merge_patch(entry->params);
      if (entry->streaming) streaming = entry->streaming;
    }
    for (ProviderCredential& credential : *credentials) {
      RouteStep step;
      step.model = *ref;
      step.endpoint = *endpoint;
      step.cooldown_key = cooldown_key_for(ref->provider, credential.profile_id);
      step.credential = std::move(credential);
      step.params = params;
      step.stream = streaming.value_or(true);
      steps.push_back(std::move(step));
    }
  }
  return steps;
}

FilteredRoute filter_cooling(std::vector<RouteStep> steps, const CooldownTracker& cooldowns,
                             CooldownTracker::Clock::time_point now) {
  FilteredRoute route;
  std::optional<std::size_t> earliest;  // index into `steps` of the soonest-free cooling step
  std::optional<CooldownTracker::Clock::time_point> earliest_until;
  std::vector<std::optional<CooldownTracker::Clock::time_point>> until(steps.size());
  bool any_free = false;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].failure) continue;
    until[i] = cooldowns.cooling_until(steps[i].cooldown_key, now);
    if (!until[i]) {
      any_free = true;
    } else if (!earliest_until || *until[i] < *earliest_until) {
      earliest = i;
      earliest_until = until[i];
    }
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    // With every candidate cooling, waiting helps nobody: the one that is free soonest is
    // the best bet (it may well answer already).
    const bool keep = !until[i] || (!any_free && earliest == i);
    if (keep) {
      route.steps.push_back(std::move(steps[i]));
    } else {
      route.cooling.push_back({steps[i].model, steps[i].cooldown_key, *until[i]});
    }
  }
  return route;
}

}  // namespace openclaw::providers
