#include "server/rpc/run_event_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "server/gateway_context.h"

namespace openclaw::server {
namespace {

using agents::RunOutcome;
using nlohmann::json;

class RecordingConnection : public ClientConnection {
 public:
  RecordingConnection(std::string id, int protocol) {
    identity_.conn_id = std::move(id);
    identity_.role = "operator";
    identity_.scopes = {"operator.read"};
    identity_.protocol = protocol;
  }
  const ConnectionIdentity& identity() const override { return identity_; }
  void send(std::string frame, bool) override {
    std::lock_guard lock(mutex_);
    frames_.push_back(json::parse(frame));
  }
  void close(std::uint16_t, std::string) override {}

  // Payloads of `event` frames, in order.
  std::vector<json> events(std::string_view name) const {
    std::lock_guard lock(mutex_);
    std::vector<json> out;
    for (const auto& frame : frames_) {
      if (frame.value("event", "") == name) out.push_back(frame["payload"]);
    }
    return out;
  }
  std::size_t frame_count() const {
    std::lock_guard lock(mutex_);
    return frames_.size();
  }

 private:
  ConnectionIdentity identity_;
  mutable std::mutex mutex_;
  std::vector<json> frames_;
};

class RunEventStreamTest : public ::testing::Test {
 protected:
  RunEventStreamTest()
      : state_(std::filesystem::temp_directory_path() / ("run-event-stream-" + std::to_string(::getpid()))),
        context_(io_, std::make_shared<RuntimeSettings>(), log::Logger(),
                 pairing::DeviceStore::open(state::StateLayout(state_)).value(), pairing::GatewayIdentity{}) {
    context_.connections().add(v3_);
    context_.connections().add(v4_);
  }
  ~RunEventStreamTest() override { std::filesystem::remove_all(state_); }

  std::shared_ptr<RunEventStream> stream() {
    auto made = std::make_shared<RunEventStream>(context_, "run-1", "main", "agent:main:main");
    made->release();
    return made;
  }

  static RunOutcome outcome(RunOutcome::Status status, std::string text) {
    RunOutcome done;
    done.status = status;
    done.run_id = "run-1";
    done.text = std::move(text);
    done.started_at = 1000;
    done.ended_at = 2000;
    return done;
  }

  std::filesystem::path state_;
  boost::asio::io_context io_;
  GatewayContext context_;
  std::shared_ptr<RecordingConnection> v3_ = std::make_shared<RecordingConnection>("v3", 3);
  std::shared_ptr<RecordingConnection> v4_ = std::make_shared<RecordingConnection>("v4", 4);
};

TEST_F(RunEventStreamTest, NothingIsSentBeforeRelease) {
  auto held = std::make_shared<RunEventStream>(context_, "run-1", "main", "agent:main:main");
  held->on_delta("Hel", "Hel");
  EXPECT_EQ(v3_->frame_count(), 0u);
  held->release();
  const auto agent = v3_->events("agent");
  ASSERT_EQ(agent.size(), 2u);
  EXPECT_EQ(agent[0]["stream"], "lifecycle");
  EXPECT_EQ(agent[0]["data"]["phase"], "start");
  EXPECT_EQ(agent[0]["seq"], 1);
  EXPECT_EQ(agent[1]["stream"], "assistant");
  EXPECT_EQ(agent[1]["data"]["text"], "Hel");
  EXPECT_EQ(agent[1]["data"]["delta"], "Hel");
  EXPECT_EQ(agent[1]["sessionKey"], "agent:main:main");
}

TEST_F(RunEventStreamTest, DeltasAreThrottledAndTheRestIsFlushedBeforeTheFinal) {
  auto run = stream();
  run->on_delta("Hel", "Hel");   // sent: first delta
  run->on_delta("lo", "Hello");  // held back: within 150 ms
  std::this_thread::sleep_for(std::chrono::milliseconds(kChatDeltaIntervalMs + 20));
  run->on_delta(" wor", "Hello wor");  // sent: the window passed
  run->on_delta("ld", "Hello world");  // held back
  auto done = outcome(RunOutcome::Status::Ok, "Hello world");
  done.stop_reason = "stop";
  done.usage = {.input = 11, .output = 7};
  run->on_done(done);

  const auto chat = v3_->events("chat");
  ASSERT_EQ(chat.size(), 4u);
  EXPECT_EQ(chat[0]["state"], "delta");
  EXPECT_EQ(chat[0]["message"]["content"][0]["text"], "Hel");
  EXPECT_EQ(chat[1]["message"]["content"][0]["text"], "Hello wor");
  EXPECT_EQ(chat[2]["state"], "delta");
  EXPECT_EQ(chat[2]["message"]["content"][0]["text"], "Hello world");
  EXPECT_EQ(chat[3]["state"], "final");
  EXPECT_EQ(chat[3]["message"]["role"], "assistant");
  EXPECT_EQ(chat[3]["message"]["content"][0]["text"], "Hello world");
  EXPECT_EQ(chat[3]["stopReason"], "stop");
  EXPECT_EQ(chat[3]["usage"]["totalTokens"], 18);
  EXPECT_EQ(chat[3]["sessionKey"], "main");
  for (const auto& event : chat) {
    EXPECT_EQ(event["runId"], "run-1");
    EXPECT_FALSE(event.contains("deltaText")) << "v3 sockets never see deltaText";
  }

  // Chat events carry the seq of the agent event they belong to; the flush shares the final's.
  const auto agent = v3_->events("agent");
  ASSERT_EQ(agent.size(), 6u);  // start, 4 assistant, end
  EXPECT_EQ(agent.back()["data"]["phase"], "end");
  EXPECT_EQ(agent.back()["seq"], 6);
  EXPECT_EQ(chat[0]["seq"], 2);
  EXPECT_EQ(chat[1]["seq"], 4);
  EXPECT_EQ(chat[2]["seq"], 6);
  EXPECT_EQ(chat[3]["seq"], 6);

  // v4 sockets get deltaText; together they spell the whole answer.
  std::string spelled;
  for (const auto& event : v4_->events("chat")) {
    if (event["state"] != "delta") continue;
    ASSERT_TRUE(event.contains("deltaText"));
    spelled += event["deltaText"].get<std::string>();
  }
  EXPECT_EQ(spelled, "Hello world");
}

TEST_F(RunEventStreamTest, AbortSendsThePartialAnswer) {
  auto run = stream();
  run->on_delta("partial", "partial");
  run->on_done(outcome(RunOutcome::Status::Aborted, "partial"));
  const auto chat = v3_->events("chat");
  ASSERT_EQ(chat.size(), 2u);
  EXPECT_EQ(chat[1]["state"], "aborted");
  EXPECT_EQ(chat[1]["message"]["content"][0]["text"], "partial");
  const auto agent = v3_->events("agent");
  EXPECT_EQ(agent.back()["data"]["phase"], "end");
  EXPECT_EQ(agent.back()["data"]["aborted"], true);
}

TEST_F(RunEventStreamTest, ErrorsCarryTheMessageAndKind) {
  auto run = stream();
  auto failed = outcome(RunOutcome::Status::Error, "");
  failed.error_kind = "rate_limit";
  failed.error_message = "openai/gpt-4o: 429 rate limited";
  run->on_done(failed);
  const auto chat = v3_->events("chat");
  ASSERT_EQ(chat.size(), 1u);
  EXPECT_EQ(chat[0]["state"], "error");
  EXPECT_EQ(chat[0]["errorMessage"], "openai/gpt-4o: 429 rate limited");
  EXPECT_EQ(chat[0]["errorKind"], "rate_limit");
  EXPECT_FALSE(chat[0].contains("message"));
  const auto agent = v3_->events("agent");
  ASSERT_EQ(agent.size(), 2u);
  EXPECT_EQ(agent[1]["data"]["phase"], "error");
  EXPECT_EQ(agent[1]["data"]["error"], "openai/gpt-4o: 429 rate limited");
}

TEST_F(RunEventStreamTest, CallbacksRunTheFollowUpAfterTheLastEvents) {
  auto run = std::make_shared<RunEventStream>(context_, "run-1", "main", "agent:main:main");
  std::size_t frames_when_done = 0;
  auto callbacks = RunEventStream::callbacks(run, [&](const RunOutcome&) { frames_when_done = v3_->frame_count(); });
  run->release();
  callbacks.on_delta("ok", "ok");
  callbacks.on_done(outcome(RunOutcome::Status::Ok, "ok"));
  EXPECT_EQ(frames_when_done, v3_->frame_count());
  EXPECT_EQ(v3_->events("chat").back()["state"], "final");
}

TEST_F(RunEventStreamTest, AFollowUpOfARunThatEndedEarlyWaitsForRelease) {
  auto run = std::make_shared<RunEventStream>(context_, "run-1", "main", "agent:main:main");
  int follow_ups = 0;
  auto callbacks = RunEventStream::callbacks(run, [&](const RunOutcome&) { ++follow_ups; });
  auto failed = outcome(RunOutcome::Status::Error, "");
  failed.error_message = "No model is configured";
  callbacks.on_done(failed);
  EXPECT_EQ(follow_ups, 0);
  EXPECT_EQ(v3_->frame_count(), 0u);
  run->release();
  EXPECT_EQ(follow_ups, 1);
  ASSERT_EQ(v3_->events("chat").size(), 1u);
  EXPECT_EQ(v3_->events("chat")[0]["state"], "error");
}

}  // namespace
}  // namespace openclaw::server
