// How the end of an agent run (or an embeddings call) reads on the OpenAI-compatible
// surface: the HTTP status, error type and message upstream sends for each kind of failure
// (spec §6; 429 rate_limit_error, 502 "upstream provider error", 504 "upstream provider
// timeout", …), and token usage in chat completions and Responses shapes.
#pragma once

#include <boost/beast/http/status.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "agents/agent_runtime.h"
#include "core/log/logger.h"
#include "providers/chat_model.h"

namespace openclaw::server {

struct OpenAiError {
  boost::beast::http::status status = boost::beast::http::status::internal_server_error;
  std::string type = "api_error";
  std::string message = "internal error";
};

// A failed call by its reason: rate limits (and Anthropic's long-context 429) → 429
// rate_limit_error with the provider message; overloaded → 503 "upstream provider
// overloaded"; 5xx and network failures → 502 "upstream provider error"; timeouts → 504
// "upstream provider timeout"; provider auth → 401 authentication_error; other 4xx → 400
// invalid_request_error; a missing credential → 500 api_error naming the provider. The
// message never holds a key (providers write them that way).
OpenAiError error_for_failure(providers::FailureReason reason, const std::string& message);

// The error for a run that did not end Ok: a run-level timeout reads as 504; an Error as
// error_for_failure of its error_kind; anything else (agent setup failures) as 500
// api_error with the run's message.
OpenAiError error_for_outcome(const agents::RunOutcome& outcome);

// `{"error":{"message","type"}}`.
nlohmann::ordered_json error_json(const OpenAiError& error);

// The assistant text of a finished run; upstream's "No response from OpenClaw." when empty.
std::string answer_text(const agents::RunOutcome& outcome);

// Chat completions usage: prompt_tokens (input + cache reads), completion_tokens,
// total_tokens, and prompt_tokens_details.cached_tokens when cache reads happened.
nlohmann::ordered_json chat_usage_json(const providers::TokenUsage& usage);

// Responses usage: input_tokens (input + cache reads + cache writes) with
// input_tokens_details, output_tokens with output_tokens_details, total_tokens.
nlohmann::ordered_json responses_usage_json(const providers::TokenUsage& usage);

// Logs the end of one HTTP run with ids, outcome and duration only (never the messages or
// the answer): info `<what>` when it ended ok or aborted, else warn `<what> failed` with the
// error. `fields` carries the route's ids (runId / responseId, agentId, stream).
void log_run_outcome(const log::Logger& logger, std::string_view what, nlohmann::json fields,
                     const agents::RunOutcome& outcome, std::chrono::steady_clock::time_point started);

}  // namespace openclaw::server
