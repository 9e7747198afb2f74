// The one message and stream model every provider adapter translates to and from: a chat
// request (system prompt + turns), the streamed text, the final completion with usage, and a
// classified failure that the router uses to decide whether to try the next model.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::providers {

// "provider/model" as written in OpenClaw config (agents.defaults.model); the model part may
// itself contain slashes ("openrouter/anthropic/claude-sonnet-4").
struct ModelRef {
  std::string provider;
  std::string model;

  std::string to_string() const { return provider + "/" + model; }
  bool operator==(const ModelRef&) const = default;
};

// nullopt when `text` has no '/' or an empty provider or model part.
std::optional<ModelRef> parse_model_ref(std::string_view text);

enum class Role { System, User, Assistant };
std::string_view to_string(Role role);

struct ChatMessage {
  Role role = Role::User;
  std::string text;
};

struct ChatRequest {
  ModelRef model;  // filled by the router for each attempt
  std::string system_prompt;
  std::vector<ChatMessage> messages;  // oldest first; never contains Role::System
  std::optional<std::int64_t> max_tokens;
  std::optional<double> temperature;
  nlohmann::json params = nlohmann::json::object();  // agents.defaults.models[ref].params
  bool stream = true;
};

struct TokenUsage {
  std::int64_t input = 0;
  std::int64_t output = 0;
  std::int64_t cache_read = 0;
  std::int64_t cache_write = 0;
  std::int64_t total() const { return input + output + cache_read + cache_write; }
};

struct ChatCompletion {
  ModelRef model;  // the model that actually answered
  std::string text;
  TokenUsage usage;
  std::string stop_reason;  // normalised: "stop", "length", "tool_use", "content_filter", ...
};

// Why an attempt failed. The label (to_string) is used in logs and as the `reason` metric
// label, so it is a fixed word, never provider text.
enum class FailureReason {
  RateLimit,          // 429 (label "rate_limit")
  LongContext,        // Anthropic's 429 "Extra usage is required for long context requests"
  Overloaded,         // 529 / "overloaded_error"
  ServerError,        // other 5xx
  Timeout,            // connect, first-byte or idle timeout
  Network,            // refused, reset, TLS failure, malformed stream
  Auth,               // 401/403 from the provider
  BadRequest,         // other 4xx
  MissingCredential,  // no API key resolved for the provider (nothing was sent)
  Cancelled,          // the caller went away or aborted
};
std::string_view to_string(FailureReason reason);

// Every reason except Cancelled moves the router to the next model (a different provider may
// well accept what this one refused); Cancelled ends the request.
bool fails_over(FailureReason reason);

struct ModelFailure {
  FailureReason reason = FailureReason::Network;
  int http_status = 0;  // 0 when no response arrived
  std::optional<std::chrono::milliseconds> retry_after;  // from Retry-After / retry-after-ms
  std::string message;  // for the operator: names the provider and model, never a key
};

using ChatOutcome = std::expected<ChatCompletion, ModelFailure>;

// Receives each piece of assistant text as it streams in (may be called many times).
using TextSink = std::function<void(std::string_view text)>;

}  // namespace openclaw::providers
