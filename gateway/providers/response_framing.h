// ResponseFraming: how a 2xx provider body is cut into messages, shared by the chat
// decoders. A streaming request normally gets an event stream, but some OpenAI-compatible
// servers ignore "stream": true and answer with one JSON document (and proxies answer errors
// as JSON with status 200), so the first non-blank byte decides: '{' means a JSON document,
// anything else an event stream. A non-streaming request always gets a JSON document.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/result.h"
#include "providers/sse_parser.h"

namespace openclaw::providers {

class ResponseFraming {
 public:
  enum class Kind { Undecided, EventStream, JsonDocument };

  // Largest JSON document kept (a chat completion is a few kilobytes).
  static constexpr std::size_t kMaxDocumentBytes = 32u << 20;

  // `on_event` receives the events of an event stream as they complete.
  ResponseFraming(bool expect_stream, SseParser::EventHandler on_event);

  // Takes the next piece of body. Fails when the document or an event line is too large;
  // the caller then stops feeding.
  Status feed(std::string_view bytes);

  // The body ended: completes the event stream (see SseParser::finish). Fails as feed().
  Status finish();

  // Undecided only while nothing but blanks arrived (or nothing at all).
  Kind kind() const { return kind_; }

  // The whole JSON document, once finish() was called (Kind::JsonDocument).
  const std::string& document() const { return document_; }

 private:
  Kind kind_;
  std::string document_;  // JsonDocument body, or leading blanks while Undecided
  SseParser events_;
};

}  // namespace openclaw::providers
