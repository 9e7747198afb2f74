// Translation between the internal chat model (chat_model.h) and each provider API on the
// wire: OpenAI-compatible chat completions (OpenAI, OpenRouter, vLLM, llama.cpp, Ollama's
// /v1) and Anthropic Messages, JSON and SSE. Pure functions and push decoders: no I/O here,
// so every wire format is unit-tested byte for byte.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "providers/chat_model.h"
#include "providers/http/https_client.h"

namespace openclaw::providers {

enum class WireApi {
  OpenAiCompletions,  // config api "openai-completions" (also "ollama" via its /v1)
  AnthropicMessages,  // config api "anthropic-messages"
};

// nullopt for config api names this gateway does not speak (e.g. "google-generative-ai").
std::optional<WireApi> parse_wire_api(std::string_view config_api);

// Where and how to reach one provider: built from models.providers.<id> or a built-in.
struct ProviderEndpoint {
  std::string provider_id;  // "openai", "anthropic", "openrouter", or a configured id
  std::string base_url;     // e.g. "https://api.openai.com/v1", "https://api.anthropic.com"
  WireApi api = WireApi::OpenAiCompletions;
  std::map<std::string, std::string> headers;  // extra headers (resolved secrets included)
  bool auth_header = true;  // send the key (Authorization: Bearer / x-api-key)
  // models.providers.<id>.timeoutSeconds: the first-byte and idle limit of each request (and
  // the connect limit when shorter than the default); nullopt keeps HttpTimeouts' defaults.
  std::optional<std::chrono::milliseconds> timeout;
};

// The HTTP request for one attempt: URL (base_url + "/chat/completions" or "/v1/messages",
// without doubling a trailing "/v1"), headers (auth, content-type, anthropic-version,
// accept: text/event-stream when streaming) and the JSON body. For OpenAI streaming the body
// asks for usage (stream_options.include_usage). Anthropic needs max_tokens: the request's,
// else 4096.
OutgoingRequest build_chat_request(const ProviderEndpoint& endpoint, const ChatRequest& request,
                                   std::string_view api_key);

// Consumes the body of a 2xx response, pushed in arbitrary pieces (split anywhere, even
// inside a UTF-8 sequence or an SSE line), and reports text as it arrives.
class ResponseDecoder {
 public:
  virtual ~ResponseDecoder() = default;
  virtual void feed(std::string_view bytes) = 0;
  // After the body ended: the completion (text = all text reported), or a Network failure
  // when the body was malformed, a stream ended without its terminator ([DONE] /
  // message_stop), or the stream carried an error event (Anthropic `event: error`, an
  // OpenAI `{"error":…}` chunk; classified like an HTTP error of that type).
  virtual ChatOutcome finish() = 0;
};

// `stream` says whether the request asked for SSE; a decoder for a non-streaming request
// parses one JSON document and reports its whole text once in finish().
std::unique_ptr<ResponseDecoder> make_response_decoder(const ProviderEndpoint& endpoint, const ModelRef& model,
                                                       bool stream, TextSink on_text);

// A non-2xx answer: its reason (429 → RateLimit, except Anthropic's long-context 429 whose
// error message contains "Extra usage is required for long context requests" → LongContext;
// 529 or overloaded_error → Overloaded; 5xx → ServerError; 401/403 → Auth; other 4xx →
// BadRequest), Retry-After (seconds or HTTP date) or retry-after-ms, and a message naming
// provider, model, status and the provider's own error message (bounded, never the key).
ModelFailure classify_http_failure(const ProviderEndpoint& endpoint, const ModelRef& model, const ResponseHead& head,
                                   std::string_view body);

// A transport failure (no HTTP answer, or the body stopped): Timeout or Network or
// Cancelled, with a message naming provider and model.
ModelFailure classify_transport_failure(const ProviderEndpoint& endpoint, const ModelRef& model,
                                        const TransportError& error);

// Embeddings (OpenAI-compatible POST <base_url>/embeddings).
struct EmbeddingsRequest {
  std::string model;                // the provider's embedding model id
  std::vector<std::string> inputs;  // already validated by the caller
};
struct EmbeddingsResult {
  std::vector<std::vector<double>> vectors;  // one per input, in input order
  std::int64_t prompt_tokens = 0;
};
OutgoingRequest build_embeddings_request(const ProviderEndpoint& endpoint, const EmbeddingsRequest& request,
                                         std::string_view api_key);
Result<EmbeddingsResult> parse_embeddings_response(std::string_view body);

}  // namespace openclaw::providers
