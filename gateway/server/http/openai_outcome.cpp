#include "server/http/openai_outcome.h"

#include <algorithm>
#include <array>

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using providers::FailureReason;

constexpr std::array kReasons = {
    FailureReason::RateLimit,         FailureReason::LongContext, FailureReason::Overloaded, FailureReason::ServerError,
    FailureReason::Timeout,           FailureReason::Network,     FailureReason::Auth,       FailureReason::BadRequest,
    FailureReason::MissingCredential, FailureReason::Cancelled};

std::string or_default(const std::string& message, const char* fallback) {
  return message.empty() ? std::string(fallback) : message;
}

}  // namespace

OpenAiError error_for_failure(FailureReason reason, const std::string& message) {
  switch (reason) {
    case FailureReason::RateLimit:
    case FailureReason::LongContext:
      return {http::status::too_many_requests, "rate_limit_error", or_default(message, "rate limited")};
    case FailureReason::Overloaded:
      return {http::status::service_unavailable, "api_error", "upstream provider overloaded"};
    case FailureReason::ServerError:
    case FailureReason::Network:
      return {http::status::bad_gateway, "api_error", "upstream provider error"};
    case FailureReason::Timeout:
      return {http::status::gateway_timeout, "api_error", "upstream provider timeout"};
    case FailureReason::Auth:
      return {http::status::unauthorized, "authentication_error",
              or_default(message, "upstream authentication failed")};
    case FailureReason::BadRequest:
      return {http::status::bad_request, "invalid_request_error", or_default(message, "request failed")};
    case FailureReason::MissingCredential:
      return {http::status::internal_server_error, "api_error", or_default(message, "no credential for the provider")};
    case FailureReason::Cancelled:
      return {http::status::internal_server_error, "api_error", "request cancelled"};
  }
  return {};
}

OpenAiError error_for_outcome(const agents::RunOutcome& outcome) {
  if (outcome.status == agents::RunOutcome::Status::Timeout) {
    return {http::status::gateway_timeout, "api_error", "upstream provider timeout"};
  }
  const auto known = std::find_if(kReasons.begin(), kReasons.end(), [&](FailureReason reason) {
    return providers::to_string(reason) == outcome.error_kind;
  });
  if (known != kReasons.end()) return error_for_failure(*known, outcome.error_message);
  return {http::status::internal_server_error, "api_error", or_default(outcome.error_message, "internal error")};
}

nlohmann::ordered_json error_json(const OpenAiError& error) {
  nlohmann::ordered_json body;
  body["message"] = error.message;
  body["type"] = error.type;
  return {{"error", body}};
}

std::string answer_text(const agents::RunOutcome& outcome) {
  return outcome.text.empty() ? std::string("No response from OpenClaw.") : outcome.text;
}

nlohmann::ordered_json chat_usage_json(const providers::TokenUsage& usage) {
  const std::int64_t prompt = std::max<std::int64_t>(0, usage.input + usage.cache_read);
  const std::int64_t completion = std::max<std::int64_t>(0, usage.output);
  nlohmann::ordered_json out;
  out["prompt_tokens"] = prompt;
  out["completion_tokens"] = completion;
  out["total_tokens"] = std::max(prompt + completion, usage.total());
  if (usage.cache_read > 0) out["prompt_tokens_details"] = {{"cached_tokens", usage.cache_read}};
  return out;
}

nlohmann::ordered_json responses_usage_json(const providers::TokenUsage& usage) {
  const std::int64_t cache_read = std::max<std::int64_t>(0, usage.cache_read);
  const std::int64_t cache_write = std::max<std::int64_t>(0, usage.cache_write);
  const std::int64_t input = std::max<std::int64_t>(0, usage.input) + cache_read + cache_write;
  const std::int64_t output = std::max<std::int64_t>(0, usage.output);
  nlohmann::ordered_json details;
  details["cached_tokens"] = cache_read;
  details["cache_write_tokens"] = cache_write;
  nlohmann::ordered_json out;
  out["input_tokens"] = input;
  out["input_tokens_details"] = details;
  out["output_tokens"] = output;
  out["output_tokens_details"] = {{"reasoning_tokens", 0}};
  out["total_tokens"] = std::max(input + output, usage.total());
  return out;
}

void log_run_outcome(const log::Logger& logger, std::string_view what, nlohmann::json fields,
                     const agents::RunOutcome& outcome, std::chrono::steady_clock::time_point started) {
  fields["outcome"] = agents::to_string(outcome.status);
  fields["durationMs"] =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (outcome.status == agents::RunOutcome::Status::Ok || outcome.status == agents::RunOutcome::Status::Aborted) {
    return logger.info(what, fields);
  }
  fields["errorKind"] = outcome.error_kind;
  fields["error"] = outcome.error_message;
  logger.warn(std::string(what) + " failed", fields);
}

}  // namespace openclaw::server
