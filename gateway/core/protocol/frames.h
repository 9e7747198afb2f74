// The three WebSocket frame kinds (spec §1.1): parsing the client's `req` frames and building
// the server's `res` and `event` frames as the text that goes on the wire.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/error_shape.h"

namespace openclaw::protocol {

// Messages upstream sends around the handshake (spec §1.2). The first two go in an
// INVALID_REQUEST res and the close reason; the last is the close reason (no res) when the
// first frame is not even a valid request frame.
inline constexpr char kFirstRequestMustBeConnect[] =
    "invalid handshake: first request must be connect";
inline constexpr char kConnectOnlyFirst[] = "connect is only valid as the first request";
inline constexpr char kInvalidRequestFrame[] = "invalid request frame";

// Frames nested deeper than this are refused before they are parsed: nothing on the wire
// needs it, and deep values would make later recursive walks (serialization, comparison)
// exhaust the stack.
inline constexpr std::size_t kMaxFrameDepth = 256;

struct RequestFrame {
  std::string id;
  std::string method;
  nlohmann::json params;  // null when absent (or sent as null)
  std::optional<std::string> traceparent;
};

enum class FrameErrorKind {
  // The text is not JSON. Upstream answers nothing (it logs, and before the handshake
  // closes the socket).
  NotJson,
  // JSON, but not a valid request frame: upstream answers with an INVALID_REQUEST res
  // carrying `message` and `id` after the handshake, or closes 1008 kInvalidRequestFrame
  // before it.
  InvalidFrame,
};

struct FrameError {
  std::string id;       // the frame's id when it sent a string one, else "invalid"
  std::string message;  // "invalid request frame: ..."
  FrameErrorKind kind = FrameErrorKind::InvalidFrame;
};

// Parses one client text frame as a closed request frame: exactly `type:"req"`, `id` and
// `method` (non-empty strings), optional `params` (anything) and optional `traceparent`
// (string of at most 128 characters). Fails with the upstream wording
// ("invalid request frame: at /type: must be equal to constant") on anything else, on text
// that is not JSON, and on nesting deeper than kMaxFrameDepth.
std::expected<RequestFrame, FrameError> parse_request_frame(std::string_view text);

// {"type":"res","id":<id>,"ok":true,"payload":<payload>}. A null payload is sent as null.
std::string response_ok(std::string_view id, const nlohmann::json& payload);

// {"type":"res","id":<id>,"ok":false,"error":<error>}.
std::string response_error(std::string_view id, const ErrorShape& error);

struct StateVersion {
  std::int64_t presence = 0;
  std::int64_t health = 0;
};

// {"type":"event","event":<event>,"payload":<payload>,"seq"?:<seq>,"stateVersion"?:{...}},
// members in that order as upstream sends them. Targeted sends (connect.challenge, replies to
// one client) carry no seq.
std::string event_frame(std::string_view event, const nlohmann::json& payload,
                        std::optional<std::uint64_t> seq = std::nullopt,
                        std::optional<StateVersion> state_version = std::nullopt);

// A WebSocket close reason as upstream sends it: at most 120 bytes, cut back to a UTF-8
// code point boundary; "invalid handshake" when `reason` is empty.
std::string truncate_close_reason(std::string_view reason);

}  // namespace openclaw::protocol
