// One agent run's mutable state, shared between the runtime, the router's callbacks, the
// timeout timer and abort requests that may arrive on any I/O thread: the text streamed so
// far, why it was stopped, its outcome once finished, and who waits for it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agents/agent_runtime.h"
#include "core/log/logger.h"
#include "providers/model_router.h"

namespace openclaw::agents {

class RunState {
 public:
  enum class StopCause { None, Abort, Timeout };

  RunState(RunRequest request, RunCallbacks callbacks, log::Logger logger);

  // Read-only while the run is set up; complete() drops the conversation it carried (the id
  // and session stay for retries and aborts).
  RunRequest request;

  // Appends streamed text and passes it on to on_delta (ignored once finished).
  void add_text(std::string_view text);
  // The model call in flight; false when the run was stopped meanwhile (the caller cancels).
  // A call whose run has already finished is not kept.
  bool attach_call(std::shared_ptr<providers::ModelCall> call);
  void set_timer(std::shared_ptr<boost::asio::steady_timer> timer);
  void set_session_id(std::string session_id);

  // Stops the run (cancelling the model call); false when it had already finished or been
  // stopped. The outcome arrives through the call's completion.
  bool stop(StopCause cause);
  StopCause stop_cause() const;

  // The outcome fields every ending shares: ids, text so far, times.
  RunOutcome base_outcome() const;
  // Finishes the run once: stores the outcome, calls on_done, then the waiters.
  void complete(RunOutcome outcome);
  bool finished() const;

  // Calls `done` with the outcome when the run finishes, or with nullopt after `timeout`.
  void add_waiter(boost::asio::io_context& io, std::chrono::milliseconds timeout,
                  std::function<void(std::optional<RunOutcome>)> done);

 private:
  struct Waiter;

  RunCallbacks callbacks_;
  log::Logger logger_;
  const std::int64_t started_at_;
  mutable std::mutex mutex_;
  std::string text_;
  std::string session_id_;
  std::shared_ptr<providers::ModelCall> call_;
  std::shared_ptr<boost::asio::steady_timer> timer_;
  StopCause stop_cause_ = StopCause::None;
  std::optional<RunOutcome> outcome_;
  std::vector<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace openclaw::agents
