// Where each provider lives: models.providers.<id> (baseUrl, api, headers, authHeader) when
// configured, else the built-in endpoints of the well-known providers.
#pragma once

#include <string_view>

#include "core/config/model.h"
#include "core/util/environment.h"
#include "core/util/result.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {

// The endpoint for `provider_id`. Built-ins: openai (https://api.openai.com/v1),
// anthropic (https://api.anthropic.com, anthropic-messages), openrouter
// (https://openrouter.ai/api/v1), ollama (http://127.0.0.1:11434/v1). The API comes from
// the model definition's `api`, else the provider's, else the built-in's, else
// openai-completions. Header SecretRefs are resolved with `env`. Fails naming the provider
// when it is neither configured nor built in, or its api is one this gateway does not speak.
//
// Details: provider ids match case-insensitively ("OpenAI" is "openai"); a configured
// provider without baseUrl (e.g. only apiKey or headers for "openai") keeps the built-in's
// URL; a trailing '/' of baseUrl is dropped; api "ollama" (Ollama's native API name) is
// spoken through Ollama's OpenAI-compatible /v1, which is appended when baseUrl lacks it.
// Headers: models.providers.<id>.headers (SecretInputs, resolved), then the model
// definition's headers, which win on the same name.
Result<ProviderEndpoint> resolve_endpoint(const config::Config& config, std::string_view provider_id,
                                          std::string_view model_id, const Environment& env,
                                          const std::filesystem::path& config_dir);

// models.providers.<id> for `provider_id`: the exact key, else the key that matches without
// regard to case; nullptr when neither exists.
const config::ProviderConfig* find_provider_config(const config::Config& config, std::string_view provider_id);

// True when `url`'s host is loopback: "localhost", 127.0.0.0/8, ::1 (also IPv4-mapped), or
// the unspecified address 0.0.0.0 / :: (which connects to this host). False for anything
// unparseable.
bool is_loopback_base_url(std::string_view url);

}  // namespace openclaw::providers
