#include "providers/anthropic_messages.h"

#include <utility>

#include "providers/chat_decoder.h"
#include "providers/endpoint_request.h"
#include "providers/json_fields.h"
#include "providers/model_params.h"
#include "providers/provider_failure.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;

constexpr std::string_view kTurnSeparator = "\n\n";

void append_paragraph(std::string& text, std::string_view more) {
  if (!text.empty()) text += kTurnSeparator;
  text += more;
}

// The text of a content block array: every "text" block, in order.
std::string content_text(const json& content) {
  std::string text;
  for (const json& block : content) {
    if (string_member(block, "type") == "text") text += string_member(block, "text");
  }
  return text;
}

class AnthropicMessagesDecoder final : public ChatDecoder {
 public:
  AnthropicMessagesDecoder(const ModelRef& model, bool stream, TextSink on_text)
      : ChatDecoder(model, stream, std::move(on_text)) {}

 private:
  void on_event(const SseEvent& event) override {
    auto data = parse_object(event.data, "a stream event");
    if (!data) return;
    // The payload names its own type; the `event:` line says the same and is the fallback.
    std::string type = string_member(*data, "type");
    if (type.empty()) type = event.type;

    if (type == "content_block_delta") {
      const json* delta = member(*data, "delta");
      if (delta && string_member(*delta, "type") == "text_delta")
        emit(string_member(*delta, "text"));
    } else if (type == "content_block_start") {
      const json* block = member(*data, "content_block");
      if (block && string_member(*block, "type") == "text") emit(string_member(*block, "text"));
    } else if (type == "message_start") {
      if (const json* message = member(*data, "message")) take_usage(*message);
    } else if (type == "message_delta") {
      if (const json* delta = member(*data, "delta")) take_stop_reason(*delta);
      take_usage(*data);
    } else if (type == "message_stop") {
      mark_terminated();
    } else if (type == "error") {
      fail(stream_error_failure(model(), read_provider_error(*data).value_or(ProviderError{})));
    }
    // ping, content_block_stop, and event types added after this was written: nothing to do.
  }

  void on_document(const json& document) override {
    if (string_member(document, "type") == "error" || member(document, "error")) {
      fail(stream_error_failure(model(), read_provider_error(document).value_or(ProviderError{})));
      return;
    }
    const json* content = member(document, "content");
    if (!content || !content->is_array()) {
      fail_malformed("the response has no content array");
      return;
    }
    emit(content_text(*content));
    take_stop_reason(document);
    take_usage(document);
  }

  std::string_view terminator() const override { return "message_stop"; }

  void take_stop_reason(const json& object) {
    const std::string reason = string_member(object, "stop_reason");
    if (!reason.empty()) set_stop_reason(normalise_anthropic_stop_reason(reason));
  }

  void take_usage(const json& object) {
    if (const json* usage_object = member(object, "usage"))
      merge_anthropic_usage(usage(), *usage_object);
  }
};

}  // namespace

nlohmann::json build_anthropic_messages_body(const ChatRequest& request) {
  const ModelParams params = read_model_params(request.params);
  json body = json::object();
  body["model"] = request.model.model;
  body["max_tokens"] =
      request.max_tokens.value_or(params.max_tokens.value_or(kAnthropicDefaultMaxTokens));

  std::string system = request.system_prompt;
  json messages = json::array();
  for (const ChatMessage& message : request.messages) {
    if (message.text.empty()) continue;
    if (message.role == Role::System) {  // not expected here; the API has no such role
      append_paragraph(system, message.text);
      continue;
    }
    const std::string role(to_string(message.role));
    if (!messages.empty() && messages.back()["role"].get<std::string>() == role) {
      std::string merged = messages.back()["content"].get<std::string>();
      append_paragraph(merged, message.text);
      messages.back()["content"] = std::move(merged);
    } else {
      messages.push_back({{"role", role}, {"content", message.text}});
    }
  }
  if (!system.empty()) body["system"] = system;
  body["messages"] = std::move(messages);
  if (request.stream) body["stream"] = true;

  if (const auto temperature = request.temperature ? request.temperature : params.temperature) {
    body["temperature"] = *temperature;
  }
  if (params.top_p) body["top_p"] = *params.top_p;
  if (params.top_k) body["top_k"] = *params.top_k;
  for (const auto& [key, value] : params.wire_fields.items()) body[key] = value;
  return body;
}

OutgoingRequest build_anthropic_messages_request(const ProviderEndpoint& endpoint,
                                                 const ChatRequest& request,
                                                 std::string_view api_key) {
  OutgoingRequest out;
  out.method = "POST";
  out.url = join_endpoint_url(endpoint.base_url, "/v1/messages");
  HeaderList headers = {{"content-type", "application/json"},
                        {"accept", request.stream ? "text/event-stream" : "application/json"},
                        {"anthropic-version", std::string(kAnthropicVersion)}};
  if (endpoint.auth_header && !api_key.empty())
    headers.emplace_back("x-api-key", std::string(api_key));
  if (read_model_params(request.params).context_1m) {
    headers.emplace_back("anthropic-beta", std::string(kAnthropicContext1mBeta));
  }
  out.headers = merge_headers(std::move(headers), endpoint.headers);
  // Replacement instead of an exception for invalid UTF-8 in a transcript.
  out.body =
      build_anthropic_messages_body(request).dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

std::string normalise_anthropic_stop_reason(std::string_view stop_reason) {
  if (stop_reason == "end_turn" || stop_reason == "stop_sequence") return "stop";
  if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded")
    return "length";
  if (stop_reason == "refusal") return "content_filter";
  return std::string(stop_reason);
}

void merge_anthropic_usage(TokenUsage& usage, const nlohmann::json& anthropic_usage) {
  if (auto value = integer_member(anthropic_usage, "input_tokens")) usage.input = *value;
  if (auto value = integer_member(anthropic_usage, "output_tokens")) usage.output = *value;
  if (auto value = integer_member(anthropic_usage, "cache_read_input_tokens"))
    usage.cache_read = *value;
  if (auto value = integer_member(anthropic_usage, "cache_creation_input_tokens"))
    usage.cache_write = *value;
}

std::unique_ptr<ResponseDecoder> make_anthropic_messages_decoder(const ModelRef& model, bool stream,
                                                                 TextSink on_text) {
  return std::make_unique<AnthropicMessagesDecoder>(model, stream, std::move(on_text));
}

}  // namespace openclaw::providers
