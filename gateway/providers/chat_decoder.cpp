#include "providers/chat_decoder.h"

#include <utility>

#include "providers/provider_failure.h"

namespace openclaw::providers {

ChatDecoder::ChatDecoder(ModelRef model, bool stream, TextSink on_text)
    : model_(std::move(model)),
      on_text_(std::move(on_text)),
      framing_(stream, [this](const SseEvent& event) { take_event(event); }) {}

void ChatDecoder::feed(std::string_view bytes) {
  if (failure_ || outcome_) return;
  if (auto status = framing_.feed(bytes); !status) fail_malformed(status.error().message);
}

void ChatDecoder::take_event(const SseEvent& event) {
  if (!stopped()) on_event(event);
}

ChatOutcome ChatDecoder::finish() {
  if (outcome_) return *outcome_;
  if (!failure_) {
    if (auto status = framing_.finish(); !status) fail_malformed(status.error().message);
  }
  if (!failure_) {
    switch (framing_.kind()) {
      case ResponseFraming::Kind::Undecided:
        fail_malformed("the response body is empty");
        break;
      case ResponseFraming::Kind::JsonDocument:
        if (auto document = parse_object(framing_.document(), "the response"); document)
          on_document(*document);
        break;
      case ResponseFraming::Kind::EventStream:
        if (!terminated_) fail_malformed("the stream ended before " + std::string(terminator()));
        break;
    }
  }
  if (failure_) {
    outcome_ = std::unexpected(*failure_);
  } else {
    // A complete answer without a stated reason ended normally.
    outcome_ = ChatCompletion{model_, text_, usage_, stop_reason_.empty() ? "stop" : stop_reason_};
  }
  return *outcome_;
}

void ChatDecoder::emit(std::string_view text) {
  if (text.empty()) return;
  text_.append(text);
  if (on_text_) on_text_(text);
}

void ChatDecoder::fail(ModelFailure failure) {
  if (!failure_) failure_ = std::move(failure);
}

void ChatDecoder::fail_malformed(std::string_view what) {
  fail(malformed_response_failure(model_, what));
}

std::optional<nlohmann::json> ChatDecoder::parse_object(std::string_view data,
                                                        std::string_view what) {
  auto document = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    fail_malformed(std::string(what) + " is not valid JSON");
    return std::nullopt;
  }
  if (!document.is_object()) {
    fail_malformed(std::string(what) + " is not a JSON object");
    return std::nullopt;
  }
  return document;
}

}  // namespace openclaw::providers
