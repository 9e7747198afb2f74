// The per-model `params` of OpenClaw config (agents.defaults.models["provider/model"].params,
// merged with the agent's own by the caller), read for what belongs in a request body.
// Upstream's keys are options of its model client, mostly camelCase (temperature,
// maxTokens, topP, cacheRetention, context1m, extraBody, ...), not wire fields: copying them
// raw would send fields such as "cacheRetention" that providers reject with a 400. So the
// known options are translated, snake_case keys are taken as wire fields the operator means
// literally (stop, seed, top_k, reasoning_effort, chat_template_kwargs, OpenRouter's
// provider, ...), and other camelCase options (cacheRetention, ...) are not sent.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

namespace openclaw::providers {

struct ModelParams {
  std::optional<std::int64_t> max_tokens;  // maxTokens / max_tokens (a positive integer)
  std::optional<double> temperature;       // temperature
  std::optional<double> top_p;             // topP / top_p
  std::optional<std::int64_t> top_k;       // topK / top_k
  // Lowercase keys other than the above and the body's own structure (model, messages,
  // system, stream, stream_options), copied as they are.
  nlohmann::json wire_fields = nlohmann::json::object();
  // extraBody / extra_body: merged into OpenAI-compatible bodies last, winning collisions
  // (upstream's documented pass-through for proxies).
  nlohmann::json extra_body = nlohmann::json::object();
  // context1m: ask Anthropic for its 1M-token context window (a beta header).
  bool context_1m = false;
};

// Never fails: a value of the wrong type is left out (the config validator reports it), so
// a typo in params cannot stop every request to the model.
ModelParams read_model_params(const nlohmann::json& params);

}  // namespace openclaw::providers
