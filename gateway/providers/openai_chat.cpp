#include "providers/openai_chat.h"

#include <algorithm>
#include <utility>

#include "core/util/text.h"
#include "providers/chat_decoder.h"
#include "providers/endpoint_request.h"
#include "providers/json_fields.h"
#include "providers/model_params.h"
#include "providers/provider_failure.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;

// Message content is a string, or (some servers, newer OpenAI shapes) an array of parts of
// which the "text" ones carry text.
std::string content_text(const json* content) {
  if (!content) return {};
  if (content->is_string()) return content->get<std::string>();
  std::string text;
  if (content->is_array()) {
    for (const json& part : *content) {
      const std::string type = string_member(part, "type");
      if (type.empty() || type == "text") text += string_member(part, "text");
    }
  }
  return text;
}

// The choice with index 0 (the only one we ask for), else the first.
const json* first_choice(const json& response) {
  const json* choices = member(response, "choices");
  if (!choices || !choices->is_array() || choices->empty()) return nullptr;
  for (const json& choice : *choices) {
    if (integer_member(choice, "index").value_or(0) == 0) return &choice;
  }
  return &choices->front();
}

class OpenAiChatDecoder final : public ChatDecoder {
 public:
  OpenAiChatDecoder(const ModelRef& model, bool stream, TextSink on_text)
      : ChatDecoder(model, stream, std::move(on_text)) {}

 private:
  void on_event(const SseEvent& event) override {
    const std::string_view data = trim(event.data);
    if (data == "[DONE]") {
      mark_terminated();
      return;
    }
    auto chunk = parse_object(data, "a stream chunk");
    if (!chunk) return;
    if (take_error(*chunk, event.type == "error")) return;
    if (const json* choice = first_choice(*chunk)) {
      const json* delta = member(*choice, "delta");
      if (delta) emit(content_text(member(*delta, "content")));
      take_finish_reason(*choice);
    }
    take_usage(*chunk);
  }

  void on_document(const json& document) override {
    if (take_error(document, false)) return;
    const json* choice = first_choice(document);
    if (!choice) {
      fail_malformed("the response has no choices");
      return;
    }
    // "delta" too: a server that answered a streaming request with one chunk-shaped document.
    const json* message = member(*choice, "message");
    if (!message) message = member(*choice, "delta");
    if (!message || !message->is_object()) {
      fail_malformed("the response's first choice has no message");
      return;
    }
    emit(content_text(member(*message, "content")));
    take_finish_reason(*choice);
    take_usage(document);
  }

  std::string_view terminator() const override { return "data: [DONE]"; }

  // An {"error":…} chunk or document (or any chunk of an `event: error`). Returns true when
  // it was one, and records the failure.
  bool take_error(const json& document, bool error_event) {
    if (!member(document, "error") && !error_event) return false;
    fail(stream_error_failure(model(), read_provider_error(document).value_or(ProviderError{})));
    return true;
  }

  void take_finish_reason(const json& choice) {
    const std::string reason = string_member(choice, "finish_reason");
    if (!reason.empty()) set_stop_reason(normalise_openai_finish_reason(reason));
  }

  void take_usage(const json& document) {
    if (const json* usage_object = member(document, "usage");
        usage_object && usage_object->is_object()) {
      usage() = read_openai_usage(*usage_object);
    }
  }
};

}  // namespace

nlohmann::json build_openai_chat_body(const ChatRequest& request) {
  const ModelParams params = read_model_params(request.params);
  json body = json::object();
  body["model"] = request.model.model;
  json messages = json::array();
  if (!request.system_prompt.empty())
    messages.push_back({{"role", "system"}, {"content", request.system_prompt}});
  for (const ChatMessage& message : request.messages) {
    messages.push_back({{"role", to_string(message.role)}, {"content", message.text}});
  }
  body["messages"] = std::move(messages);
  body["stream"] = request.stream;
  if (request.stream) body["stream_options"] = {{"include_usage", true}};

  const auto max_tokens = request.max_tokens ? request.max_tokens : params.max_tokens;
  // OpenAI refuses max_tokens beside max_completion_tokens (its newer name, which reasoning
  // models require); an operator who configured the latter gets only that.
  if (max_tokens && !params.wire_fields.contains("max_completion_tokens"))
    body["max_tokens"] = *max_tokens;
  if (const auto temperature = request.temperature ? request.temperature : params.temperature) {
    body["temperature"] = *temperature;
  }
  if (params.top_p) body["top_p"] = *params.top_p;
  if (params.top_k) body["top_k"] = *params.top_k;
  for (const auto& [key, value] : params.wire_fields.items()) body[key] = value;
  for (const auto& [key, value] : params.extra_body.items()) body[key] = value;
  return body;
}

OutgoingRequest build_openai_chat_request(const ProviderEndpoint& endpoint,
                                          const ChatRequest& request, std::string_view api_key) {
  OutgoingRequest out;
  out.method = "POST";
  out.url = join_endpoint_url(endpoint.base_url, "/chat/completions");
  HeaderList headers = {{"Content-Type", "application/json"},
                        {"Accept", request.stream ? "text/event-stream" : "application/json"}};
  if (endpoint.auth_header && !api_key.empty())
    headers.emplace_back("Authorization", "Bearer " + std::string(api_key));
  out.headers = merge_headers(std::move(headers), endpoint.headers);
  // Replacement instead of an exception for invalid UTF-8 in a transcript.
  out.body = build_openai_chat_body(request).dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

std::string normalise_openai_finish_reason(std::string_view finish_reason) {
  if (finish_reason == "tool_calls" || finish_reason == "function_call") return "tool_use";
  return std::string(finish_reason);
}

TokenUsage read_openai_usage(const nlohmann::json& usage) {
  const std::int64_t prompt =
      std::max<std::int64_t>(0, integer_member(usage, "prompt_tokens").value_or(0));
  std::optional<std::int64_t> cached;
  if (const json* details = member(usage, "prompt_tokens_details"))
    cached = integer_member(*details, "cached_tokens");
  if (!cached) cached = integer_member(usage, "prompt_cache_hit_tokens");
  TokenUsage out;
  out.cache_read = std::clamp<std::int64_t>(cached.value_or(0), 0, prompt);
  out.input = prompt - out.cache_read;
  out.output = std::max<std::int64_t>(0, integer_member(usage, "completion_tokens").value_or(0));
  return out;
}

std::unique_ptr<ResponseDecoder> make_openai_chat_decoder(const ModelRef& model, bool stream,
                                                          TextSink on_text) {
  return std::make_unique<OpenAiChatDecoder>(model, stream, std::move(on_text));
}

}  // namespace openclaw::providers
