#include "providers/sse_parser.h"

#include <algorithm>
#include <utility>

namespace openclaw::providers {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

SseParser::SseParser(EventHandler on_event, SseLimits limits)
    : on_event_(std::move(on_event)), limits_(limits) {}

Status SseParser::feed(std::string_view bytes) {
  if (failure_) return std::unexpected(*failure_);
  if (at_stream_start_) {
    // The spec drops one leading BOM; it may itself arrive split across feeds.
    while (!bytes.empty() && bom_prefix_.size() < kByteOrderMark.size() &&
           kByteOrderMark.starts_with(bom_prefix_)) {
      bom_prefix_ += bytes.front();
      bytes.remove_prefix(1);
    }
    if (bom_prefix_ == kByteOrderMark) {
      at_stream_start_ = false;
      bom_prefix_.clear();
    } else if (kByteOrderMark.starts_with(bom_prefix_)) {
      return {};  // still a possible BOM; every byte so far is held in bom_prefix_
    } else {
      at_stream_start_ = false;
      const std::string held = std::exchange(bom_prefix_, {});
      if (auto status = consume(held); !status) return status;
    }
  }
  return consume(bytes);
}

Status SseParser::consume(std::string_view bytes) {
  while (!bytes.empty()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes.front() == '\n') {  // the LF of a CRLF split across feeds or scanned apart
        bytes.remove_prefix(1);
        continue;
      }
    }
    const std::size_t end = bytes.find_first_of("\r\n");
    const std::string_view piece = bytes.substr(0, end);
    if (line_.size() + piece.size() > limits_.max_line_bytes) {
      return fail_with("the event stream has a line longer than " +
                       std::to_string(limits_.max_line_bytes) + " bytes");
    }
    if (end == std::string_view::npos) {
      line_.append(piece);
      break;
    }
    after_cr_ = bytes[end] == '\r';
    bytes.remove_prefix(end + 1);
    Status status;
    if (line_.empty()) {
      status = take_line(piece);  // the common case: a whole line inside one feed, no copy
    } else {
      line_.append(piece);
      status = take_line(line_);
      line_.clear();
    }
    if (!status) return status;
  }
  return {};
}

Status SseParser::take_line(std::string_view line) {
  if (line.empty()) {
    dispatch();
    return {};
  }
  if (line.front() == ':') {
    ++comment_count_;
    return {};
  }
  const std::size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (value.starts_with(' ')) value.remove_prefix(1);

  if (field == "data") {
    const std::size_t separator = event_has_data_ ? 1 : 0;
    if (event_.data.size() + separator + value.size() > limits_.max_event_bytes) {
      return fail_with("the event stream has an event larger than " +
                       std::to_string(limits_.max_event_bytes) + " bytes");
    }
    if (event_has_data_) event_.data += '\n';
    event_.data.append(value);
    event_has_data_ = true;
  } else if (field == "event") {
    event_.type.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) event_.id.assign(value);
  } else if (field == "retry") {
    // At most nine digits (about eleven days), so a silly value cannot overflow.
    if (all_digits(value) && value.size() <= 9)
      retry_ = std::chrono::milliseconds(std::stoll(std::string(value)));
  }
  // Any other field is ignored, as the spec says.
  return {};
}

void SseParser::dispatch() {
  if (event_has_data_) on_event_(event_);
  event_.type.clear();
  event_.data.clear();
  event_has_data_ = false;
}

Status SseParser::finish() {
  if (failure_) return std::unexpected(*failure_);
  if (at_stream_start_ && !bom_prefix_.empty()) {
    at_stream_start_ = false;
    const std::string held = std::exchange(bom_prefix_, {});
    if (auto status = consume(held); !status) return status;
  }
  if (!line_.empty()) {
    line_.clear();
    event_.type.clear();
    event_.data.clear();
    event_has_data_ = false;
    return {};
  }
  dispatch();
  return {};
}

Status SseParser::fail_with(std::string message) {
  failure_ = Error{std::move(message)};
  line_.clear();
  event_.data.clear();
  return std::unexpected(*failure_);
}

}  // namespace openclaw::providers
