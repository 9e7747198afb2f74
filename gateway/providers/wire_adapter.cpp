#include "providers/wire_adapter.h"

#include <chrono>
#include <utility>

#include "providers/anthropic_messages.h"
#include "providers/openai_chat.h"
#include "providers/provider_failure.h"

namespace openclaw::providers {

std::optional<WireApi> parse_wire_api(std::string_view config_api) {
  // Ollama is reached through its OpenAI-compatible /v1 surface.
  if (config_api == "openai-completions" || config_api == "ollama")
    return WireApi::OpenAiCompletions;
  if (config_api == "anthropic-messages") return WireApi::AnthropicMessages;
  return std::nullopt;
}

OutgoingRequest build_chat_request(const ProviderEndpoint& endpoint, const ChatRequest& request,
                                   std::string_view api_key) {
  switch (endpoint.api) {
    case WireApi::AnthropicMessages:
      return build_anthropic_messages_request(endpoint, request, api_key);
    case WireApi::OpenAiCompletions:
      break;
  }
  return build_openai_chat_request(endpoint, request, api_key);
}

std::unique_ptr<ResponseDecoder> make_response_decoder(const ProviderEndpoint& endpoint,
                                                       const ModelRef& model, bool stream,
                                                       TextSink on_text) {
  switch (endpoint.api) {
    case WireApi::AnthropicMessages:
      return make_anthropic_messages_decoder(model, stream, std::move(on_text));
    case WireApi::OpenAiCompletions:
      break;
  }
  return make_openai_chat_decoder(model, stream, std::move(on_text));
}

// Both APIs share one classifier: the error shapes are told apart by content, not by API,
// because proxies relay one provider's errors through the other's API.
ModelFailure classify_http_failure(const ProviderEndpoint& /*endpoint*/, const ModelRef& model,
                                   const ResponseHead& head, std::string_view body) {
  return http_failure(model, head, body, std::chrono::system_clock::now());
}

ModelFailure classify_transport_failure(const ProviderEndpoint& /*endpoint*/, const ModelRef& model,
                                        const TransportError& error) {
  return transport_failure(model, error);
}

}  // namespace openclaw::providers
