// The ordered attempts of one routed request: each model of the selection (primary, then
// fallbacks, repeats dropped), with its endpoint and each of its credentials in order, or the
// reason it cannot be attempted at all (invalid reference, unknown provider, no credential).
// Then the cooldown filter: steps whose provider/profile is cooling down are left out unless
// every attemptable step is cooling, in which case only the one whose cooldown ends first
// stays. Built once per request from the config snapshot the request started under.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/model.h"
#include "core/util/environment.h"
#include "providers/chat_model.h"
#include "providers/cooldown_tracker.h"
#include "providers/credentials.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {

struct RouteStep {
  ModelRef model;
  // Set when the step cannot be attempted (nothing is sent): BadRequest for an invalid
  // reference or an unknown / unusable provider, MissingCredential with the credential
  // resolver's message. The other fields are then empty.
  std::optional<ModelFailure> failure;
  ProviderEndpoint endpoint;
  ProviderCredential credential;
  std::string cooldown_key;  // "provider/profileId", or "provider" for config / env keys
  nlohmann::json params = nlohmann::json::object();  // agents.*.models["provider/model"].params
  bool stream = true;  // false when the catalog entry says streaming: false
};

// "provider/profileId", or "provider" without a profile.
std::string cooldown_key_for(std::string_view provider, std::string_view profile_id);

// The model `text` names: "provider/model", or an alias from agents.list[<agent>].models /
// agents.defaults.models (matched without regard to case). nullopt when it is neither.
std::optional<ModelRef> resolve_model_text(const config::Config& config, std::string_view agent_id,
                                           std::string_view text);

struct RoutePlanContext {
  const config::Config& config;
  std::string_view agent_id;
  const CredentialResolver& credentials;
  const Environment& env;  // for header SecretRefs; the config's env.vars are added
  const std::filesystem::path& config_dir;
};

// The steps for `selection`, in order; empty when the selection names no model at all.
std::vector<RouteStep> plan_route(const RoutePlanContext& context,
                                  const config::ModelSelection& selection);

// A step left out because its provider/profile is cooling down.
struct CoolingStep {
  ModelRef model;
  std::string cooldown_key;
  CooldownTracker::Clock::time_point until;
};

struct FilteredRoute {
  std::vector<RouteStep> steps;      // what the request walks through, in order
  std::vector<CoolingStep> cooling;  // what it leaves out (for the debug log)
};

// Applies the cooldowns as of `now` (see the file comment). Steps that cannot be attempted
// are kept: they explain, in order, why a model was passed over.
FilteredRoute filter_cooling(std::vector<RouteStep> steps, const CooldownTracker& cooldowns,
                             CooldownTracker::Clock::time_point now);

}  // namespace openclaw::providers
