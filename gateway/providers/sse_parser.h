// SseParser: a push parser for Server-Sent Events (text/event-stream), as model providers
// stream their answers. Follows the WHATWG "event stream interpretation": lines end in CRLF,
// LF or CR; "field: value" lines (one leading space of the value dropped); `data` lines
// accumulate joined by "\n"; a blank line dispatches the event; lines starting with ':' are
// comments (keep-alives such as OpenRouter's ": OPENROUTER PROCESSING"). Bytes may arrive
// split anywhere, including inside a CRLF pair or a UTF-8 sequence.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::providers {

struct SseEvent {
  std::string type;  // the `event:` field; empty when absent (the spec's default "message")
  std::string data;  // `data:` lines joined by "\n", without a trailing "\n"
  std::string id;    // the last `id:` seen so far in the stream (ids persist across events)
};

struct SseLimits {
  // Longest single line. Provider chunks are a few hundred bytes; a line far beyond this is
  // a broken or hostile upstream, and buffering it without bound would let it exhaust memory.
  std::size_t max_line_bytes = 1 << 20;
  // Largest `data` of one event (the sum of its data lines).
  std::size_t max_event_bytes = 4 << 20;
};

class SseParser {
 public:
  using EventHandler = std::function<void(const SseEvent&)>;

  explicit SseParser(EventHandler on_event, SseLimits limits = {});

  // Parses `bytes` and calls the handler for each event completed by them, in order. Fails
  // (and stays failed: later calls return the same error without parsing) when a line or an
  // event exceeds the limits; the error names which limit, never the content.
  Status feed(std::string_view bytes);

  // End of the stream. An event whose lines were all complete but whose closing blank line
  // never came is dispatched (some servers end with "data: [DONE]\n" and close). A last line
  // without its line break is a cut-off: it and the event it belonged to are dropped, so a
  // truncated multi-line event never reaches the handler. Returns the error of an earlier
  // feed(), if any.
  Status finish();

  // The last `retry:` value (reconnection delay) seen, if any.
  std::optional<std::chrono::milliseconds> retry() const { return retry_; }

  // Comment lines seen so far (keep-alives); lets callers tell a live stream from silence.
  std::size_t comment_count() const { return comment_count_; }

 private:
  Status consume(std::string_view bytes);
  Status take_line(std::string_view line);
  void dispatch();
  Status fail_with(std::string message);

  EventHandler on_event_;
  SseLimits limits_;
  std::string line_;             // the current line, without its terminator
  bool after_cr_ = false;        // the previous byte was CR: a following LF belongs to it
  bool at_stream_start_ = true;  // a UTF-8 byte order mark may still come
  std::string bom_prefix_;       // leading bytes that may be the start of a BOM
  SseEvent event_;               // the event being assembled (id carries over)
  bool event_has_data_ = false;  // a `data` line arrived since the last dispatch
  std::optional<std::chrono::milliseconds> retry_;
  std::size_t comment_count_ = 0;
  std::optional<Error> failure_;
};

}  // namespace openclaw::providers
