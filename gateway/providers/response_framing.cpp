#include "providers/response_framing.h"

#include <utility>

namespace openclaw::providers {

ResponseFraming::ResponseFraming(bool expect_stream, SseParser::EventHandler on_event)
    : kind_(expect_stream ? Kind::Undecided : Kind::JsonDocument), events_(std::move(on_event)) {}

Status ResponseFraming::feed(std::string_view bytes) {
  if (kind_ == Kind::Undecided) {
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
      document_.append(bytes);  // blanks only so far: keep them, they may be SSE line breaks
      return {};
    }
    kind_ = bytes[first] == '{' ? Kind::JsonDocument : Kind::EventStream;
    if (kind_ == Kind::EventStream && !document_.empty()) {
      const std::string held = std::exchange(document_, {});
      if (auto status = events_.feed(held); !status) return status;
    }
  }
  if (kind_ == Kind::EventStream) return events_.feed(bytes);
  if (document_.size() + bytes.size() > kMaxDocumentBytes) {
    return fail("the response body is larger than " + std::to_string(kMaxDocumentBytes) + " bytes");
  }
  document_.append(bytes);
  return {};
}

Status ResponseFraming::finish() {
  if (kind_ == Kind::EventStream) return events_.finish();
  return {};
}

}  // namespace openclaw::providers
