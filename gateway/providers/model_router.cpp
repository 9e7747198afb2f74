#include "providers/model_router.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "providers/route_plan.h"

namespace openclaw::providers {
namespace {

using Clock = CooldownTracker::Clock;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// "provider/model", or just the text as written when it named no provider.
std::string display(const ModelRef& model) {
  return model.provider.empty() ? model.model : model.to_string();
}

ModelFailure cancelled_failure() {
  ModelFailure failure;
  failure.reason = FailureReason::Cancelled;
  failure.message = "model call cancelled";
  return failure;
}

void report_usage(ModelCallObserver& observer, const ModelRef& model, const TokenUsage& usage) {
  const std::pair<std::string_view, std::int64_t> kinds[] = {{"input", usage.input},
                                                             {"output", usage.output},
                                                             {"cache_read", usage.cache_read},
                                                             {"cache_write", usage.cache_write}};
  for (const auto& [kind, count] : kinds) {
    if (count > 0) observer.tokens(model, kind, count);
  }
}

// A call that had nothing to send: cancelling it has nothing to stop.
class CompletedCall final : public ModelCall {
 public:
  void cancel() override {}
};

}  // namespace

// One routed request: walks the filtered route step by step. Callbacks of the attempt in
// flight may arrive on any thread and cancel() on yet another, so all mutable state is under
// `mutex`, and no lock is held while calling out (the caller, the handlers, the observer),
// since any of them may call back in.
struct ModelRouter::Attempt final : ModelCall, std::enable_shared_from_this<Attempt> {
  struct Switch {
    ModelRef from;
    FailureReason reason = FailureReason::Network;
    int http_status = 0;
  };

  // Set before start_next() and not changed afterwards.
  std::shared_ptr<ProviderCaller> caller;
  std::shared_ptr<CooldownTracker> cooldowns;
  ModelCallObserver* observer = nullptr;
  log::Logger logger;
  std::function<Clock::time_point()> clock;
  std::string agent_id;
  ChatRequest chat;
  std::vector<RouteStep> steps;
  TextSink on_text_sink;

  std::mutex mutex;
  std::function<void(ChatOutcome)> on_done_sink;  // moved out by finish()
  std::size_t next_step = 0;
  std::uint64_t attempt_id = 0;  // the attempt in flight, or the last one
  bool attempt_open = false;     // attempt_id has not reported on_done yet
  std::size_t current_step = 0;
  std::shared_ptr<ModelCall> current;
  Clock::time_point attempt_started{};
  bool first_token_seen = false;
  bool streamed = false;  // the client has seen text: no more failover
  bool cancelled = false;
  bool finished = false;
  std::optional<Switch> pending_switch;  // logged when the next step is reached
  std::optional<ModelFailure> last_sent_failure;
  std::optional<ModelFailure> first_unsent_failure;

  void start_next();
  void on_attempt_text(std::uint64_t id, std::string_view text);
  void on_attempt_done(std::uint64_t id, ChatOutcome outcome);
  void cancel() override;
  void finish(ChatOutcome outcome);
  ModelFailure final_failure() const;  // REQUIRES: mutex held
  ChatRequest request_for(const RouteStep& step) const;
  void log_failover(const Switch& from, const RouteStep& to) const;
};

ModelFailure ModelRouter::Attempt::final_failure() const {
  if (last_sent_failure) return *last_sent_failure;
  if (first_unsent_failure) return *first_unsent_failure;
  ModelFailure failure;
  failure.reason = FailureReason::BadRequest;
  failure.message = "no model is configured for agent \"" + agent_id +
                    "\" (set agents.defaults.model.primary, or the agent's model)";
  return failure;
}

ChatRequest ModelRouter::Attempt::request_for(const RouteStep& step) const {
  ChatRequest request = chat;
  request.model = step.model;
  request.params = step.params;
  // Parameters the caller set itself are more specific than the catalog's.
  if (chat.params.is_object() && !chat.params.empty()) request.params.merge_patch(chat.params);
  request.stream = chat.stream && step.stream;
  return request;
}

void ModelRouter::Attempt::log_failover(const Switch& from, const RouteStep& to) const {
  const std::string reason(to_string(from.reason));
  nlohmann::json fields = {{"agent", agent_id},
                           {"from", display(from.from)},
                           {"to", display(to.model)},
                           {"reason", reason}};
  if (from.http_status != 0) fields["status"] = from.http_status;
  if (!to.credential.profile_id.empty()) fields["profile"] = to.credential.profile_id;
  logger.info(
      "model failover: " + display(from.from) + " → " + display(to.model) + " (" + reason + ")",
      fields);
  observer->failover(from.from, to.model, from.reason);
}

void ModelRouter::Attempt::start_next() {
  for (;;) {
    std::unique_lock lock(mutex);
    if (finished) return;
    if (cancelled) {
      lock.unlock();
      finish(std::unexpected(cancelled_failure()));
      return;
    }
    if (next_step >= steps.size()) {
      ModelFailure failure = final_failure();
      lock.unlock();
      nlohmann::json fields = {
          {"agent", agent_id}, {"reason", to_string(failure.reason)}, {"error", failure.message}};
      if (failure.http_status != 0) fields["status"] = failure.http_status;
      logger.warn("model call failed: no candidate model answered", fields);
      finish(std::unexpected(std::move(failure)));
      return;
    }
    const std::size_t index = next_step++;
    const RouteStep& step = steps[index];
    std::optional<Switch> switched = std::exchange(pending_switch, std::nullopt);
    if (step.failure) {
      // Passed over without sending anything; the move onto it and the move past it are
      // both switches an operator wants to see.
      if (!first_unsent_failure) first_unsent_failure = step.failure;
      pending_switch = Switch{step.model, step.failure->reason, 0};
      lock.unlock();
      if (switched) log_failover(*switched, step);
      continue;
    }
    const std::uint64_t id = ++attempt_id;
    attempt_open = true;
    current_step = index;
    current.reset();
    first_token_seen = false;
    attempt_started = clock();
    lock.unlock();

    if (switched) log_failover(*switched, step);
    auto self = shared_from_this();
    ModelCallHandlers handlers;
    handlers.on_text = [self, id](std::string_view text) { self->on_attempt_text(id, text); };
    handlers.on_done = [self, id](ChatOutcome outcome) {
      self->on_attempt_done(id, std::move(outcome));
    };
    std::shared_ptr<ModelCall> call =
        caller->call(step.endpoint, request_for(step), step.credential, std::move(handlers));

    lock.lock();
    bool cancel_now = false;
    // The attempt may already have finished (a caller that completes synchronously).
    if (id == attempt_id && attempt_open) {
      current = call;
      cancel_now = cancelled;  // cancel() ran while the call was being started
    }
    lock.unlock();
    if (cancel_now && call) call->cancel();
    return;
  }
}

void ModelRouter::Attempt::on_attempt_text(std::uint64_t id, std::string_view text) {
  std::unique_lock lock(mutex);
  if (finished || cancelled || id != attempt_id || !attempt_open) return;
  streamed = true;
  const bool first = !first_token_seen;
  first_token_seen = true;
  const ModelRef model = steps[current_step].model;
  const double waited = seconds_between(attempt_started, clock());
  lock.unlock();
  if (first) observer->first_token(model, waited);
  if (on_text_sink) on_text_sink(text);
}

void ModelRouter::Attempt::on_attempt_done(std::uint64_t id, ChatOutcome outcome) {
  std::unique_lock lock(mutex);
  if (id != attempt_id || !attempt_open || finished) return;
  attempt_open = false;
  current.reset();
  const RouteStep& step = steps[current_step];
  const ModelRef model = step.model;
  const std::string cooldown_key = step.cooldown_key;
  const bool was_streamed = streamed;
  const bool was_cancelled = cancelled;
  const Clock::time_point now = clock();
  const double elapsed = seconds_between(attempt_started, now);
  lock.unlock();

  if (outcome) {
    observer->call_finished(model, "ok", elapsed);
    report_usage(*observer, model, outcome->usage);
    cooldowns->record_success(cooldown_key);
    if (was_cancelled) {
      finish(std::unexpected(cancelled_failure()));
      return;
    }
    outcome->model = model;
    finish(std::move(outcome));
    return;
  }

  ModelFailure failure = std::move(outcome.error());
  if (was_cancelled) failure = cancelled_failure();
  observer->call_finished(model, to_string(failure.reason), elapsed);
  cooldowns->record_failure(cooldown_key, failure, now);
  if (failure.reason == FailureReason::Cancelled) {
    finish(std::unexpected(std::move(failure)));
    return;
  }
  if (was_streamed || !fails_over(failure.reason)) {
    // The client already holds part of this model's answer; another model's answer cannot
    // continue it, so the request ends with this failure.
    nlohmann::json fields = {{"agent", agent_id},
                             {"model", display(model)},
                             {"reason", to_string(failure.reason)},
                             {"error", failure.message}};
    if (failure.http_status != 0) fields["status"] = failure.http_status;
    logger.warn("model call failed after streaming began", fields);
    finish(std::unexpected(std::move(failure)));
    return;
  }
  lock.lock();
  pending_switch = Switch{model, failure.reason, failure.http_status};
  last_sent_failure = std::move(failure);
  lock.unlock();
  start_next();
}

void ModelRouter::Attempt::cancel() {
  std::unique_lock lock(mutex);
  if (finished || cancelled) return;
  cancelled = true;
  std::shared_ptr<ModelCall> call = current;
  const bool in_flight = attempt_open;
  lock.unlock();
  if (call) {
    call->cancel();  // its on_done reports, and finishes this request as Cancelled
  } else if (!in_flight) {
    finish(std::unexpected(cancelled_failure()));  // between attempts: nobody else will
  }
  // else: start_next() is starting a call right now and cancels it once it has it.
}

void ModelRouter::Attempt::finish(ChatOutcome outcome) {
  std::unique_lock lock(mutex);
  if (finished) return;
  finished = true;
  current.reset();
  std::function<void(ChatOutcome)> done = std::move(on_done_sink);
  on_done_sink = nullptr;
  lock.unlock();
  if (done) done(std::move(outcome));
}

ModelRouter::ModelRouter(std::shared_ptr<ProviderCaller> caller,
                         std::shared_ptr<CredentialResolver> credentials,
                         std::shared_ptr<CooldownTracker> cooldowns, ModelCallObserver& observer,
                         log::Logger logger, Environment env, std::filesystem::path config_dir)
    : caller_(std::move(caller)),
      credentials_(std::move(credentials)),
      cooldowns_(std::move(cooldowns)),
      observer_(observer),
      logger_(std::move(logger)),
      env_(std::move(env)),
      config_dir_(std::move(config_dir)) {}

void ModelRouter::set_clock(std::function<Clock::time_point()> now) { clock_ = std::move(now); }

std::shared_ptr<ModelCall> ModelRouter::run(RouteRequest request, ModelCallHandlers handlers) {
  auto attempt = std::make_shared<Attempt>();
  attempt->caller = caller_;
  attempt->cooldowns = cooldowns_;
  attempt->observer = &observer_;
  attempt->logger = logger_;
  attempt->clock = clock_;
  attempt->agent_id = request.agent_id;
  attempt->chat = std::move(request.chat);
  attempt->on_text_sink = std::move(handlers.on_text);
  attempt->on_done_sink = std::move(handlers.on_done);

  if (request.config) {
    const RoutePlanContext context{*request.config, request.agent_id, *credentials_, env_,
                                   config_dir_};
    FilteredRoute route =
        filter_cooling(plan_route(context, request.selection), *cooldowns_, clock_());
    for (const CoolingStep& skipped : route.cooling) {
      const auto left = std::chrono::duration_cast<std::chrono::seconds>(skipped.until - clock_());
      logger_.debug("model skipped while cooling down: " + display(skipped.model),
                    {{"agent", request.agent_id},
                     {"key", skipped.cooldown_key},
                     {"secondsLeft", left.count()}});
    }
    attempt->steps = std::move(route.steps);
  }
  attempt->start_next();
  return attempt;
}

std::shared_ptr<ModelCall> ModelRouter::embed(std::shared_ptr<const config::Config> config,
                                              const std::string& agent_id, const ModelRef& model,
                                              std::vector<std::string> inputs,
                                              ProviderCaller::EmbeddingsDone done) {
  std::vector<RouteStep> steps;
  if (config) {
    const RoutePlanContext context{*config, agent_id, *credentials_, env_, config_dir_};
    steps =
        filter_cooling(plan_route(context, {model.to_string(), {}}), *cooldowns_, clock_()).steps;
  }
  if (steps.empty() || steps.front().failure) {
    ModelFailure failure;
    if (steps.empty()) {
      failure.reason = FailureReason::BadRequest;
      failure.message = "no embedding model to call";
    } else if (const auto& planned = steps.front().failure) {
      failure = *planned;
    }
    done(std::unexpected(std::move(failure)));
    return std::make_shared<CompletedCall>();
  }
  RouteStep step = std::move(steps.front());
  EmbeddingsRequest request{step.model.model, std::move(inputs)};
  const Clock::time_point started = clock_();
  auto finished = [observer = &observer_, cooldowns = cooldowns_, clock = clock_, started,
                   model = step.model, key = step.cooldown_key,
                   done = std::move(done)](std::expected<EmbeddingsResult, ModelFailure> result) {
    const Clock::time_point now = clock();
    if (result) {
      observer->call_finished(model, "ok", seconds_between(started, now));
      if (result->prompt_tokens > 0) observer->tokens(model, "input", result->prompt_tokens);
      cooldowns->record_success(key);
    } else {
      observer->call_finished(model, to_string(result.error().reason),
                              seconds_between(started, now));
      cooldowns->record_failure(key, result.error(), now);
    }
    done(std::move(result));
  };
  auto call = caller_->embed(step.endpoint, request, step.credential, std::move(finished));
  return call ? call : std::make_shared<CompletedCall>();
}

}  // namespace openclaw::providers
