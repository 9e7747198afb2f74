#include "core/protocol/frames.h"

#include <algorithm>

#include "core/protocol/schema_validation.h"

namespace openclaw::protocol {
namespace {

constexpr std::size_t kMaxTraceparentLength = 128;
constexpr std::size_t kMaxCloseReasonBytes = 120;

// The deepest array/object nesting in JSON `text`, ignoring brackets inside strings. Exact
// for valid JSON; for invalid JSON the parser reports the real problem anyway.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::unexpected<FrameError> frame_error(std::string id, std::string detail,
                                        FrameErrorKind kind = FrameErrorKind::InvalidFrame) {
  return std::unexpected(FrameError{
      std::move(id), std::string(kInvalidRequestFrame) + ": " + std::move(detail), kind});
}

std::string quoted(std::string_view text) { return dump_json(nlohmann::json(std::string(text))); }

}  // namespace

std::expected<RequestFrame, FrameError> parse_request_frame(std::string_view text) {
  if (nesting_depth(text) > kMaxFrameDepth) {
    return frame_error("invalid",
                       "nested deeper than " + std::to_string(kMaxFrameDepth) + " levels");
  }
  const auto frame = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) {
    return frame_error("invalid", "not valid JSON", FrameErrorKind::NotJson);
  }
  // Upstream echoes whatever id the frame carried; we echo it when it is a string.
  std::string echoed_id = "invalid";
  if (frame.is_object()) {
    const auto id = frame.find("id");
    if (id != frame.end() && id->is_string()) echoed_id = id->get<std::string>();
  }

  ValidationErrors errors;
  RequestFrame request;
  if (check_closed_object(frame, "", {"type", "id", "method"},
                          {"type", "id", "method", "params", "traceparent"}, errors)) {
    if (const auto type = frame.find("type"); type != frame.end()) {
      // TypeBox's Literal("req") is {type:"string", const:"req"}: AJV reports the type
      // first, then the const.
      if (!type->is_string()) errors.add("/type", "must be string");
      if (*type != "req") errors.add("/type", "must be equal to constant");
    }
    if (const auto id = frame.find("id"); id != frame.end()) {
      if (auto value = check_string(*id, "/id", errors, 1)) request.id = std::move(*value);
    }
    if (const auto method = frame.find("method"); method != frame.end()) {
      if (auto value = check_string(*method, "/method", errors, 1)) {
        request.method = std::move(*value);
      }
    }
    if (const auto params = frame.find("params"); params != frame.end()) request.params = *params;
    if (const auto trace = frame.find("traceparent"); trace != frame.end()) {
      request.traceparent = check_string(*trace, "/traceparent", errors, 0, kMaxTraceparentLength);
    }
  }
  if (!errors.empty()) return frame_error(std::move(echoed_id), errors.format());
  return request;
}

std::string response_ok(std::string_view id, const nlohmann::json& payload) {
  return "{\"type\":\"res\",\"id\":" + quoted(id) +
         ",\"ok\":true,\"payload\":" + dump_json(payload) + "}";
}

std::string response_error(std::string_view id, const ErrorShape& error) {
  return "{\"type\":\"res\",\"id\":" + quoted(id) + ",\"ok\":false,\"error\":" + error.dump() + "}";
}

std::string event_frame(std::string_view event, const nlohmann::json& payload,
                        std::optional<std::uint64_t> seq,
                        std::optional<StateVersion> state_version) {
  std::string out =
      "{\"type\":\"event\",\"event\":" + quoted(event) + ",\"payload\":" + dump_json(payload);
  if (seq) out += ",\"seq\":" + std::to_string(*seq);
  if (state_version) {
    out += ",\"stateVersion\":{\"presence\":" + std::to_string(state_version->presence) +
           ",\"health\":" + std::to_string(state_version->health) + "}";
  }
  out += '}';
  return out;
}

std::string truncate_close_reason(std::string_view reason) {
  if (reason.empty()) return "invalid handshake";
  if (reason.size() <= kMaxCloseReasonBytes) return std::string(reason);
  std::size_t end = kMaxCloseReasonBytes;
  // Never cut inside a multi-byte sequence: back up while the next byte is a continuation.
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  return std::string(reason.substr(0, end));
}

}  // namespace openclaw::protocol
