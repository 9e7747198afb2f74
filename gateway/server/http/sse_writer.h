// Server-sent events over an HttpResponder (spec §6): `data: <json>` lines for chat
// completion chunks, `event: <type>` + `data: <json>` for OpenResponses events, and the
// closing `data: [DONE]`. Thread-safe as the responder is; frames keep the order of calls.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/http/http_responder.h"

namespace openclaw::server {

// "data: <json>\n\n".
std::string sse_data_frame(const nlohmann::ordered_json& payload);
// "event: <type>\ndata: <json>\n\n".
std::string sse_event_frame(std::string_view type, const nlohmann::ordered_json& payload);
inline constexpr std::string_view kSseDone = "data: [DONE]\n\n";

class SseWriter {
 public:
  explicit SseWriter(std::shared_ptr<HttpResponder> responder) : responder_(std::move(responder)) {}

  // Sends the head (sse_head) now.
  void start(HttpResponse head) { responder_->start_stream(std::move(head)); }
  void data(const nlohmann::ordered_json& payload) { responder_->send(sse_data_frame(payload)); }
  void event(std::string_view type, const nlohmann::ordered_json& payload) {
    responder_->send(sse_event_frame(type, payload));
  }
  // `data: [DONE]`, then the end of the stream.
  void done() {
    responder_->send(std::string(kSseDone));
    responder_->finish();
  }

 private:
  std::shared_ptr<HttpResponder> responder_;
};

}  // namespace openclaw::server
