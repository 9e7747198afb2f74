// ChatDecoder: the part of a chat ResponseDecoder that every wire API shares: framing the
// body (response_framing.h), collecting the reported text, usage and stop reason, keeping the
// first failure, and deciding in finish() whether the answer was complete. An adapter
// supplies what one event or one JSON document means.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "providers/chat_model.h"
#include "providers/response_framing.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {

class ChatDecoder : public ResponseDecoder {
 public:
  // The framing calls back into this object, so it stays where it was made.
  ChatDecoder(const ChatDecoder&) = delete;
  ChatDecoder& operator=(const ChatDecoder&) = delete;

  void feed(std::string_view bytes) final;
  // Failures, in order of precedence: the first failure recorded while feeding; a Network
  // failure for a body that is empty, not JSON, or a stream without its terminator.
  // Calling it again returns the same outcome.
  ChatOutcome finish() final;

 protected:
  ChatDecoder(ModelRef model, bool stream, TextSink on_text);

  // One event of the stream; not called after a failure or after the terminator.
  virtual void on_event(const SseEvent& event) = 0;
  // The JSON document of a non-streamed answer (also a streaming request the server
  // answered with JSON). Must emit() the text and fail() when the document is unusable.
  virtual void on_document(const nlohmann::json& document) = 0;
  // How the stream's terminator is written, for the failure message ("data: [DONE]").
  virtual std::string_view terminator() const = 0;

  // Appends `text` to the answer and reports it to the sink (nothing for empty text).
  void emit(std::string_view text);
  // Records a failure; the first one wins and stops the decoding.
  void fail(ModelFailure failure);
  void fail_malformed(std::string_view what);
  // The stream's terminator arrived: later events are ignored.
  void mark_terminated() { terminated_ = true; }
  bool stopped() const { return failure_.has_value() || terminated_; }

  // `data` parsed as a JSON object; on anything else records a Network failure naming
  // `what` ("a stream chunk") and returns nullopt.
  std::optional<nlohmann::json> parse_object(std::string_view data, std::string_view what);

  const ModelRef& model() const { return model_; }
  TokenUsage& usage() { return usage_; }
  void set_stop_reason(std::string reason) { stop_reason_ = std::move(reason); }

 private:
  void take_event(const SseEvent& event);

  ModelRef model_;
  TextSink on_text_;
  ResponseFraming framing_;
  std::string text_;
  TokenUsage usage_;
  std::string stop_reason_;
  bool terminated_ = false;
  std::optional<ModelFailure> failure_;
  std::optional<ChatOutcome> outcome_;  // set by the first finish()
};

}  // namespace openclaw::providers
