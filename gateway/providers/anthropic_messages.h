// The Anthropic Messages wire API (POST <base_url>/v1/messages): the request body and
// headers, the JSON answer, and the SSE event stream (message_start, content_block_start,
// content_block_delta, content_block_stop, message_delta, message_stop, ping, error).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "providers/chat_model.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {

// The version header every request carries.
inline constexpr std::string_view kAnthropicVersion = "2023-06-01";
// Sent when params.context1m asks for the 1M-token context window.
inline constexpr std::string_view kAnthropicContext1mBeta = "context-1m-2025-08-07";
// Anthropic requires max_tokens; used when neither the request nor params give one.
inline constexpr std::int64_t kAnthropicDefaultMaxTokens = 4096;

// The JSON body: model, max_tokens, system (a top-level string, left out when empty),
// messages (user/assistant; consecutive turns of the same role merged into one, joined by a
// blank line, because the API wants them alternating; empty turns left out, because the API
// refuses empty text), stream (only when streaming), temperature / top_p / top_k and the
// wire fields of params (model_params.h).
nlohmann::json build_anthropic_messages_body(const ChatRequest& request);

// The whole request: URL base_url + "/v1/messages" (a base already ending in "/v1" is not
// given a second one), x-api-key (left out when the key is empty or endpoint.auth_header is
// false), anthropic-version, content-type, accept, anthropic-beta for context1m, then the
// endpoint's own headers.
OutgoingRequest build_anthropic_messages_request(const ProviderEndpoint& endpoint,
                                                 const ChatRequest& request,
                                                 std::string_view api_key);

// The internal stop reason for an Anthropic stop_reason: end_turn and stop_sequence →
// "stop", max_tokens and model_context_window_exceeded → "length", tool_use → "tool_use",
// refusal → "content_filter", others unchanged.
std::string normalise_anthropic_stop_reason(std::string_view stop_reason);

// Updates `usage` with the fields present in an Anthropic `usage` object (input_tokens,
// output_tokens, cache_read_input_tokens, cache_creation_input_tokens). Anthropic's
// input_tokens already excludes the cached parts, so usage.total() counts each token once.
// Streams report usage in message_start and again, cumulatively, in message_delta.
void merge_anthropic_usage(TokenUsage& usage, const nlohmann::json& anthropic_usage);

// A decoder for a 2xx body (see ResponseDecoder). A stream must end with message_stop; an
// `error` event ends it with that error's classification (overloaded_error → Overloaded).
std::unique_ptr<ResponseDecoder> make_anthropic_messages_decoder(const ModelRef& model, bool stream,
                                                                 TextSink on_text);

}  // namespace openclaw::providers
