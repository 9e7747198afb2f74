#include "agents/agent_runtime.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <thread>

#include "core/config/model.h"

namespace openclaw::agents {
namespace {

namespace asio = boost::asio;
using providers::ChatOutcome;
using providers::ModelCall;
using providers::ModelCallHandlers;

// A provider that answers "hello world" in two pieces, or (hang = true) streams one piece
// and then waits until it is cancelled, as a stalled upstream would.
class ScriptedCall : public ModelCall {
 public:
  explicit ScriptedCall(ModelCallHandlers handlers) : handlers_(std::move(handlers)) {}
  void cancel() override {
    cancelled = true;
    finish(std::unexpected(providers::ModelFailure{.reason = providers::FailureReason::Cancelled}));
  }
  void finish(ChatOutcome outcome) {
    if (done_.exchange(true)) return;
    handlers_.on_done(std::move(outcome));
  }
  ModelCallHandlers handlers_;
  std::atomic<bool> cancelled{false};

 private:
  std::atomic<bool> done_{false};
};

class ScriptedCaller : public providers::ProviderCaller {
 public:
  std::shared_ptr<ModelCall> call(const providers::ProviderEndpoint&, const providers::ChatRequest& request,
                                  const providers::ProviderCredential&, ModelCallHandlers handlers) override {
    auto call = std::make_shared<ScriptedCall>(std::move(handlers));
    {
      std::lock_guard lock(mutex);
      requests.push_back(request);
      calls.push_back(call);
    }
    call->handlers_.on_text("hello ");
    if (hang) return call;
    call->handlers_.on_text("world");
    providers::ChatCompletion completion;
    completion.model = request.model;
    completion.text = "hello world";
    completion.usage.input = 5;
    completion.usage.output = 2;
    completion.stop_reason = "stop";
    call->finish(completion);
    return call;
  }
  std::shared_ptr<ModelCall> embed(const providers::ProviderEndpoint&, const providers::EmbeddingsRequest&,
                                   const providers::ProviderCredential&, EmbeddingsDone done) override {
    done(std::unexpected(providers::ModelFailure{.reason = providers::FailureReason::BadRequest}));
    return nullptr;
  }

  std::mutex mutex;
  std::vector<providers::ChatRequest> requests;
  std::vector<std::shared_ptr<ScriptedCall>> calls;
  std::atomic<bool> hang{false};
};

class NullObserver : public providers::ModelCallObserver {
 public:
  void call_finished(const providers::ModelRef&, std::string_view, double) override {}
  void first_token(const providers::ModelRef&, double) override {}
  void tokens(const providers::ModelRef&, std::string_view, std::int64_t) override {}
  void failover(const providers::ModelRef&, const providers::ModelRef&, providers::FailureReason) override {}
};

class AgentRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("agent-runtime-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    use_config(R"({"agents":{"defaults":{"model":"openai/gpt-test"}}})");
    Environment env({{"OPENAI_API_KEY", "sk-test-not-a-real-key"}, {"HOME", root_.string()}});
    caller_ = std::make_shared<ScriptedCaller>();
    auto credentials = std::make_shared<providers::CredentialResolver>(state::StateLayout(root_), env, root_);
    router_ = std::make_shared<providers::ModelRouter>(caller_, credentials,
                                                       std::make_shared<providers::CooldownTracker>(), observer_,
                                                       log::Logger(), env, root_);
    sessions_ = std::make_shared<SessionStore>(state::StateLayout(root_));
    runtime_ = std::make_unique<AgentRuntime>([this] { return current_config(); }, state::StateLayout(root_), sessions_,
                                              router_, io_, log::Logger());
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    runtime_.reset();
    work_.reset();
    io_.stop();
    thread_.join();
    // The calls the scripted caller keeps for assertions hold the router's attempts, which
    // hold the caller: without this, the fixture itself would leak under LeakSanitizer.
    caller_->calls.clear();
    std::filesystem::remove_all(root_);
  }

  void use_config(const std::string& text) {
    auto parsed = config::from_json(nlohmann::json::parse(text));
    ASSERT_TRUE(parsed.has_value());
    std::lock_guard lock(config_mutex_);
    config_ = std::make_shared<const config::Config>(*parsed);
  }
  std::shared_ptr<const config::Config> current_config() {
    std::lock_guard lock(config_mutex_);
    return config_;
  }

  RunRequest request(std::string run_id, std::string message = "hi") {
    RunRequest request;
    request.run_id = std::move(run_id);
    request.session = SessionKey{"main", "main"};
    request.message = std::move(message);
    return request;
  }

  // Starts a run and waits for its outcome, collecting the deltas.
  RunOutcome run(RunRequest request, std::vector<std::string>* deltas = nullptr) {
    std::promise<RunOutcome> done;
    RunCallbacks callbacks;
    callbacks.on_delta = [deltas](std::string_view delta, const std::string&) {
      if (deltas) deltas->emplace_back(delta);
    };
    callbacks.on_done = [&done](const RunOutcome& outcome) { done.set_value(outcome); };
    EXPECT_EQ(runtime_->start(std::move(request), callbacks), StartResult::Started);
    auto future = done.get_future();
    EXPECT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    return future.get();
  }

  std::filesystem::path root_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::thread thread_;
  std::mutex config_mutex_;
  std::shared_ptr<const config::Config> config_;
  NullObserver observer_;
  std::shared_ptr<ScriptedCaller> caller_;
  std::shared_ptr<providers::ModelRouter> router_;
  std::shared_ptr<SessionStore> sessions_;
  std::unique_ptr<AgentRuntime> runtime_;
};

TEST_F(AgentRuntimeTest, StreamsTheAnswerAndRecordsBothTurns) {
  std::vector<std::string> deltas;
  RunOutcome outcome = run(request("run-1", "what is up"), &deltas);

  EXPECT_EQ(outcome.status, RunOutcome::Status::Ok);
  EXPECT_EQ(outcome.text, "hello world");
  EXPECT_EQ(deltas, (std::vector<std::string>{"hello ", "world"}));
  ASSERT_TRUE(outcome.model.has_value());
  EXPECT_EQ(outcome.model->to_string(), "openai/gpt-test");
  EXPECT_EQ(outcome.session_key, "agent:main:main");
  EXPECT_FALSE(outcome.session_id.empty());

  auto history = sessions_->history(SessionKey{"main", "main"}, 10);
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].text, "what is up");
  EXPECT_EQ((*history)[1].text, "hello world");
  EXPECT_EQ((*history)[1].role, providers::Role::Assistant);
}

TEST_F(AgentRuntimeTest, SendsEarlierTurnsToTheModel) {
  run(request("run-1", "first"));
  run(request("run-2", "second"));
  ASSERT_EQ(caller_->requests.size(), 2u);
  const auto& messages = caller_->requests[1].messages;
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].text, "first");
  EXPECT_EQ(messages[1].text, "hello world");
  EXPECT_EQ(messages[2].text, "second");
}

TEST_F(AgentRuntimeTest, SameRunIdIsInFlightThenFinishedAndNotSentTwice) {
  caller_->hang = true;
  RunCallbacks ignore;
  ASSERT_EQ(runtime_->start(request("dup"), ignore), StartResult::Started);
  EXPECT_EQ(runtime_->start(request("dup"), ignore), StartResult::InFlight);
  ASSERT_EQ(runtime_->abort_run("dup"), true);

  std::promise<std::optional<RunOutcome>> waited;
  runtime_->wait("dup", std::chrono::seconds(5), [&](std::optional<RunOutcome> outcome) { waited.set_value(outcome); });
  auto outcome = waited.get_future().get();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->status, RunOutcome::Status::Aborted);
  EXPECT_EQ(runtime_->start(request("dup"), ignore), StartResult::Finished);
  EXPECT_EQ(caller_->requests.size(), 1u);
}

TEST_F(AgentRuntimeTest, RemembersOnlyTheNewestFinishedRuns) {
  // One more than the cap, plus one whose ending may still be in flight when the next starts.
  const std::size_t runs = AgentRuntime::kMaxFinishedRuns + 2;
  for (std::size_t i = 0; i < runs; ++i) {
    RunRequest stateless = request("cap-" + std::to_string(i));
    stateless.persist = false;
    ASSERT_EQ(run(std::move(stateless)).status, RunOutcome::Status::Ok);
  }
  RunCallbacks ignore;
  RunRequest newest = request("cap-" + std::to_string(runs - 1));
  newest.persist = false;
  EXPECT_EQ(runtime_->start(std::move(newest), ignore), StartResult::Finished);
  RunRequest oldest = request("cap-0");
  oldest.persist = false;
  EXPECT_EQ(runtime_->start(std::move(oldest), ignore), StartResult::Started) << "the oldest run was not forgotten";
}

TEST_F(AgentRuntimeTest, AbortBySessionCancelsTheUpstreamCallAndKeepsThePartialText) {
  caller_->hang = true;
  std::promise<RunOutcome> done;
  RunCallbacks callbacks;
  std::promise<void> first_delta;
  callbacks.on_delta = [&first_delta](std::string_view, const std::string&) { first_delta.set_value(); };
  callbacks.on_done = [&done](const RunOutcome& outcome) { done.set_value(outcome); };
  ASSERT_EQ(runtime_->start(request("abort-me"), callbacks), StartResult::Started);
  ASSERT_EQ(first_delta.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);

  auto aborted = runtime_->abort(SessionKey{"main", "main"}, std::nullopt);
  EXPECT_EQ(aborted, (std::vector<std::string>{"abort-me"}));
  RunOutcome outcome = done.get_future().get();
  EXPECT_EQ(outcome.status, RunOutcome::Status::Aborted);
  EXPECT_EQ(outcome.text, "hello ");
  EXPECT_TRUE(caller_->calls.at(0)->cancelled);
  EXPECT_EQ(runtime_->active_runs(), 0u);

  auto entry = sessions_->find(SessionKey{"main", "main"});
  ASSERT_TRUE(entry.has_value());
  EXPECT_TRUE(entry->aborted_last_run);
}

TEST_F(AgentRuntimeTest, TimeoutEndsAHangingRun) {
  caller_->hang = true;
  RunRequest timed = request("slow");
  timed.timeout = std::chrono::milliseconds(100);
  RunOutcome outcome = run(std::move(timed));
  EXPECT_EQ(outcome.status, RunOutcome::Status::Timeout);
  EXPECT_EQ(outcome.error_kind, "timeout");
  EXPECT_TRUE(caller_->calls.at(0)->cancelled);
}

TEST_F(AgentRuntimeTest, NoConfiguredModelIsAClearErrorAndNothingIsSent) {
  use_config(R"({})");
  RunOutcome outcome = run(request("no-model"));
  EXPECT_EQ(outcome.status, RunOutcome::Status::Error);
  EXPECT_NE(outcome.error_message.find("agents.defaults.model"), std::string::npos) << outcome.error_message;
  EXPECT_TRUE(caller_->requests.empty());
}

TEST_F(AgentRuntimeTest, ModelOverrideReplacesTheAgentsModel) {
  RunRequest overridden = request("override");
  overridden.model_override = providers::ModelRef{"openai", "gpt-other"};
  RunOutcome outcome = run(std::move(overridden));
  ASSERT_EQ(caller_->requests.size(), 1u);
  EXPECT_EQ(caller_->requests[0].model.model, "gpt-other");
  EXPECT_EQ(outcome.status, RunOutcome::Status::Ok);
}

TEST_F(AgentRuntimeTest, StatelessRunWritesNothing) {
  RunRequest stateless = request("stateless");
  stateless.persist = false;
  stateless.history_override = std::vector<providers::ChatMessage>{{providers::Role::User, "earlier"}};
  RunOutcome outcome = run(std::move(stateless));
  EXPECT_EQ(outcome.status, RunOutcome::Status::Ok);
  EXPECT_FALSE(sessions_->find(SessionKey{"main", "main"}).has_value());
  ASSERT_EQ(caller_->requests.size(), 1u);
  EXPECT_EQ(caller_->requests[0].messages.size(), 2u);
}

TEST_F(AgentRuntimeTest, WaitOnAnUnknownRunAnswersAtOnceAndOnARunningOneTimesOut) {
  std::promise<std::optional<RunOutcome>> unknown;
  runtime_->wait("nope", std::chrono::seconds(5), [&](std::optional<RunOutcome> o) { unknown.set_value(o); });
  EXPECT_FALSE(unknown.get_future().get().has_value());

  caller_->hang = true;
  RunCallbacks ignore;
  ASSERT_EQ(runtime_->start(request("long"), ignore), StartResult::Started);
  std::promise<std::optional<RunOutcome>> timed_out;
  runtime_->wait("long", std::chrono::milliseconds(50), [&](std::optional<RunOutcome> o) { timed_out.set_value(o); });
  EXPECT_FALSE(timed_out.get_future().get().has_value());
  runtime_->abort_run("long");
}

}  // namespace
}  // namespace openclaw::agents
