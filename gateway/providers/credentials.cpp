#include "providers/credentials.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/config/paths.h"
#include "core/util/clock.h"
#include "core/util/text.h"
#include "providers/auth_profiles_file.h"
#include "providers/provider_catalog.h"

namespace openclaw::providers {
namespace {

struct EnvVarNames {
  std::string_view provider;
  std::array<std::string_view, 2> names;  // second may be empty
};

// Upstream's names where they differ from <PROVIDER>_API_KEY or add a second name
// (src/agents/model-auth-env-vars.ts).
constexpr std::array kKnownEnvVars{
    EnvVarNames{"google", {"GEMINI_API_KEY", ""}},
    EnvVarNames{"zai", {"ZAI_API_KEY", "Z_AI_API_KEY"}},
    EnvVarNames{"opencode", {"OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"}},
    EnvVarNames{"kimi-coding", {"KIMI_API_KEY", "KIMICODE_API_KEY"}},
    EnvVarNames{"huggingface", {"HUGGINGFACE_HUB_TOKEN", "HF_TOKEN"}},
    EnvVarNames{"vercel-ai-gateway", {"AI_GATEWAY_API_KEY", ""}},
    EnvVarNames{"volcengine", {"VOLCANO_ENGINE_API_KEY", ""}},
    EnvVarNames{"volcengine-plan", {"VOLCANO_ENGINE_API_KEY", ""}},
    EnvVarNames{"byteplus-plan", {"BYTEPLUS_API_KEY", ""}},
    EnvVarNames{"minimax-portal", {"MINIMAX_API_KEY", ""}},
};

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

const config::AgentEntry* find_agent(const config::Config& config, std::string_view agent_id) {
  for (const config::AgentEntry& agent : config.agents.list) {
    if (agent.id == agent_id) return &agent;
  }
  return nullptr;
}

// A value of the map whose key equals `provider` without regard to case.
template <class Map>
const typename Map::mapped_type* find_by_provider(const Map& map, std::string_view provider) {
  for (const auto& [key, value] : map) {
    if (ascii_lowercase(trim(key)) == provider) return &value;
  }
  return nullptr;
}

// The profile ids to try, in order (upstream's resolveAuthProfileOrder without its
// usage-based rotation): auth.order.<provider>, else the store's own order.<provider>; when
// neither is written, the auth.profiles entries for the provider, else every stored profile of
// the provider, by profile id. An explicit order is taken as written: profiles it leaves out
// are not used.
std::vector<std::string> profile_order(const config::Config& config, const AuthProfilesStore& store,
                                       std::string_view provider) {
  const std::vector<std::string>* explicit_order = find_by_provider(config.auth.order, provider);
  if (explicit_order == nullptr) explicit_order = find_by_provider(store.order, provider);
  std::vector<std::string> ids;
  auto add = [&](const std::string& id) {
    if (std::ranges::find(ids, id) == ids.end()) ids.push_back(id);
  };
  if (explicit_order != nullptr) {
    for (const std::string& id : *explicit_order) add(id);
    return ids;
  }
  for (const auto& [id, profile] : config.auth.profiles) {
    if (ascii_lowercase(trim(profile.provider)) == provider) add(id);
  }
  if (!ids.empty()) return ids;
  for (const auto& [id, credential] : store.profiles) {
    if (credential.provider == provider) add(id);
  }
  return ids;
}

// Why the config's declaration of `profile_id` rules the stored profile out, or "" when it
// does not: auth.profiles.<id> must name the same provider and mode (a token may stand in
// for an oauth declaration, as upstream allows).
std::string config_mismatch(const config::Config& config, const StoredCredential& credential) {
  auto it = config.auth.profiles.find(credential.profile_id);
  if (it == config.auth.profiles.end()) return {};
  const config::AuthProfile& declared = it->second;
  if (!declared.provider.empty() &&
      ascii_lowercase(trim(declared.provider)) != credential.provider) {
    return "auth.profiles." + credential.profile_id + ".provider is " +
           in_quotes(declared.provider) + " but the stored profile is for " +
           in_quotes(credential.provider);
  }
  const std::string_view stored_mode = to_string(credential.type);
  const bool token_for_oauth =
      declared.mode == "oauth" && credential.type == StoredCredentialType::Token;
  if (!declared.mode.empty() && declared.mode != stored_mode && !token_for_oauth) {
    return "auth.profiles." + credential.profile_id + ".mode is " + in_quotes(declared.mode) +
           " but the stored profile is " + in_quotes(stored_mode);
  }
  return {};
}

// Whether a provider without any key may still be called: a local server (see resolve()).
bool is_keyless_local(const config::Config& config, std::string_view provider) {
  const config::ProviderConfig* configured = find_provider_config(config, provider);
  if (configured == nullptr) return provider == "ollama";
  if (configured->api_key) return false;  // a key is configured but did not resolve: say so
  if (configured->auth && *configured->auth != "api-key") return false;
  const std::string_view base_url = trim(configured->base_url);
  if (base_url.empty()) return provider == "ollama";
  return is_loopback_base_url(base_url);
}

}  // namespace

Environment with_config_env_vars(const Environment& env, const config::Config& config) {
  Environment merged = env;
  for (const auto& [name, value] : config.env_vars) {
    if (!merged.get(name)) merged.set(name, value);
  }
  return merged;
}

std::vector<std::string> provider_env_vars(std::string_view provider) {
  const std::string id = ascii_lowercase(trim(provider));
  for (const EnvVarNames& known : kKnownEnvVars) {
    if (known.provider != id) continue;
    std::vector<std::string> names;
    for (std::string_view name : known.names) {
      if (!name.empty()) names.emplace_back(name);
    }
    return names;
  }
  std::string name;
  for (char c : id) {
    if (c >= 'a' && c <= 'z') {
      name += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= '0' && c <= '9') || c == '_') {
      name += c;
    } else {
      name += '_';
    }
  }
  return {name + "_API_KEY"};
}

CredentialResolver::CredentialResolver(state::StateLayout layout, Environment env,
                                       std::filesystem::path config_dir)
    : layout_(std::move(layout)), env_(std::move(env)), config_dir_(std::move(config_dir)) {}

std::filesystem::path CredentialResolver::auth_store_path(const config::Config& config,
                                                          std::string_view agent_id) const {
  const std::string id = ascii_lowercase(trim(agent_id));
  if (const config::AgentEntry* agent = find_agent(config, id); agent && agent->agent_dir) {
    if (auto dir = config::expand_home(*agent->agent_dir, with_config_env_vars(env_, config))) {
      return *dir / "auth-profiles.json";
    }
  }
  return layout_.auth_profiles(id);
}

Result<std::vector<ProviderCredential>> CredentialResolver::resolve(
    const config::Config& config, std::string_view agent_id, std::string_view provider) const {
  const std::string provider_id = ascii_lowercase(trim(provider));
  const Environment env = with_config_env_vars(env_, config);
  const std::filesystem::path store_path = auth_store_path(config, agent_id);

  std::vector<ProviderCredential> found;
  std::vector<std::string> skipped;  // why candidates were passed over, for the error
  auto add = [&](std::string key, std::string profile_id, std::string source) {
    // The same key from two places (a profile and the environment) is one credential: trying
    // it twice after a 429 would only earn a second 429.
    const bool duplicate = std::ranges::any_of(
        found, [&](const ProviderCredential& credential) { return credential.api_key == key; });
    if (!duplicate) found.push_back({std::move(key), std::move(profile_id), std::move(source)});
  };

  // 1. Auth profiles.
  AuthProfilesStore store;
  if (auto read = read_auth_profiles(store_path, config.secrets)) {
    store = std::move(*read);
  } else {
    skipped.push_back(read.error().message);
  }
  for (const ProfileProblem& problem : store.problems) {
    const bool ours = problem.provider.empty() ? problem.profile_id.starts_with(provider_id + ":")
                                               : problem.provider == provider_id;
    if (ours)
      skipped.push_back("profile " + in_quotes(problem.profile_id) + ": " + problem.message);
  }
  const std::int64_t now_ms = wall_clock_ms();
  for (const std::string& profile_id : profile_order(config, store, provider_id)) {
    auto it = store.profiles.find(profile_id);
    if (it == store.profiles.end()) {
      // Named by an explicit order but absent from the file (or unreadable, listed above).
      const bool listed = std::ranges::any_of(store.problems, [&](const ProfileProblem& problem) {
        return problem.profile_id == profile_id;
      });
      if (!listed)
        skipped.push_back("profile " + in_quotes(profile_id) + " is not in the auth store");
      continue;
    }
    const StoredCredential& credential = it->second;
    const std::string label = "profile " + in_quotes(profile_id) + ": ";
    if (credential.provider != provider_id) continue;  // an order naming another provider's profile
    if (std::string mismatch = config_mismatch(config, credential); !mismatch.empty()) {
      skipped.push_back(label + mismatch);
      continue;
    }
    if (credential.type == StoredCredentialType::OAuth) {
      skipped.push_back(
          label +
          "oauth profiles are not supported by this gateway (add an api_key or token profile)");
      continue;
    }
    if (credential.expires_ms && *credential.expires_ms <= now_ms) {
      skipped.push_back(label + "token expired");
      continue;
    }
    if (!credential.secret) {
      skipped.push_back(label + (credential.type == StoredCredentialType::Token
                                     ? "has neither token nor tokenRef"
                                     : "has neither key nor keyRef"));
      continue;
    }
    auto value = config::resolve_secret(*credential.secret, config.secrets, env, config_dir_);
    if (!value) {
      skipped.push_back(label + value.error().message);
      continue;
    }
    std::string key(trim(*value));
    if (key.empty()) {
      skipped.push_back(label + "resolved to an empty value");
      continue;
    }
    add(std::move(key), profile_id, "auth-profiles.json (" + profile_id + ")");
  }

  // 2. models.providers.<id>.apiKey.
  const config::ProviderConfig* configured = find_provider_config(config, provider_id);
  if (configured != nullptr && configured->api_key) {
    const std::string where = "models.providers." + provider_id + ".apiKey";
    auto value = config::resolve_secret(*configured->api_key, config.secrets, env, config_dir_);
    if (!value) {
      skipped.push_back(where + ": " + value.error().message);
    } else if (std::string key(trim(*value)); !key.empty()) {
      add(std::move(key), "", where);
    }
  }

  // 3. The provider's environment variable (the first of its names that is set).
  const std::vector<std::string> env_names = provider_env_vars(provider_id);
  for (const std::string& name : env_names) {
    auto value = env.get_non_empty(name);
    if (!value) continue;
    if (std::string key(trim(*value)); !key.empty()) {
      add(std::move(key), "", "env " + name);
      break;
    }
  }

  // 4. A local server that needs no key.
  if (found.empty() && is_keyless_local(config, provider_id)) {
    found.push_back({"", "", "models.providers." + provider_id + " (local server, no key)"});
  }

  if (!found.empty()) return found;

  // Upstream's wording, so the runbooks' searches for it keep working; the last sentence
  // names what this gateway reads instead of upstream's CLI command.
  std::string message = "No API key found for provider " + in_quotes(provider) +
                        ". Auth store: " + store_path.string() +
                        " (agentDir: " + store_path.parent_path().string() +
                        "). Configure auth for this agent or set " + env_names.front() + ".";
  if (!skipped.empty()) {
    message += " Skipped: ";
    for (std::size_t i = 0; i < skipped.size(); ++i) {
      if (i > 0) message += "; ";
      message += skipped[i];
    }
    message += ".";
  }
  return fail(std::move(message));
}

}  // namespace openclaw::providers
