// The chat, agent and sessions handlers as the method table holds them, on a gateway whose
// agents are not wired: every one is advertised, bad params are still named, and a valid
// call answers UNAVAILABLE instead of touching a missing runtime.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <mutex>

#include "server/gateway_context.h"
#include "server/rpc/method_table.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

class AnswerRecorder : public ClientConnection {
 public:
  AnswerRecorder() {
    identity_.conn_id = "c1";
    identity_.role = "operator";
    identity_.scopes = {"operator.admin"};
  }
  const ConnectionIdentity& identity() const override { return identity_; }
  void send(std::string frame, bool) override {
    std::lock_guard lock(mutex_);
    frames_.push_back(json::parse(frame));
  }
  void close(std::uint16_t, std::string) override {}
  json last() const {
    std::lock_guard lock(mutex_);
    return frames_.empty() ? json() : frames_.back();
  }

 private:
  ConnectionIdentity identity_;
  mutable std::mutex mutex_;
  std::vector<json> frames_;
};

class AgentRpcMethodsTest : public ::testing::Test {
 protected:
  AgentRpcMethodsTest()
      : state_(std::filesystem::temp_directory_path() / ("agent-rpc-methods-" + std::to_string(::getpid()))),
        context_(io_, std::make_shared<RuntimeSettings>(), log::Logger(),
                 pairing::DeviceStore::open(state::StateLayout(state_)).value(), pairing::GatewayIdentity{}) {}
  ~AgentRpcMethodsTest() override { std::filesystem::remove_all(state_); }

  json call(const std::string& method, const json& params) {
    const MethodHandler* handler = table_.find(method);
    EXPECT_NE(handler, nullptr) << method;
    if (!handler) return json();
    RpcReply reply(connection_, "req-1", method, context_);
    (*handler)(context_, RpcCall{connection_, connection_->identity(), params}, reply);
    return connection_->last();
  }

  std::filesystem::path state_;
  boost::asio::io_context io_;
  GatewayContext context_;
  MethodTable table_ = build_method_table();
  std::shared_ptr<AnswerRecorder> connection_ = std::make_shared<AnswerRecorder>();
};

TEST_F(AgentRpcMethodsTest, EveryMethodIsAdvertised) {
  const auto& names = table_.names();
  for (const char* method : {"chat.send", "chat.history", "chat.abort", "agent", "agent.wait", "sessions.list",
                             "sessions.preview", "sessions.reset", "sessions.delete", "models.list"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), method), names.end()) << method;
  }
  const auto& events = gateway_events();
  EXPECT_NE(std::find(events.begin(), events.end(), "chat"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "agent"), events.end());
}

TEST_F(AgentRpcMethodsTest, WithoutAgentsValidCallsAreUnavailable) {
  ASSERT_FALSE(context_.has_agents());
  const std::vector<std::pair<std::string, json>> calls = {
      {"chat.send", {{"sessionKey", "main"}, {"message", "hi"}, {"idempotencyKey", "k"}}},
      {"chat.history", {{"sessionKey", "main"}}},
      {"chat.abort", {{"sessionKey", "main"}}},
      {"agent", {{"message", "hi"}, {"idempotencyKey", "k"}}},
      {"agent.wait", {{"runId", "k"}}},
      {"sessions.list", json::object()},
      {"sessions.preview", {{"keys", {"main"}}}},
      {"sessions.reset", {{"key", "main"}}},
      {"sessions.delete", {{"key", "agent:main:work"}}},
  };
  for (const auto& [method, params] : calls) {
    const json answer = call(method, params);
    EXPECT_EQ(answer["ok"], false) << method;
    EXPECT_EQ(answer["error"]["code"], "UNAVAILABLE") << method;
  }
}

TEST_F(AgentRpcMethodsTest, BadParamsAreNamedFirst) {
  const json answer = call("chat.send", {{"sessionKey", "main"}, {"message", "hi"}});
  EXPECT_EQ(answer["error"]["code"], "INVALID_REQUEST");
  EXPECT_EQ(answer["error"]["message"], "invalid chat.send params: must have required property 'idempotencyKey'");
}

}  // namespace
}  // namespace openclaw::server
