// make_http_provider_caller against a scripted HttpsClient: the wire adapter's request goes
// out with the caller's timeouts, and what comes back (status, body pieces, transport errors)
// turns into text, a completion or a classified failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "providers/model_router.h"

namespace openclaw::providers {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

// Records the request and keeps its handlers; the test plays the server.
class ScriptedHttpsClient final : public HttpsClient {
 public:
  class Call final : public HttpCall {
   public:
    void cancel() override { ++cancels; }
    int cancels = 0;
  };

  std::shared_ptr<HttpCall> start(OutgoingRequest request, ResponseHandlers handlers) override {
    last_request = std::move(request);
    this->handlers = std::move(handlers);
    last_call = std::make_shared<Call>();
    return last_call;
  }
  std::size_t idle_connections() const override { return 0; }

  void respond(int status, std::map<std::string, std::string> headers,
               std::vector<std::string> body_pieces) {
    handlers.on_head(ResponseHead{status, std::move(headers)});
    for (const auto& piece : body_pieces) handlers.on_body(piece);
    handlers.on_complete(std::nullopt);
  }

  OutgoingRequest last_request;
  ResponseHandlers handlers;
  std::shared_ptr<Call> last_call;
};

ProviderEndpoint openai_endpoint() {
  ProviderEndpoint endpoint;
  endpoint.provider_id = "openai";
  endpoint.base_url = "https://api.openai.com/v1";
  endpoint.api = WireApi::OpenAiCompletions;
  return endpoint;
}

ChatRequest chat_request() {
  ChatRequest request;
  request.model = ModelRef{"openai", "gpt-4o"};
  request.messages = {{Role::User, "hi"}};
  return request;
}

struct Result {
  std::string text;
  std::vector<ChatOutcome> outcomes;
  ModelCallHandlers handlers() {
    return {[this](std::string_view piece) { text += piece; },
            [this](ChatOutcome outcome) { outcomes.push_back(std::move(outcome)); }};
  }
};

class HttpProviderCallerTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedHttpsClient> client_ = std::make_shared<ScriptedHttpsClient>();
  HttpTimeouts timeouts_{.connect = 1s, .first_byte = 2s, .idle = 3s};
  std::shared_ptr<ProviderCaller> caller_ = make_http_provider_caller(client_, timeouts_);
  ProviderCredential credential_{"sk-test-key", "openai:default", "test"};
};

TEST_F(HttpProviderCallerTest, SendsTheAdaptersRequestWithTheCallersTimeouts) {
  Result result;
  caller_->call(openai_endpoint(), chat_request(), credential_, result.handlers());
  const OutgoingRequest& sent = client_->last_request;
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://api.openai.com/v1/chat/completions");
  EXPECT_THAT(sent.headers, ::testing::Contains(Pair("Authorization", "Bearer sk-test-key")));
  EXPECT_THAT(sent.body, HasSubstr("\"gpt-4o\""));
  EXPECT_EQ(sent.timeouts.connect, 1s);
  EXPECT_EQ(sent.timeouts.first_byte, 2s);
  EXPECT_EQ(sent.timeouts.idle, 3s);
}

TEST_F(HttpProviderCallerTest, TheProvidersTimeoutReplacesTheWaitingLimits) {
  Result result;
  ProviderEndpoint endpoint = openai_endpoint();
  endpoint.timeout = 500ms;  // models.providers.<id>.timeoutSeconds: 0.5
  caller_->call(endpoint, chat_request(), credential_, result.handlers());
  EXPECT_EQ(client_->last_request.timeouts.first_byte, 500ms);
  EXPECT_EQ(client_->last_request.timeouts.idle, 500ms);
  EXPECT_EQ(client_->last_request.timeouts.connect, 500ms) << "a shorter timeout caps the connect limit";

  endpoint.timeout = 300s;
  caller_->call(endpoint, chat_request(), credential_, result.handlers());
  EXPECT_EQ(client_->last_request.timeouts.first_byte, 300s);
  EXPECT_EQ(client_->last_request.timeouts.idle, 300s);
  EXPECT_EQ(client_->last_request.timeouts.connect, 1s) << "a longer one leaves connecting as it was";
}

TEST_F(HttpProviderCallerTest, StreamsTextAndCompletes) {
  Result result;
  caller_->call(openai_endpoint(), chat_request(), credential_, result.handlers());
  client_->respond(
      200, {{"content-type", "text/event-stream"}},
      {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n",
       "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"st",
       "op\"}]}\n\ndata: "
       "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n",
       "data: [DONE]\n\n"});
  ASSERT_EQ(result.outcomes.size(), 1u);
  ASSERT_TRUE(result.outcomes[0]) << result.outcomes[0].error().message;
  EXPECT_EQ(result.text, "Hello");
  EXPECT_EQ(result.outcomes[0]->text, "Hello");
  EXPECT_EQ(result.outcomes[0]->stop_reason, "stop");
  EXPECT_EQ(result.outcomes[0]->usage.input, 5);
  EXPECT_EQ(result.outcomes[0]->usage.output, 2);
}

TEST_F(HttpProviderCallerTest, RateLimitIsClassifiedWithRetryAfter) {
  Result result;
  caller_->call(openai_endpoint(), chat_request(), credential_, result.handlers());
  client_->respond(429, {{"retry-after", "7"}, {"content-type", "application/json"}},
                   {R"({"error":{"message":"Rate limit reached","type":"rate_limit_exceeded"}})"});
  ASSERT_EQ(result.outcomes.size(), 1u);
  ASSERT_FALSE(result.outcomes[0]);
  const ModelFailure& failure = result.outcomes[0].error();
  EXPECT_EQ(failure.reason, FailureReason::RateLimit);
  EXPECT_EQ(failure.http_status, 429);
  EXPECT_EQ(failure.retry_after, std::chrono::milliseconds(7000));
  EXPECT_THAT(failure.message, HasSubstr("openai"));
  EXPECT_THAT(failure.message, Not(HasSubstr("sk-test-key")));
  EXPECT_TRUE(result.text.empty());
}

TEST_F(HttpProviderCallerTest, ServerErrorAndTransportFailures) {
  Result server_error;
  caller_->call(openai_endpoint(), chat_request(), credential_, server_error.handlers());
  client_->respond(503, {}, {"upstream unavailable"});
  ASSERT_EQ(server_error.outcomes.size(), 1u);
  ASSERT_FALSE(server_error.outcomes[0]);
  EXPECT_EQ(server_error.outcomes[0].error().reason, FailureReason::ServerError);

  Result timeout;
  caller_->call(openai_endpoint(), chat_request(), credential_, timeout.handlers());
  client_->handlers.on_complete(
      TransportError{TransportErrorKind::Timeout, "api.openai.com:443: first byte timeout"});
  ASSERT_EQ(timeout.outcomes.size(), 1u);
  ASSERT_FALSE(timeout.outcomes[0]);
  EXPECT_EQ(timeout.outcomes[0].error().reason, FailureReason::Timeout);

  Result refused;
  caller_->call(openai_endpoint(), chat_request(), credential_, refused.handlers());
  client_->handlers.on_complete(
      TransportError{TransportErrorKind::ConnectFailed, "api.openai.com:443: refused"});
  ASSERT_FALSE(refused.outcomes.at(0));
  EXPECT_EQ(refused.outcomes[0].error().reason, FailureReason::Network);
}

TEST_F(HttpProviderCallerTest, AStreamCutMidwayKeepsTheTextAndFails) {
  Result result;
  caller_->call(openai_endpoint(), chat_request(), credential_, result.handlers());
  client_->handlers.on_head(ResponseHead{200, {{"content-type", "text/event-stream"}}});
  client_->handlers.on_body(
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n");
  client_->handlers.on_complete(
      TransportError{TransportErrorKind::ConnectionReset, "api.openai.com:443: reset"});
  EXPECT_EQ(result.text, "Hel");
  ASSERT_EQ(result.outcomes.size(), 1u);
  ASSERT_FALSE(result.outcomes[0]);
  EXPECT_EQ(result.outcomes[0].error().reason, FailureReason::Network);
}

TEST_F(HttpProviderCallerTest, CancelCancelsTheHttpCall) {
  Result result;
  auto call = caller_->call(openai_endpoint(), chat_request(), credential_, result.handlers());
  call->cancel();
  EXPECT_EQ(client_->last_call->cancels, 1);
  client_->handlers.on_complete(TransportError{TransportErrorKind::Cancelled, "cancelled"});
  ASSERT_EQ(result.outcomes.size(), 1u);
  ASSERT_FALSE(result.outcomes[0]);
  EXPECT_EQ(result.outcomes[0].error().reason, FailureReason::Cancelled);
}

TEST_F(HttpProviderCallerTest, Embeddings) {
  std::vector<std::expected<EmbeddingsResult, ModelFailure>> results;
  caller_->embed(openai_endpoint(), EmbeddingsRequest{"text-embedding-3-small", {"a", "b"}},
                 credential_, [&](std::expected<EmbeddingsResult, ModelFailure> result) {
                   results.push_back(std::move(result));
                 });
  EXPECT_EQ(client_->last_request.url, "https://api.openai.com/v1/embeddings");
  EXPECT_EQ(client_->last_request.timeouts.first_byte, 2s);
  client_->respond(200, {{"content-type", "application/json"}},
                   {R"({"data":[{"index":1,"embedding":[0.5,0.25]},)",
                    R"({"index":0,"embedding":[1,2]}],)", R"("usage":{"prompt_tokens":4}})"});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0]) << results[0].error().message;
  ASSERT_EQ(results[0]->vectors.size(), 2u);
  EXPECT_EQ(results[0]->vectors[0], (std::vector<double>{1, 2}));
  EXPECT_EQ(results[0]->prompt_tokens, 4);

  caller_->embed(openai_endpoint(), EmbeddingsRequest{"text-embedding-3-small", {"a"}}, credential_,
                 [&](std::expected<EmbeddingsResult, ModelFailure> result) {
                   results.push_back(std::move(result));
                 });
  client_->respond(
      401, {},
      {R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})"});
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().reason, FailureReason::Auth);

  caller_->embed(openai_endpoint(), EmbeddingsRequest{"text-embedding-3-small", {"a"}}, credential_,
                 [&](std::expected<EmbeddingsResult, ModelFailure> result) {
                   results.push_back(std::move(result));
                 });
  client_->respond(200, {}, {"not json"});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().reason, FailureReason::Network);
  EXPECT_THAT(results[2].error().message, HasSubstr("text-embedding-3-small"));
}

}  // namespace
}  // namespace openclaw::providers
