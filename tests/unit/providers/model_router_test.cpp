#include "providers/model_router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "../config/temp_dir.h"
#include "fake_provider_caller.h"

namespace openclaw::providers {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::Behaviour;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Environment env_of(std::map<std::string, std::string, std::less<>> vars) {
  return Environment(std::move(vars));
}

const json kDefaultConfig = {
    {"agents",
     {{"defaults",
       {{"model",
         {{"primary", "openai/gpt-x"},
          {"fallbacks", {"anthropic/claude-y", "openrouter/meta/llama-z"}}}},
        {"models",
         {{"anthropic/claude-y",
           {{"alias", "claude"}, {"params", {{"temperature", 0.2}, {"maxTokens", 512}}}}},
          {"openrouter/meta/llama-z", {{"streaming", false}}}}}}}}}};

const Environment kAllKeys({{"OPENAI_API_KEY", "sk-openai-secret"},
                            {"ANTHROPIC_API_KEY", "sk-ant-secret"},
                            {"OPENROUTER_API_KEY", "sk-or-secret"}});

struct Completion {
  std::mutex mutex;
  std::vector<ChatOutcome> outcomes;  // every on_done call
  std::string text;                   // everything on_text received

  ModelCallHandlers handlers() {
    return {[this](std::string_view piece) {
              std::lock_guard lock(mutex);
              text += piece;
            },
            [this](ChatOutcome outcome) {
              std::lock_guard lock(mutex);
              outcomes.push_back(std::move(outcome));
            }};
  }
  std::size_t done_count() {
    std::lock_guard lock(mutex);
    return outcomes.size();
  }
  const ChatOutcome& outcome() {
    EXPECT_EQ(outcomes.size(), 1u);
    return outcomes.front();
  }
};

class ModelRouterTest : public ::testing::Test {
 protected:
  void SetUp() override { use_config(kDefaultConfig, kAllKeys); }

  void use_config(const json& root, Environment env) {
    auto parsed = config::from_json(root);
    ASSERT_TRUE(parsed) << parsed.error().message;
    config_ = std::make_shared<const config::Config>(std::move(*parsed));
    log::LoggerOptions options;
    options.sink = std::make_shared<log::StreamSink>(log_);
    options.min_level = log::Level::debug;
    router_ = std::make_unique<ModelRouter>(
        caller_,
        std::make_shared<CredentialResolver>(state::StateLayout(dir_.path()), env, dir_.path()),
        cooldowns_, observer_, log::Logger(options), env, dir_.path());
    router_->set_clock(clock_.function());
  }

  RouteRequest request(std::string user_text = "hello") const {
    RouteRequest route;
    route.config = config_;
    route.agent_id = "main";
    route.selection = config_->agents.defaults.model.value_or(config::ModelSelection{});
    route.chat.system_prompt = "be brief";
    route.chat.messages = {{Role::User, std::move(user_text)}};
    return route;
  }

  // Runs one request to completion (the fake answers synchronously).
  std::shared_ptr<Completion> run(RouteRequest route) {
    auto completion = std::make_shared<Completion>();
    router_->run(std::move(route), completion->handlers());
    return completion;
  }
  std::shared_ptr<Completion> run() { return run(request()); }

  std::string log_text() const { return log_.str(); }

  config::testing::TempDir dir_;
  std::shared_ptr<testing::FakeProviderCaller> caller_ =
      std::make_shared<testing::FakeProviderCaller>();
  std::shared_ptr<CooldownTracker> cooldowns_ =
      std::make_shared<CooldownTracker>(CooldownPolicy{.initial = 30s, .max = 1h});
  testing::RecordingObserver observer_;
  testing::ManualClock clock_;
  std::ostringstream log_;
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<ModelRouter> router_;
};

TEST_F(ModelRouterTest, PrimaryAnswers) {
  auto completion = run();
  ASSERT_TRUE(completion->outcome()) << completion->outcome().error().message;
  EXPECT_EQ(completion->outcome()->model, (ModelRef{"openai", "gpt-x"}));
  EXPECT_EQ(completion->outcome()->text, "ok from openai/gpt-x");
  EXPECT_EQ(completion->text, "ok from openai/gpt-x");
  EXPECT_THAT(caller_->called_models(), ElementsAre("openai/gpt-x"));
  const auto calls = caller_->calls();
  EXPECT_EQ(calls[0].credential.api_key, "sk-openai-secret");
  EXPECT_EQ(calls[0].base_url, "https://api.openai.com/v1");
  EXPECT_EQ(calls[0].request.system_prompt, "be brief");
  ASSERT_EQ(calls[0].request.messages.size(), 1u);
  EXPECT_EQ(calls[0].request.messages[0].text, "hello");
  EXPECT_TRUE(observer_.failovers.empty());
}

TEST_F(ModelRouterTest, FallsBackInOrderOnRetryableFailures) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  caller_->script("anthropic/claude-y", {Behaviour::fail(FailureReason::ServerError, 503)});
  auto completion = run();
  ASSERT_TRUE(completion->outcome()) << completion->outcome().error().message;
  EXPECT_EQ(completion->outcome()->model, (ModelRef{"openrouter", "meta/llama-z"}));
  EXPECT_EQ(completion->text, "ok from openrouter/meta/llama-z");
  EXPECT_THAT(caller_->called_models(),
              ElementsAre("openai/gpt-x", "anthropic/claude-y", "openrouter/meta/llama-z"));

  ASSERT_EQ(observer_.failovers.size(), 2u);
  EXPECT_EQ(observer_.failovers[0].from, "openai/gpt-x");
  EXPECT_EQ(observer_.failovers[0].to, "anthropic/claude-y");
  EXPECT_EQ(observer_.failovers[0].reason, FailureReason::RateLimit);
  EXPECT_EQ(observer_.failovers[1].from, "anthropic/claude-y");
  EXPECT_EQ(observer_.failovers[1].reason, FailureReason::ServerError);

  const std::string log = log_text();
  EXPECT_THAT(log, HasSubstr("model failover: openai/gpt-x → anthropic/claude-y (rate_limit)"));
  EXPECT_THAT(
      log,
      HasSubstr("model failover: anthropic/claude-y → openrouter/meta/llama-z (server_error)"));
  EXPECT_THAT(log, HasSubstr("\"status\":429"));
  // Neither the request text nor a key reaches the log.
  EXPECT_THAT(log, Not(HasSubstr("hello")));
  EXPECT_THAT(log, Not(HasSubstr("sk-")));
}

TEST_F(ModelRouterTest, EveryFailoverReasonButCancelledMovesOn) {
  for (FailureReason reason :
       {FailureReason::LongContext, FailureReason::Overloaded, FailureReason::Timeout,
        FailureReason::Network, FailureReason::Auth, FailureReason::BadRequest}) {
    caller_->script("openai/gpt-x", {Behaviour::fail(reason)});
    auto completion = run();
    ASSERT_TRUE(completion->outcome()) << to_string(reason);
    EXPECT_EQ(completion->outcome()->model.provider, "anthropic") << to_string(reason);
    cooldowns_->record_success("openai");  // keep the primary in rotation for the next round
  }
}

TEST_F(ModelRouterTest, ReportsTheLastFailureWhenEveryModelFails) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  caller_->script("anthropic/claude-y", {Behaviour::fail(FailureReason::Overloaded, 529)});
  caller_->script("openrouter/meta/llama-z", {Behaviour::fail(FailureReason::Timeout)});
  auto completion = run();
  ASSERT_FALSE(completion->outcome());
  EXPECT_EQ(completion->outcome().error().reason, FailureReason::Timeout);
  EXPECT_EQ(completion->outcome().error().message, "scripted timeout");
}

TEST_F(ModelRouterTest, CoolingPrimaryIsSkippedThenRetriedAfterTheCooldown) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  ASSERT_TRUE(run()->outcome());  // answered by the fallback
  EXPECT_THAT(caller_->called_models(), ElementsAre("openai/gpt-x", "anthropic/claude-y"));

  clock_.advance(10s);
  auto while_cooling = run();
  ASSERT_TRUE(while_cooling->outcome());
  EXPECT_EQ(while_cooling->outcome()->model.provider, "anthropic");
  EXPECT_EQ(caller_->calls().size(), 3u);  // the primary was not called again
  EXPECT_EQ(caller_->calls().back().model.provider, "anthropic");
  // A skip is not a failover: nothing failed in this request.
  EXPECT_EQ(observer_.failovers.size(), 1u);

  clock_.advance(21s);  // 31 s after the failure: the 30 s cooldown is over
  auto after = run();
  ASSERT_TRUE(after->outcome());
  EXPECT_EQ(after->outcome()->model, (ModelRef{"openai", "gpt-x"}));
  EXPECT_EQ(caller_->calls().back().model.provider, "openai");
}

TEST_F(ModelRouterTest, RetryAfterSetsTheCooldownLength) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429, 120s)});
  ASSERT_TRUE(run()->outcome());
  clock_.advance(100s);  // past the 30 s default, inside Retry-After
  run();
  EXPECT_EQ(caller_->calls().back().model.provider, "anthropic");
  clock_.advance(21s);
  run();
  EXPECT_EQ(caller_->calls().back().model.provider, "openai");
}

TEST_F(ModelRouterTest, WhenEveryCandidateIsCoolingTheOneEndingFirstIsTried) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429, 300s)});
  caller_->script("anthropic/claude-y", {Behaviour::fail(FailureReason::RateLimit, 429, 20s)});
  caller_->script("openrouter/meta/llama-z", {Behaviour::fail(FailureReason::RateLimit, 429, 60s)});
  auto first = run();
  ASSERT_FALSE(first->outcome());
  EXPECT_EQ(first->outcome().error().reason, FailureReason::RateLimit);
  ASSERT_EQ(caller_->calls().size(), 3u);

  clock_.advance(5s);
  auto second = run();
  ASSERT_TRUE(second->outcome()) << second->outcome().error().message;
  EXPECT_EQ(second->outcome()->model.provider, "anthropic");
  EXPECT_EQ(caller_->calls().size(), 4u);  // only the soonest-free candidate
}

TEST_F(ModelRouterTest, NoFailoverOnceTextHasStreamed) {
  Behaviour partial = Behaviour::reply({"Hel", "lo"});
  partial.failure = ModelFailure{FailureReason::Network, 0, std::nullopt, "stream cut"};
  caller_->script("openai/gpt-x", {partial});
  auto completion = run();
  ASSERT_FALSE(completion->outcome());
  EXPECT_EQ(completion->outcome().error().reason, FailureReason::Network);
  EXPECT_EQ(completion->text, "Hello");
  EXPECT_THAT(caller_->called_models(), ElementsAre("openai/gpt-x"));
  EXPECT_TRUE(observer_.failovers.empty());
}

TEST_F(ModelRouterTest, ModelWithoutCredentialIsSkipped) {
  use_config(kDefaultConfig, env_of({{"ANTHROPIC_API_KEY", "sk-ant-secret"}}));
  auto completion = run();
  ASSERT_TRUE(completion->outcome()) << completion->outcome().error().message;
  EXPECT_EQ(completion->outcome()->model.provider, "anthropic");
  EXPECT_THAT(caller_->called_models(), ElementsAre("anthropic/claude-y"));
  ASSERT_EQ(observer_.failovers.size(), 1u);
  EXPECT_EQ(observer_.failovers[0].from, "openai/gpt-x");
  EXPECT_EQ(observer_.failovers[0].reason, FailureReason::MissingCredential);
  EXPECT_THAT(log_text(),
              HasSubstr("model failover: openai/gpt-x → anthropic/claude-y (missing_credential)"));
}

TEST_F(ModelRouterTest, EverySwitchIsCountedIncludingPastAModelWithoutCredentials) {
  use_config(kDefaultConfig, env_of({{"OPENAI_API_KEY", "sk-openai-secret"},
                                     {"OPENROUTER_API_KEY", "sk-or-secret"}}));
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  auto completion = run();
  ASSERT_TRUE(completion->outcome()) << completion->outcome().error().message;
  EXPECT_EQ(completion->outcome()->model.provider, "openrouter");
  EXPECT_THAT(caller_->called_models(), ElementsAre("openai/gpt-x", "openrouter/meta/llama-z"));
  ASSERT_EQ(observer_.failovers.size(), 2u);
  EXPECT_EQ(observer_.failovers[0].from, "openai/gpt-x");
  EXPECT_EQ(observer_.failovers[0].to, "anthropic/claude-y");
  EXPECT_EQ(observer_.failovers[0].reason, FailureReason::RateLimit);
  EXPECT_EQ(observer_.failovers[1].from, "anthropic/claude-y");
  EXPECT_EQ(observer_.failovers[1].to, "openrouter/meta/llama-z");
  EXPECT_EQ(observer_.failovers[1].reason, FailureReason::MissingCredential);
}

TEST_F(ModelRouterTest, AllCredentialsMissingReportsTheCredentialMessage) {
  use_config(kDefaultConfig, env_of({{"UNRELATED", "sk-unrelated-secret"}}));
  auto completion = run();
  ASSERT_FALSE(completion->outcome());
  const ModelFailure& failure = completion->outcome().error();
  EXPECT_EQ(failure.reason, FailureReason::MissingCredential);
  EXPECT_THAT(failure.message, HasSubstr("No API key found for provider \"openai\""));
  EXPECT_THAT(failure.message,
              HasSubstr((dir_.path() / "agents/main/agent/auth-profiles.json").string()));
  EXPECT_THAT(failure.message, HasSubstr("OPENAI_API_KEY"));
  EXPECT_THAT(failure.message, Not(HasSubstr("sk-")));
  EXPECT_TRUE(caller_->calls().empty());
}

TEST_F(ModelRouterTest, ASentFailureIsReportedOverALaterMissingCredential) {
  use_config(kDefaultConfig, env_of({{"OPENAI_API_KEY", "sk-openai-secret"}}));
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  auto completion = run();
  ASSERT_FALSE(completion->outcome());
  EXPECT_EQ(completion->outcome().error().reason, FailureReason::RateLimit);
}

TEST_F(ModelRouterTest, EachCredentialOfAModelIsTriedBeforeTheNextModel) {
  dir_.write(
      "agents/main/agent/auth-profiles.json",
      json({{"profiles",
             {{"openai:a", {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-a"}}},
              {"openai:b", {{"type", "api_key"}, {"provider", "openai"}, {"key", "sk-b"}}}}}})
          .dump());
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  auto completion = run();
  ASSERT_TRUE(completion->outcome());
  EXPECT_EQ(completion->outcome()->model.provider, "openai");
  const auto calls = caller_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].credential.profile_id, "openai:a");
  EXPECT_EQ(calls[1].credential.profile_id, "openai:b");
  // The failing profile cools down on its own; the next request starts with the other.
  EXPECT_TRUE(cooldowns_->cooling_until("openai/openai:a", clock_.now()));
  EXPECT_FALSE(cooldowns_->cooling_until("openai/openai:b", clock_.now()));
  run();
  EXPECT_EQ(caller_->calls().back().credential.profile_id, "openai:b");
}

TEST_F(ModelRouterTest, ModelParamsAndStreamingComeFromTheCatalog) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::ServerError, 500)});
  caller_->script("anthropic/claude-y", {Behaviour::fail(FailureReason::ServerError, 500)});
  ASSERT_TRUE(run()->outcome());
  const auto calls = caller_->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].request.params, json::object());
  EXPECT_EQ(calls[0].request.model, (ModelRef{"openai", "gpt-x"}));
  EXPECT_TRUE(calls[0].request.stream);
  EXPECT_EQ(calls[1].request.params, json({{"temperature", 0.2}, {"maxTokens", 512}}));
  EXPECT_EQ(calls[1].request.model, (ModelRef{"anthropic", "claude-y"}));
  EXPECT_FALSE(calls[2].request.stream);  // streaming: false in the catalog
}

TEST_F(ModelRouterTest, AgentCatalogEntriesRefineTheDefaults) {
  json root = kDefaultConfig;
  root["agents"]["list"] = json::array(
      {{{"id", "main"}, {"models", {{"openai/gpt-x", {{"params", {{"temperature", 0.9}}}}}}}}});
  root["agents"]["defaults"]["models"]["openai/gpt-x"] = {
      {"params", {{"temperature", 0.1}, {"topP", 0.5}}}};
  use_config(root, kAllKeys);
  ASSERT_TRUE(run()->outcome());
  EXPECT_EQ(caller_->calls()[0].request.params, json({{"temperature", 0.9}, {"topP", 0.5}}));
}

TEST_F(ModelRouterTest, AliasesAndInvalidReferences) {
  json root = kDefaultConfig;
  root["agents"]["defaults"]["model"] = {{"primary", "not-a-ref"}, {"fallbacks", {"Claude"}}};
  use_config(root, kAllKeys);
  auto completion = run();
  ASSERT_TRUE(completion->outcome()) << completion->outcome().error().message;
  EXPECT_EQ(completion->outcome()->model, (ModelRef{"anthropic", "claude-y"}));
  ASSERT_EQ(observer_.failovers.size(), 1u);
  EXPECT_EQ(observer_.failovers[0].reason, FailureReason::BadRequest);

  root["agents"]["defaults"]["model"] = {{"primary", "nothing-here"}};
  use_config(root, kAllKeys);
  auto invalid = run();
  ASSERT_FALSE(invalid->outcome());
  EXPECT_THAT(invalid->outcome().error().message, HasSubstr("\"nothing-here\""));
}

TEST_F(ModelRouterTest, NoModelConfigured) {
  use_config(json::object(), kAllKeys);
  auto completion = run();
  ASSERT_FALSE(completion->outcome());
  EXPECT_THAT(completion->outcome().error().message, HasSubstr("no model is configured"));
}

TEST_F(ModelRouterTest, CancelStopsTheAttemptAndCompletesCancelledOnce) {
  caller_->script("openai/gpt-x", {Behaviour::held({"partial"})});
  Completion completion;
  auto call = router_->run(request(), completion.handlers());
  ASSERT_TRUE(caller_->holding());
  EXPECT_EQ(completion.done_count(), 0u);
  call->cancel();
  call->cancel();
  ASSERT_EQ(completion.done_count(), 1u);
  ASSERT_FALSE(completion.outcome());
  EXPECT_EQ(completion.outcome().error().reason, FailureReason::Cancelled);
  EXPECT_EQ(caller_->cancels(), 1);
  EXPECT_THAT(caller_->called_models(), ElementsAre("openai/gpt-x"));  // no failover after a cancel
  call->cancel();  // after completion: nothing happens
  EXPECT_EQ(completion.done_count(), 1u);
  // A cancelled attempt does not cool the provider down.
  EXPECT_FALSE(cooldowns_->cooling_until("openai", clock_.now()));
}

TEST_F(ModelRouterTest, AnAnswerArrivingAfterCancelIsReportedAsCancelled) {
  Behaviour slow = Behaviour::held({"Hi"});
  slow.cancel_completes = false;
  caller_->script("openai/gpt-x", {slow});
  Completion completion;
  auto call = router_->run(request(), completion.handlers());
  call->cancel();
  EXPECT_EQ(completion.done_count(), 0u);  // the attempt has not reported yet
  caller_->stream_held(" there");          // text after the cancel is not passed on
  ChatCompletion late;
  late.text = "Hi there";
  caller_->complete_held(late);
  ASSERT_EQ(completion.done_count(), 1u);
  ASSERT_FALSE(completion.outcome());
  EXPECT_EQ(completion.outcome().error().reason, FailureReason::Cancelled);
  EXPECT_EQ(completion.text, "Hi");
}

TEST_F(ModelRouterTest, CancelRacingWithAnAnswerCompletesOnce) {
  for (int round = 0; round < 100; ++round) {
    caller_->script("openai/gpt-x", {Behaviour::held()});
    Completion completion;
    auto call = router_->run(request(), completion.handlers());
    std::thread racer([&] { caller_->complete_held(ChatCompletion{}); });
    call->cancel();
    racer.join();
    ASSERT_EQ(completion.done_count(), 1u) << "round " << round;
  }
}

TEST_F(ModelRouterTest, CallbacksFromOtherThreadsAndConcurrentCancels) {
  for (int round = 0; round < 200; ++round) {
    caller_->script("openai/gpt-x", {Behaviour::held()});
    Completion completion;
    auto call = router_->run(request(), completion.handlers());
    std::thread io([&] {
      caller_->stream_held("a");
      caller_->stream_held("b");
      if (round % 2 == 0) {
        caller_->complete_held(
            std::unexpected(ModelFailure{FailureReason::ServerError, 500, std::nullopt, "x"}));
      } else {
        caller_->complete_held(ChatCompletion{});
      }
    });
    if (round % 3 == 0) call->cancel();
    io.join();
    // Whatever interleaving: exactly one completion, and no fallback after streamed text.
    call->cancel();
    ASSERT_EQ(completion.done_count(), 1u) << "round " << round;
    for (const auto& recorded : caller_->calls()) ASSERT_EQ(recorded.model.provider, "openai");
    cooldowns_->record_success("openai");
  }
}

TEST_F(ModelRouterTest, ObserverSeesCallsFirstTokenAndTokens) {
  caller_->script("openai/gpt-x", {Behaviour::fail(FailureReason::RateLimit, 429)});
  caller_->script(
      "anthropic/claude-y",
      {Behaviour::reply({"a", "b", "c"},
                        TokenUsage{.input = 10, .output = 3, .cache_read = 7, .cache_write = 0})});
  ASSERT_TRUE(run()->outcome());
  ASSERT_EQ(observer_.finished.size(), 2u);
  EXPECT_EQ(observer_.finished[0].model, "openai/gpt-x");
  EXPECT_EQ(observer_.finished[0].outcome, "rate_limit");
  EXPECT_EQ(observer_.finished[1].model, "anthropic/claude-y");
  EXPECT_EQ(observer_.finished[1].outcome, "ok");
  ASSERT_EQ(observer_.first_tokens.size(), 1u);  // once per attempt, not per chunk
  EXPECT_EQ(observer_.first_tokens[0].first, "anthropic/claude-y");
  EXPECT_EQ(observer_.token_counts["anthropic/claude-y input"], 10);
  EXPECT_EQ(observer_.token_counts["anthropic/claude-y output"], 3);
  EXPECT_EQ(observer_.token_counts["anthropic/claude-y cache_read"], 7);
  EXPECT_FALSE(observer_.token_counts.contains("anthropic/claude-y cache_write"));
  ASSERT_EQ(observer_.failovers.size(), 1u);
}

TEST_F(ModelRouterTest, DurationsUseTheInjectedClock) {
  caller_->script("openai/gpt-x", {Behaviour::held()});
  Completion completion;
  router_->run(request(), completion.handlers());
  clock_.advance(1500ms);
  caller_->stream_held("first");
  clock_.advance(2s);
  caller_->complete_held(ChatCompletion{});
  ASSERT_EQ(observer_.first_tokens.size(), 1u);
  EXPECT_DOUBLE_EQ(observer_.first_tokens[0].second, 1.5);
  ASSERT_EQ(observer_.finished.size(), 1u);
  EXPECT_DOUBLE_EQ(observer_.finished[0].seconds, 3.5);
}

TEST_F(ModelRouterTest, EmbeddingsUseTheProvidersCredential) {
  std::optional<std::expected<EmbeddingsResult, ModelFailure>> result;
  router_->embed(config_, "main", ModelRef{"openai", "text-embedding-3-small"}, {"a", "b"},
                 [&](std::expected<EmbeddingsResult, ModelFailure> r) { result = std::move(r); });
  ASSERT_TRUE(result);
  ASSERT_TRUE(*result);
  EXPECT_EQ((*result)->vectors.size(), 2u);
  const auto requests = caller_->embed_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].first.model, "text-embedding-3-small");
  EXPECT_EQ(requests[0].second.api_key, "sk-openai-secret");
  EXPECT_EQ(observer_.token_counts["openai/text-embedding-3-small input"], 6);

  use_config(kDefaultConfig, Environment{});
  std::optional<std::expected<EmbeddingsResult, ModelFailure>> missing;
  router_->embed(config_, "main", ModelRef{"openai", "text-embedding-3-small"}, {"a"},
                 [&](std::expected<EmbeddingsResult, ModelFailure> r) { missing = std::move(r); });
  ASSERT_TRUE(missing);
  ASSERT_FALSE(*missing);
  EXPECT_EQ(missing->error().reason, FailureReason::MissingCredential);
  EXPECT_THAT(missing->error().message, HasSubstr("No API key found for provider \"openai\""));
}

}  // namespace
}  // namespace openclaw::providers
