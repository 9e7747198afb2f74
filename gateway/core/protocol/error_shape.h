// ErrorShape: the `error` object of a `res` frame with ok:false (spec §1.1), and the error
// codes upstream puts in its `code` field. Every refusal the gateway sends over the
// WebSocket is one of these.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace openclaw::protocol {

// ErrorShape.code values. [Apr] schema/error-codes.ts, plus [Latest]'s FORBIDDEN and
// AGENT_RESULT_NOT_FOUND. Arrays (not string_view) so they convert to std::string implicitly.
inline constexpr char kNotLinked[] = "NOT_LINKED";
inline constexpr char kNotPaired[] = "NOT_PAIRED";
inline constexpr char kAgentTimeout[] = "AGENT_TIMEOUT";
inline constexpr char kInvalidRequest[] = "INVALID_REQUEST";
inline constexpr char kApprovalNotFound[] = "APPROVAL_NOT_FOUND";
inline constexpr char kUnavailable[] = "UNAVAILABLE";
inline constexpr char kForbidden[] = "FORBIDDEN";
inline constexpr char kAgentResultNotFound[] = "AGENT_RESULT_NOT_FOUND";

struct ErrorShape {
  std::string code;
  std::string message;
  nlohmann::json details;  // null = absent
  std::optional<bool> retryable;
  std::optional<std::int64_t> retry_after_ms;

  // {code, message, details?, retryable?, retryAfterMs?}: absent members are left out, never
  // sent as null (upstream's JSON.stringify drops undefined members).
  nlohmann::json to_json() const;

  // The same object serialized with upstream's member order (code, message, retryable,
  // retryAfterMs, details), as it appears inside a response frame. Never throws: invalid
  // UTF-8 in any string is replaced by U+FFFD.
  std::string dump() const;

  friend bool operator==(const ErrorShape&, const ErrorShape&) = default;
};

// An error with just a code and a message (no details, not retryable): most RPC failures.
inline ErrorShape make_error(std::string_view code, std::string message) {
  return ErrorShape{std::string(code), std::move(message), nullptr, std::nullopt, std::nullopt};
}

// Serializes any JSON value compactly without throwing: invalid UTF-8 in a string becomes
// U+FFFD instead of the exception nlohmann would raise. Shared by the frame builders.
std::string dump_json(const nlohmann::json& value);

}  // namespace openclaw::protocol
