// Test doubles for the model router: a ProviderCaller whose answers are scripted per model
// ("provider/model"), a ModelCallObserver that records what it is told, and a clock the test
// advances by hand.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/model_router.h"

namespace openclaw::providers::testing {

// What one attempt against a model does. The default (no behaviour scripted) answers
// "ok from <provider/model>" in one piece.
struct Behaviour {
  std::vector<std::string> chunks;      // streamed first, in order
  std::optional<ModelFailure> failure;  // then fail with this, else succeed
  TokenUsage usage;
  bool hold = false;  // stream the chunks, then wait for complete_held() or cancel()
  // A held attempt completes with Cancelled when cancelled (as HttpsClient does); false: the
  // cancel is only counted and the attempt waits for complete_held() (an answer already on
  // its way when the cancel came).
  bool cancel_completes = true;

  static Behaviour reply(std::vector<std::string> chunks, TokenUsage usage = {}) {
    Behaviour behaviour;
    behaviour.chunks = std::move(chunks);
    behaviour.usage = usage;
    return behaviour;
  }
  static Behaviour fail(FailureReason reason, int status = 0,
                        std::optional<std::chrono::milliseconds> retry_after = std::nullopt) {
    Behaviour behaviour;
    behaviour.failure =
        ModelFailure{reason, status, retry_after, "scripted " + std::string(to_string(reason))};
    return behaviour;
  }
  static Behaviour held(std::vector<std::string> chunks = {}) {
    Behaviour behaviour;
    behaviour.chunks = std::move(chunks);
    behaviour.hold = true;
    return behaviour;
  }
};

struct RecordedCall {
  ModelRef model;
  ProviderCredential credential;
  ChatRequest request;
  std::string base_url;
};

class FakeProviderCaller final : public ProviderCaller {
 public:
  void script(const std::string& model, std::vector<Behaviour> behaviours) {
    std::lock_guard lock(mutex_);
    for (auto& behaviour : behaviours) script_[model].push_back(std::move(behaviour));
  }

  std::vector<RecordedCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::vector<std::string> called_models() const {
    std::vector<std::string> models;
    for (const auto& call : calls()) models.push_back(call.model.to_string());
    return models;
  }
  int cancels() const {
    std::lock_guard lock(mutex_);
    return cancels_;
  }

  // Finishes the held attempt with `outcome` (from the calling thread).
  void complete_held(ChatOutcome outcome) {
    std::shared_ptr<Held> held;
    {
      std::lock_guard lock(mutex_);
      held = std::exchange(held_, nullptr);
    }
    if (held && held->handlers.on_done) held->handlers.on_done(std::move(outcome));
  }
  // Streams more text from the held attempt.
  void stream_held(std::string_view text) {
    std::shared_ptr<Held> held;
    {
      std::lock_guard lock(mutex_);
      held = held_;
    }
    if (held && held->handlers.on_text) held->handlers.on_text(text);
  }
  bool holding() const {
    std::lock_guard lock(mutex_);
    return held_ != nullptr;
  }

  std::shared_ptr<ModelCall> call(const ProviderEndpoint& endpoint, const ChatRequest& request,
                                  const ProviderCredential& credential,
                                  ModelCallHandlers handlers) override {
    Behaviour behaviour;
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({request.model, credential, request, endpoint.base_url});
      auto& queue = script_[request.model.to_string()];
      if (queue.empty()) {
        behaviour = Behaviour::reply({"ok from " + request.model.to_string()});
      } else {
        behaviour = std::move(queue.front());
        queue.pop_front();
      }
    }
    for (const auto& chunk : behaviour.chunks) handlers.on_text(chunk);
    if (behaviour.hold) {
      auto held = std::make_shared<Held>();
      held->handlers = std::move(handlers);
      held->owner = this;
      held->cancel_completes = behaviour.cancel_completes;
      std::lock_guard lock(mutex_);
      held_ = held;
      return std::make_shared<HeldCall>(held);
    }
    if (behaviour.failure) {
      handlers.on_done(std::unexpected(*behaviour.failure));
    } else {
      ChatCompletion completion;
      completion.model = request.model;
      for (const auto& chunk : behaviour.chunks) completion.text += chunk;
      completion.usage = behaviour.usage;
      completion.stop_reason = "stop";
      handlers.on_done(std::move(completion));
    }
    return std::make_shared<NoopCall>();
  }

  std::shared_ptr<ModelCall> embed(const ProviderEndpoint&, const EmbeddingsRequest& request,
                                   const ProviderCredential& credential,
                                   EmbeddingsDone done) override {
    {
      std::lock_guard lock(mutex_);
      embed_requests_.push_back({request, credential});
    }
    EmbeddingsResult result;
    for (std::size_t i = 0; i < request.inputs.size(); ++i) result.vectors.push_back({0.5, 0.25});
    result.prompt_tokens = static_cast<std::int64_t>(request.inputs.size()) * 3;
    done(std::move(result));
    return std::make_shared<NoopCall>();
  }
  std::vector<std::pair<EmbeddingsRequest, ProviderCredential>> embed_requests() const {
    std::lock_guard lock(mutex_);
    return embed_requests_;
  }

 private:
  struct Held {
    ModelCallHandlers handlers;
    FakeProviderCaller* owner = nullptr;
    bool cancel_completes = true;
  };
  class NoopCall final : public ModelCall {
   public:
    void cancel() override {}
  };
  // Cancelling a held attempt completes it with Cancelled, as HttpsClient does.
  class HeldCall final : public ModelCall {
   public:
    explicit HeldCall(std::shared_ptr<Held> held) : held_(std::move(held)) {}
    void cancel() override {
      FakeProviderCaller* owner = held_->owner;
      {
        std::lock_guard lock(owner->mutex_);
        ++owner->cancels_;
        if (owner->held_ != held_ || !held_->cancel_completes)
          return;  // completed, or completes later
        owner->held_ = nullptr;
      }
      held_->handlers.on_done(
          std::unexpected(ModelFailure{FailureReason::Cancelled, 0, std::nullopt, "cancelled"}));
    }

   private:
    std::shared_ptr<Held> held_;
  };

  mutable std::mutex mutex_;
  std::map<std::string, std::deque<Behaviour>> script_;
  std::vector<RecordedCall> calls_;
  std::vector<std::pair<EmbeddingsRequest, ProviderCredential>> embed_requests_;
  std::shared_ptr<Held> held_;
  int cancels_ = 0;
};

class RecordingObserver final : public ModelCallObserver {
 public:
  struct Finished {
    std::string model;
    std::string outcome;
    double seconds;
  };
  struct Failover {
    std::string from;
    std::string to;
    FailureReason reason;
  };

  void call_finished(const ModelRef& model, std::string_view outcome, double seconds) override {
    std::lock_guard lock(mutex_);
    finished.push_back({model.to_string(), std::string(outcome), seconds});
  }
  void first_token(const ModelRef& model, double seconds) override {
    std::lock_guard lock(mutex_);
    first_tokens.emplace_back(model.to_string(), seconds);
  }
  void tokens(const ModelRef& model, std::string_view kind, std::int64_t count) override {
    std::lock_guard lock(mutex_);
    token_counts[model.to_string() + " " + std::string(kind)] += count;
  }
  void failover(const ModelRef& from, const ModelRef& to, FailureReason reason) override {
    std::lock_guard lock(mutex_);
    failovers.push_back({from.to_string(), to.to_string(), reason});
  }

  std::mutex mutex_;
  std::vector<Finished> finished;
  std::vector<std::pair<std::string, double>> first_tokens;
  std::map<std::string, std::int64_t> token_counts;
  std::vector<Failover> failovers;
};

// A steady clock that moves only when told to.
class ManualClock {
 public:
  using Clock = CooldownTracker::Clock;
  Clock::time_point now() const {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(Clock::duration by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }
  std::function<Clock::time_point()> function() {
    return [this] { return now(); };
  }

 private:
  mutable std::mutex mutex_;
  Clock::time_point now_ = Clock::time_point{} + std::chrono::hours(1000);
};

}  // namespace openclaw::providers::testing
