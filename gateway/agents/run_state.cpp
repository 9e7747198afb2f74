#include "agents/run_state.h"

#include <atomic>

#include "core/util/clock.h"

namespace openclaw::agents {

struct RunState::Waiter {
  std::atomic<bool> fired{false};
  std::function<void(std::optional<RunOutcome>)> done;
  std::unique_ptr<boost::asio::steady_timer> timer;

  void fire(std::optional<RunOutcome> outcome) {
    if (fired.exchange(true)) return;
    done(std::move(outcome));
  }
};

RunState::RunState(RunRequest run_request, RunCallbacks callbacks, log::Logger logger)
    : request(std::move(run_request)),
      callbacks_(std::move(callbacks)),
      logger_(std::move(logger)),
      started_at_(wall_clock_ms()) {}

void RunState::add_text(std::string_view text) {
  std::string cumulative;
  std::function<void(std::string_view, const std::string&)> on_delta;
  {
    std::lock_guard lock(mutex_);
    if (outcome_ || text.empty()) return;
    text_.append(text);
    cumulative = text_;
    on_delta = callbacks_.on_delta;
  }
  if (on_delta) on_delta(text, cumulative);
}

bool RunState::attach_call(std::shared_ptr<providers::ModelCall> call) {
  std::lock_guard lock(mutex_);
  // A call that finished before it was attached is not kept: its text sink holds this run,
  // and complete() (which drops call_) has already run, so the two would keep each other alive.
  if (outcome_) return true;
  if (stop_cause_ != StopCause::None) return false;
  call_ = std::move(call);
  return true;
}

void RunState::set_timer(std::shared_ptr<boost::asio::steady_timer> timer) {
  std::lock_guard lock(mutex_);
  timer_ = std::move(timer);
}

void RunState::set_session_id(std::string session_id) {
  std::lock_guard lock(mutex_);
  session_id_ = std::move(session_id);
}

bool RunState::stop(StopCause cause) {
  std::shared_ptr<providers::ModelCall> call;
  {
    std::lock_guard lock(mutex_);
    if (outcome_ || stop_cause_ != StopCause::None) return false;
    stop_cause_ = cause;
    call = call_;
  }
  logger_.info(cause == StopCause::Timeout ? "agent run timed out" : "agent run aborted",
               {{"runId", request.run_id}, {"session", request.session.full()}});
  if (call) call->cancel();
  return true;
}

RunState::StopCause RunState::stop_cause() const {
  std::lock_guard lock(mutex_);
  return stop_cause_;
}

RunOutcome RunState::base_outcome() const {
  std::lock_guard lock(mutex_);
  RunOutcome outcome;
  outcome.run_id = request.run_id;
  outcome.session_key = request.session.full();
  outcome.session_id = session_id_;
  outcome.text = text_;
  outcome.started_at = started_at_;
  outcome.ended_at = wall_clock_ms();
  return outcome;
}

void RunState::complete(RunOutcome outcome) {
  std::vector<std::shared_ptr<Waiter>> waiters;
  std::shared_ptr<boost::asio::steady_timer> timer;
  {
    std::lock_guard lock(mutex_);
    if (outcome_) return;
    outcome_ = outcome;
    waiters.swap(waiters_);
    timer = std::move(timer_);
    call_.reset();
  }
  if (timer) timer->cancel();
  // The run is kept for idempotent retries and agent.wait; its callbacks (which hold the
  // caller's connection) are not, and neither is the conversation it carried.
  RunCallbacks callbacks;
  {
    std::lock_guard lock(mutex_);
    callbacks = std::move(callbacks_);
    callbacks_ = {};
    text_.clear();
    text_.shrink_to_fit();
    request.message.clear();
    request.history_override.reset();
    request.system_prompt_override.clear();
    request.extra_system_prompt.clear();
  }
  logger_.info("agent run finished", {{"runId", request.run_id},
                                      {"status", to_string(outcome.status)},
                                      {"model", outcome.model ? outcome.model->to_string() : ""},
                                      {"durationMs", outcome.ended_at - outcome.started_at}});
  if (callbacks.on_done) callbacks.on_done(outcome);
  for (auto& waiter : waiters) {
    if (waiter->timer) waiter->timer->cancel();
    waiter->fire(outcome);
  }
}

bool RunState::finished() const {
  std::lock_guard lock(mutex_);
  return outcome_.has_value();
}

void RunState::add_waiter(boost::asio::io_context& io, std::chrono::milliseconds timeout,
                          std::function<void(std::optional<RunOutcome>)> done) {
  auto waiter = std::make_shared<Waiter>();
  waiter->done = std::move(done);
  std::optional<RunOutcome> outcome;
  {
    std::lock_guard lock(mutex_);
    outcome = outcome_;
    if (!outcome) {
      waiter->timer = std::make_unique<boost::asio::steady_timer>(io, timeout);
      waiters_.push_back(waiter);
      waiter->timer->async_wait([waiter](const boost::system::error_code& ec) {
        if (!ec) waiter->fire(std::nullopt);
      });
      return;
    }
  }
  waiter->fire(std::move(outcome));
}

}  // namespace openclaw::agents
