// Turning what went wrong with a provider call into a ModelFailure: the reason the router
// acts on (fail over, cool down, give up), how long the provider asked us to wait, and a
// message for the operator. Shared by both wire APIs, since OpenAI-compatible servers and
// proxies relay each other's error shapes (OpenRouter passes Anthropic's errors through).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "providers/chat_model.h"
#include "providers/http/https_client.h"

namespace openclaw::providers {

// The longest piece of provider text a failure message carries.
inline constexpr std::size_t kProviderMessageLimit = 300;

// What a provider's error document says, from any of the shapes seen in the wild:
// OpenAI {"error":{"message","type","code"}}, Anthropic {"type":"error","error":{"type",
// "message"}}, OpenRouter {"error":{"code":429,"message"}}, Ollama {"error":"text"}, and
// FastAPI-style {"detail":"text"} or {"message":"text"}. Fields absent in the document are
// empty; `status_code` is set when the error carries a numeric HTTP-like code (OpenRouter).
struct ProviderError {
  std::string type;     // "rate_limit_error", "invalid_request_error", ...
  std::string code;     // OpenAI's string code ("rate_limit_exceeded"), when present
  std::string message;  // the provider's own words, unbounded and unredacted
  std::optional<int> status_code;
};

// Reads a parsed error document. Returns nullopt when `document` has none of the shapes.
std::optional<ProviderError> read_provider_error(const nlohmann::json& document);

// The same from a raw body: JSON shapes as above; a non-JSON text body becomes the message
// (an HTML error page is not quoted, only noted). Returns nullopt for an empty body.
std::optional<ProviderError> read_provider_error_body(std::string_view body);

// True for Anthropic's 429 "Extra usage is required for long context requests." (also when
// a proxy relays it under another status).
bool is_long_context_error(const ProviderError& error);

// The reason for a non-2xx status, refined by the body: 429 → RateLimit unless long-context;
// 529 or overloaded_error → Overloaded; 401/403 → Auth; 408 → Timeout; other 5xx →
// ServerError; other statuses → BadRequest.
FailureReason reason_for_status(int status, const std::optional<ProviderError>& error);

// The reason for an error that arrived inside a 2xx stream (no status of its own), by its
// type or code; an error of unknown type is a ServerError (the provider failed mid-answer).
FailureReason reason_for_stream_error(const ProviderError& error);

// How long the response asks us to wait: retry-after-ms (milliseconds, OpenAI), else
// Retry-After as delta-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime) relative to
// `now`. A date in the past is zero; anything over a day is taken as a day (a broken header
// must not bench a provider for years). nullopt when absent or unparseable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    const ResponseHead& head, std::chrono::system_clock::time_point now);

// One Retry-After value (delta-seconds, possibly fractional, or an HTTP-date), as above.
std::optional<std::chrono::milliseconds> parse_retry_after_value(
    std::string_view value, std::chrono::system_clock::time_point now);

// Provider text made safe and short for a failure message: control characters and runs of
// whitespace become one space, anything that looks like an API key ("sk-…", "AIza…", or any
// unbroken run of 40+ key characters) becomes "[redacted]", and the result is cut to
// kProviderMessageLimit bytes on a UTF-8 boundary with "…" appended when cut.
std::string bounded_provider_text(std::string_view text);

// A non-2xx response: reason, status, Retry-After and "<provider/model>: HTTP <status>
// [<type or code>]: <provider message>".
ModelFailure http_failure(const ModelRef& model, const ResponseHead& head, std::string_view body,
                          std::chrono::system_clock::time_point now);

// An error event or error chunk inside a 2xx stream, or an error document in a 2xx JSON body.
ModelFailure stream_error_failure(const ModelRef& model, const ProviderError& error);

// A 2xx body we cannot use (not JSON, wrong shape, stream cut before its terminator):
// Network, with "<provider/model>: <what>".
ModelFailure malformed_response_failure(const ModelRef& model, std::string_view what);

// No HTTP answer or the body stopped: Timeout, Cancelled or Network by the transport's kind.
ModelFailure transport_failure(const ModelRef& model, const TransportError& error);

}  // namespace openclaw::providers
