// Which API key a provider call uses (spec §5.3): the agent's auth profiles
// (agents/<agentId>/agent/auth-profiles.json, keys inline or as keyRef/tokenRef SecretRefs),
// ordered by auth.order.<provider> (else the file's order, else profile id), then
// models.providers.<id>.apiKey, then the provider's well-known environment variable
// (OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENROUTER_API_KEY, ...).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/model.h"
#include "core/state/layout.h"
#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::providers {

struct ProviderCredential {
  std::string api_key;     // the secret; never logged
  std::string profile_id;  // "anthropic:default"; "" for the provider config / environment
  std::string source;      // for logs: "auth-profiles.json", "models.providers.openai.apiKey", "env OPENAI_API_KEY"
};

// The environment variables that may hold `provider`'s key, most preferred first: upstream's
// names for the well-known providers (OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENROUTER_API_KEY,
// GEMINI_API_KEY for google, ZAI_API_KEY then Z_AI_API_KEY for zai, ...), else
// <PROVIDER>_API_KEY upper-cased with '-' and '.' as '_' ("my-llm" -> MY_LLM_API_KEY).
// Anthropic's ANTHROPIC_OAUTH_TOKEN is not among them: an OAuth token needs the OAuth
// request flavour, which this gateway does not send.
std::vector<std::string> provider_env_vars(std::string_view provider);

// `env` with the config's env.vars added where `env` has no value of its own (upstream applies
// env.vars to the process environment the same way): the environment every SecretRef and
// key variable of a model call is read from.
Environment with_config_env_vars(const Environment& env, const config::Config& config);

class CredentialResolver {
 public:
  CredentialResolver(state::StateLayout layout, Environment env, std::filesystem::path config_dir);

  // Every usable credential of `provider` for `agent_id`, most preferred first; a profile
  // whose SecretRef does not resolve is skipped (and named in the error if none is left).
  // Fails with upstream's wording when none resolves:
  //   No API key found for provider "anthropic". Auth store: <path> (agentDir: <dir>).
  //   Configure auth for this agent or set ANTHROPIC_API_KEY.
  // Errors name files, profiles and variables, never a key. Reads the profiles file on each
  // call (it is small, and operators edit it while the gateway runs).
  //
  // Also in the list, after the environment variable: a provider of models.providers whose
  // baseUrl is on loopback (llama.cpp, vLLM, Ollama, LM Studio on 127.0.0.1 / localhost /
  // ::1) and that has no apiKey configured gets one credential with an empty api_key (local
  // servers rarely check keys; upstream synthesises a placeholder key for them), and so does
  // "ollama" when it is not configured at all (its built-in endpoint is loopback). Only when
  // nothing else resolved, so a key that is configured is still sent.
  //
  // The environment is with_config_env_vars(env, config).
  Result<std::vector<ProviderCredential>> resolve(const config::Config& config, std::string_view agent_id,
                                                  std::string_view provider) const;

  // <agentDir>/auth-profiles.json for `agent_id`: agents.list[].agentDir ("~" expanded) when
  // set, else <state>/agents/<agentId>/agent.
  std::filesystem::path auth_store_path(const config::Config& config, std::string_view agent_id) const;

 private:
  state::StateLayout layout_;
  Environment env_;
  std::filesystem::path config_dir_;
};

}  // namespace openclaw::providers
