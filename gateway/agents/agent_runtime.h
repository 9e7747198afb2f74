// Turns a message into an agent run: resolves the agent and session, records the user turn,
// builds the chat from the transcript and the workspace's system prompt, routes it through
// the model router, streams text to the caller, records the answer (or the error / abort),
// and remembers the outcome under the run id for idempotent retries and agent.wait.
// Shared by chat.send, agent, and the OpenAI-compatible HTTP endpoints.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/session_key.h"
#include "agents/session_store.h"
#include "core/config/model.h"
#include "core/log/logger.h"
#include "providers/model_router.h"

namespace openclaw::agents {

struct RunRequest {
  std::string run_id;  // the client's idempotency key (chat.send, agent) or a fresh UUID
  SessionKey session;
  std::string message;
  std::optional<providers::ModelRef> model_override;  // x-openclaw-model, agent {provider, model}
  std::string extra_system_prompt;
  std::optional<std::chrono::milliseconds> timeout;  // whole run; default agents.defaults.timeoutSeconds or 600 s
  bool persist = true;  // false: nothing is written to the session (stateless HTTP callers still persist by default)
  // Earlier turns supplied by the caller (OpenAI messages[]) instead of the transcript; when
  // set, the transcript is not read (but the new turns are still appended when persist).
  std::optional<std::vector<providers::ChatMessage>> history_override;
  std::string system_prompt_override;  // OpenAI "system"/"developer" messages, appended to the workspace prompt
};

struct RunOutcome {
  enum class Status { Ok, Error, Aborted, Timeout };
  Status status = Status::Ok;
  std::string run_id;
  std::string session_key;  // full
  std::string session_id;
  std::string text;  // all assistant text (partial for Error/Aborted/Timeout)
  providers::TokenUsage usage;
  std::optional<providers::ModelRef> model;  // who answered
  std::string stop_reason;
  std::string error_message;  // Error/Timeout: for the client (names provider/model, never a key)
  std::string error_kind;     // Error: to_string(FailureReason) or "agent" for setup failures
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;
};
std::string_view to_string(RunOutcome::Status status);  // "ok", "error", "aborted", "timeout"

struct RunCallbacks {
  // Each new piece of assistant text; `cumulative` is all text so far.
  std::function<void(std::string_view delta, const std::string& cumulative)> on_delta;
  std::function<void(const RunOutcome& outcome)> on_done;  // exactly once
};

enum class StartResult {
  Started,   // callbacks will be called
  InFlight,  // a run with this id is already running; callbacks are not used
  Finished,  // a run with this id already finished (outcome via wait()); callbacks not used
};

class AgentRuntime {
 public:
  using ConfigSource = std::function<std::shared_ptr<const config::Config>()>;

  AgentRuntime(ConfigSource config, state::StateLayout layout, std::shared_ptr<SessionStore> sessions,
               std::shared_ptr<providers::ModelRouter> router, boost::asio::io_context& io, log::Logger logger);
  ~AgentRuntime();

  StartResult start(RunRequest request, RunCallbacks callbacks);

  // Aborts the running runs of `session_key` (all of them, or only `run_id`); returns the
  // ids aborted. Their outcome is Aborted and the upstream request is cancelled.
  std::vector<std::string> abort(const SessionKey& session, const std::optional<std::string>& run_id);
  // Aborts one run by id wherever it runs; false when it is not running.
  bool abort_run(const std::string& run_id);

  // Calls `done` with the outcome when run `run_id` ends (at once if it already ended), or
  // with nullopt after `timeout` (or at once when no such run is known).
  void wait(const std::string& run_id, std::chrono::milliseconds timeout,
            std::function<void(std::optional<RunOutcome>)> done);

  // Runs in flight right now (for metrics and tests).
  std::size_t active_runs() const;

  // Finished runs are remembered for idempotent retries and agent.wait, as upstream's dedupe
  // cache (spec §1.8): for this long, and no more than kMaxFinishedRuns of them, oldest
  // forgotten first, so a busy HTTP API does not accumulate a run per request.
  static constexpr std::chrono::minutes kFinishedRunRetention{5};
  static constexpr std::size_t kMaxFinishedRuns = 1000;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace openclaw::agents
