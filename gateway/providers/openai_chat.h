// The OpenAI chat-completions wire API (POST <base_url>/chat/completions), spoken by OpenAI
// itself and by most self-hosted and aggregating servers (OpenRouter, vLLM, llama.cpp,
// Ollama's /v1): the request body, the JSON answer and the SSE chunk stream
// ("data: {chat.completion.chunk}" lines ending with "data: [DONE]").
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "providers/chat_model.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {

// The JSON body: model, messages (the system prompt first, as a "system" message), stream
// (+ stream_options.include_usage when streaming, so the last chunk carries usage),
// max_tokens and temperature (the request's, else params'), then the wire fields of params
// (model_params.h) and finally params' extra_body, which wins every collision.
nlohmann::json build_openai_chat_body(const ChatRequest& request);

// The whole request: URL base_url + "/chat/completions", Authorization: Bearer <key> (left
// out when the key is empty or endpoint.auth_header is false), content-type, accept
// text/event-stream when streaming, then the endpoint's own headers.
OutgoingRequest build_openai_chat_request(const ProviderEndpoint& endpoint,
                                          const ChatRequest& request, std::string_view api_key);

// The internal stop reason for an OpenAI finish_reason: "stop", "length", "content_filter"
// as they are; "tool_calls" and "function_call" → "tool_use"; others unchanged.
std::string normalise_openai_finish_reason(std::string_view finish_reason);

// Token usage from an OpenAI `usage` object. prompt_tokens counts cached tokens too, so
// input is prompt_tokens minus prompt_tokens_details.cached_tokens (DeepSeek:
// prompt_cache_hit_tokens) and cache_read is the cached part: usage.total() then counts
// every token once.
TokenUsage read_openai_usage(const nlohmann::json& usage);

// A decoder for a 2xx body (see ResponseDecoder). A stream must end with "data: [DONE]"; an
// `{"error":…}` chunk ends it with that error's classification.
std::unique_ptr<ResponseDecoder> make_openai_chat_decoder(const ModelRef& model, bool stream,
                                                          TextSink on_text);

}  // namespace openclaw::providers
