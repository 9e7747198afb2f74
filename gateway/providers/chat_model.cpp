#include "providers/chat_model.h"

namespace openclaw::providers {

std::optional<ModelRef> parse_model_ref(std::string_view text) {
  // Only the first '/' separates: OpenRouter model ids carry their own vendor prefix
  // ("openrouter/anthropic/claude-sonnet-4" is provider "openrouter").
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size())
    return std::nullopt;
  return ModelRef{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::System:
      return "system";
    case Role::User:
      return "user";
    case Role::Assistant:
      return "assistant";
  }
  return "user";
}

std::string_view to_string(FailureReason reason) {
  switch (reason) {
    case FailureReason::RateLimit:
      return "rate_limit";
    case FailureReason::LongContext:
      return "long_context";
    case FailureReason::Overloaded:
      return "overloaded";
    case FailureReason::ServerError:
      return "server_error";
    case FailureReason::Timeout:
      return "timeout";
    case FailureReason::Network:
      return "network";
    case FailureReason::Auth:
      return "auth";
    case FailureReason::BadRequest:
      return "bad_request";
    case FailureReason::MissingCredential:
      return "missing_credential";
    case FailureReason::Cancelled:
      return "cancelled";
  }
  return "network";
}

bool fails_over(FailureReason reason) { return reason != FailureReason::Cancelled; }

}  // namespace openclaw::providers
