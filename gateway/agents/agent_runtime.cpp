#include "agents/agent_runtime.h"

#include <boost/asio/post.hpp>
#include <deque>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <mutex>

#include "agents/agent_catalog.h"
#include "agents/run_state.h"
#include "core/util/clock.h"

namespace openclaw::agents {
namespace {

namespace asio = boost::asio;
using providers::ChatMessage;
using providers::Role;

constexpr std::chrono::seconds kDefaultRunTimeout{600};
// How many earlier messages of the transcript go to the model (newest kept).
constexpr std::size_t kHistoryMessages = 200;

std::chrono::milliseconds run_timeout(const RunRequest& request, const config::Config& config) {
  if (request.timeout && request.timeout->count() > 0) return *request.timeout;
  // agents.defaults.timeoutSeconds is kept opaque by the schema; honour a positive number.
  const auto& raw = config.raw;
  if (auto agents = raw.find("agents"); agents != raw.end() && agents->is_object()) {
    if (auto defaults = agents->find("defaults"); defaults != agents->end() && defaults->is_object()) {
      if (auto seconds = defaults->find("timeoutSeconds");
          seconds != defaults->end() && seconds->is_number() && seconds->get<double>() > 0) {
        return std::chrono::milliseconds(static_cast<std::int64_t>(seconds->get<double>() * 1000));
      }
    }
  }
  return kDefaultRunTimeout;
}

// The earlier turns the model sees: the transcript's user and assistant messages with text
// (failed and aborted answers without text are left out).
std::vector<ChatMessage> turns_from(const std::vector<TranscriptMessage>& transcript) {
  std::vector<ChatMessage> turns;
  for (const auto& message : transcript) {
    if (message.role == Role::System || message.text.empty()) continue;
    turns.push_back({message.role, message.text});
  }
  return turns;
}

std::string join_prompt(std::string_view first, std::string_view second) {
  if (first.empty()) return std::string(second);
  if (second.empty()) return std::string(first);
  return std::string(first) + "\n\n" + std::string(second);
}

}  // namespace

std::string_view to_string(RunOutcome::Status status) {
  switch (status) {
    case RunOutcome::Status::Ok: return "ok";
    case RunOutcome::Status::Error: return "error";
    case RunOutcome::Status::Aborted: return "aborted";
    case RunOutcome::Status::Timeout: return "timeout";
  }
  return "error";
}

struct AgentRuntime::Impl : std::enable_shared_from_this<AgentRuntime::Impl> {
  Impl(ConfigSource source, state::StateLayout state_layout, std::shared_ptr<SessionStore> store,
       std::shared_ptr<providers::ModelRouter> model_router, asio::io_context& context, log::Logger log)
      : config(std::move(source)),
        layout(std::move(state_layout)),
        sessions(std::move(store)),
        router(std::move(model_router)),
        io(context),
        logger(std::move(log)) {}

  ConfigSource config;
  state::StateLayout layout;
  std::shared_ptr<SessionStore> sessions;
  std::shared_ptr<providers::ModelRouter> router;
  asio::io_context& io;
  log::Logger logger;

  mutable std::mutex mutex;
  std::map<std::string, std::shared_ptr<RunState>> runs;  // by run id, running and recently finished
  // Ids of finished runs in the order they finished, with when: expiry pops from the front,
  // so starting a run never walks every run remembered.
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> finished_order;

  // Called (under `mutex`) by start() before adding a run.
  void forget_expired_runs(std::chrono::steady_clock::time_point now) {
    while (!finished_order.empty() && (finished_order.size() > kMaxFinishedRuns ||
                                       now - finished_order.front().first > kFinishedRunRetention)) {
      runs.erase(finished_order.front().second);
      finished_order.pop_front();
    }
  }

  void note_finished(const std::string& run_id) {
    std::lock_guard lock(mutex);
    finished_order.emplace_back(std::chrono::steady_clock::now(), run_id);
  }

  void prepare_and_call(const std::shared_ptr<RunState>& run) {
    const auto snapshot = config();
    const RunRequest& request = run->request;
    auto agent = resolve_agent(*snapshot, layout, request.session.agent_id);
    if (!agent) return fail_setup(run, agent.error().message);

    std::optional<config::ModelSelection> selection = agent->model;
    if (request.model_override) selection = config::ModelSelection{request.model_override->to_string(), {}};
    if (!selection || selection->primary.empty()) {
      return fail_setup(run, "No model is configured for agent \"" + agent->id +
                                 "\": set agents.defaults.model (\"provider/model\") or agents.list[].model");
    }

    std::vector<ChatMessage> turns;
    if (request.history_override) {
      turns = *request.history_override;
    } else if (request.persist) {
      auto transcript = sessions->history(request.session, kHistoryMessages);
      if (!transcript) return fail_setup(run, transcript.error().message);
      turns = turns_from(*transcript);
    }
    if (request.persist) {
      auto entry = sessions->open(request.session);
      if (!entry) return fail_setup(run, entry.error().message);
      run->set_session_id(entry->session_id);
      TranscriptMessage user;
      user.role = Role::User;
      user.text = request.message;
      user.timestamp = wall_clock_ms();
      user.run_id = request.run_id;
      if (auto appended = sessions->append(request.session, user); !appended) {
        return fail_setup(run, appended.error().message);
      }
    }
    turns.push_back({Role::User, request.message});

    providers::RouteRequest route;
    route.config = snapshot;
    route.agent_id = agent->id;
    route.selection = *selection;
    route.chat.system_prompt =
        join_prompt(assemble_system_prompt(*agent, request.extra_system_prompt), request.system_prompt_override);
    route.chat.messages = std::move(turns);
    start_timeout(run, run_timeout(request, *snapshot));

    std::weak_ptr<Impl> weak_self = shared_from_this();
    auto call = router->run(std::move(route), {
        .on_text = [run](std::string_view text) { run->add_text(text); },
        .on_done = [weak_self, run](providers::ChatOutcome outcome) {
          if (auto self = weak_self.lock()) {
            self->finish(run, std::move(outcome));
          } else {
            RunOutcome aborted = run->base_outcome();
            aborted.status = RunOutcome::Status::Aborted;
            run->complete(std::move(aborted));
          }
        },
    });
    // An abort or timeout that arrived while the call was being set up cancels it now.
    if (!run->attach_call(call)) call->cancel();
  }

  void start_timeout(const std::shared_ptr<RunState>& run, std::chrono::milliseconds timeout) {
    auto timer = std::make_shared<asio::steady_timer>(io, timeout);
    run->set_timer(timer);
    timer->async_wait([run](const boost::system::error_code& ec) {
      if (!ec) run->stop(RunState::StopCause::Timeout);
    });
  }

  void fail_setup(const std::shared_ptr<RunState>& run, std::string message) {
    logger.warn("agent run could not start", {{"runId", run->request.run_id},
                                              {"session", run->request.session.full()},
                                              {"error", message}});
    RunOutcome outcome = run->base_outcome();
    outcome.status = RunOutcome::Status::Error;
    outcome.error_kind = "agent";
    outcome.error_message = std::move(message);
    run->complete(std::move(outcome));
  }

  void finish(const std::shared_ptr<RunState>& run, providers::ChatOutcome result) {
    RunOutcome outcome = run->base_outcome();
    if (result) {
      outcome.status = RunOutcome::Status::Ok;
      outcome.text = result->text.empty() ? outcome.text : result->text;
      outcome.usage = result->usage;
      outcome.model = result->model;
      outcome.stop_reason = result->stop_reason.empty() ? "stop" : result->stop_reason;
    } else if (const auto cause = run->stop_cause(); cause != RunState::StopCause::None) {
      outcome.status = cause == RunState::StopCause::Timeout ? RunOutcome::Status::Timeout : RunOutcome::Status::Aborted;
      outcome.stop_reason = cause == RunState::StopCause::Timeout ? "timeout" : "aborted";
      if (cause == RunState::StopCause::Timeout) {
        outcome.error_kind = "timeout";
        outcome.error_message = "The agent run timed out.";
      }
    } else {
      outcome.status = RunOutcome::Status::Error;
      outcome.stop_reason = "error";
      outcome.error_kind = std::string(providers::to_string(result.error().reason));
      outcome.error_message = result.error().message;
    }
    record(run, outcome);
    run->complete(std::move(outcome));
  }

  // Writes the answer (or what there was of it, with the error) to the transcript.
  void record(const std::shared_ptr<RunState>& run, RunOutcome& outcome) {
    const RunRequest& request = run->request;
    if (!request.persist) return;
    TranscriptMessage answer;
    answer.role = Role::Assistant;
    answer.text = outcome.text;
    answer.timestamp = wall_clock_ms();
    answer.model = outcome.model;
    answer.stop_reason = outcome.stop_reason;
    answer.run_id = request.run_id;
    if (outcome.status == RunOutcome::Status::Ok) answer.usage = outcome.usage;
    if (!outcome.error_message.empty()) answer.error_message = outcome.error_message;
    if (outcome.status == RunOutcome::Status::Error && outcome.text.empty() && outcome.error_kind == "agent") return;
    if (auto appended = sessions->append(request.session, answer); !appended) {
      logger.error("could not record the answer", {{"runId", request.run_id}, {"error", appended.error().message}});
      if (outcome.status == RunOutcome::Status::Ok) {
        outcome.status = RunOutcome::Status::Error;
        outcome.error_kind = "agent";
        outcome.error_message = appended.error().message;
      }
      return;
    }
    // The answer is durable already; the index only orders and summarises sessions, so a
    // failure to update it is logged, not turned into a failed run.
    const bool answered = outcome.status == RunOutcome::Status::Ok;
    if (auto updated = sessions->record_run_end(request.session, answered ? outcome.model : std::nullopt,
                                                outcome.usage, outcome.status == RunOutcome::Status::Aborted);
        !updated) {
      logger.warn("could not update the session index", {{"runId", request.run_id}, {"error", updated.error().message}});
    }
  }
};

AgentRuntime::AgentRuntime(ConfigSource config, state::StateLayout layout, std::shared_ptr<SessionStore> sessions,
                           std::shared_ptr<providers::ModelRouter> router, boost::asio::io_context& io,
                           log::Logger logger)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(layout), std::move(sessions), std::move(router), io,
                                   std::move(logger))) {}

AgentRuntime::~AgentRuntime() {
  std::vector<std::shared_ptr<RunState>> running;
  {
    std::lock_guard lock(impl_->mutex);
    for (auto& [id, run] : impl_->runs) running.push_back(run);
  }
  for (auto& run : running) run->stop(RunState::StopCause::Abort);
}

StartResult AgentRuntime::start(RunRequest request, RunCallbacks callbacks) {
  std::shared_ptr<RunState> run;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->forget_expired_runs(std::chrono::steady_clock::now());
    if (auto it = impl_->runs.find(request.run_id); it != impl_->runs.end()) {
      return it->second->finished() ? StartResult::Finished : StartResult::InFlight;
    }
    // The runtime learns of the ending after the caller's own on_done has run.
    callbacks.on_done = [weak_impl = std::weak_ptr<Impl>(impl_), run_id = request.run_id,
                         on_done = std::move(callbacks.on_done)](const RunOutcome& outcome) {
      if (on_done) on_done(outcome);
      if (auto impl = weak_impl.lock()) impl->note_finished(run_id);
    };
    run = std::make_shared<RunState>(std::move(request), std::move(callbacks), impl_->logger);
    impl_->runs.emplace(run->request.run_id, run);
  }
  impl_->logger.info("agent run started",
                     {{"runId", run->request.run_id}, {"session", run->request.session.full()}});
  // Set-up reads and appends files: do it off the caller's path so its ack goes out first.
  boost::asio::post(impl_->io, [impl = impl_, run] { impl->prepare_and_call(run); });
  return StartResult::Started;
}

std::vector<std::string> AgentRuntime::abort(const SessionKey& session, const std::optional<std::string>& run_id) {
  std::vector<std::shared_ptr<RunState>> targets;
  {
    std::lock_guard lock(impl_->mutex);
    for (auto& [id, run] : impl_->runs) {
      if (run->finished() || !(run->request.session == session)) continue;
      if (run_id && id != *run_id) continue;
      targets.push_back(run);
    }
  }
  std::vector<std::string> aborted;
  for (auto& run : targets) {
    if (run->stop(RunState::StopCause::Abort)) aborted.push_back(run->request.run_id);
  }
  return aborted;
}

bool AgentRuntime::abort_run(const std::string& run_id) {
  std::shared_ptr<RunState> run;
  {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->runs.find(run_id);
    if (it == impl_->runs.end()) return false;
    run = it->second;
  }
  return run->stop(RunState::StopCause::Abort);
}

void AgentRuntime::wait(const std::string& run_id, std::chrono::milliseconds timeout,
                        std::function<void(std::optional<RunOutcome>)> done) {
  std::shared_ptr<RunState> run;
  {
    std::lock_guard lock(impl_->mutex);
    if (auto it = impl_->runs.find(run_id); it != impl_->runs.end()) run = it->second;
  }
  if (!run) return done(std::nullopt);
  run->add_waiter(impl_->io, timeout, std::move(done));
}

std::size_t AgentRuntime::active_runs() const {
  std::lock_guard lock(impl_->mutex);
  std::size_t count = 0;
  for (const auto& [id, run] : impl_->runs) count += run->finished() ? 0 : 1;
  return count;
}

}  // namespace openclaw::agents
