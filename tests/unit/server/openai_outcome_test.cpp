#include "server/http/openai_outcome.h"

#include <gtest/gtest.h>

#include "server/http/http_framing.h"
#include "server/http/sse_writer.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using providers::FailureReason;

agents::RunOutcome failed(FailureReason reason, std::string message) {
  agents::RunOutcome outcome;
  outcome.status = agents::RunOutcome::Status::Error;
  outcome.error_kind = std::string(providers::to_string(reason));
  outcome.error_message = std::move(message);
  return outcome;
}

TEST(OpenAiOutcomeTest, FailuresMapToUpstreamsStatusesAndTypes) {
  auto rate = error_for_outcome(failed(FailureReason::RateLimit, "fake/small: 429 rate limited"));
  EXPECT_EQ(rate.status, http::status::too_many_requests);
  EXPECT_EQ(rate.type, "rate_limit_error");
  EXPECT_EQ(rate.message, "fake/small: 429 rate limited");

  auto server = error_for_outcome(failed(FailureReason::ServerError, "fake/small: 500"));
  EXPECT_EQ(server.status, http::status::bad_gateway);
  EXPECT_EQ(server.message, "upstream provider error") << "provider 5xx text is not passed on";

  EXPECT_EQ(error_for_outcome(failed(FailureReason::Timeout, "x")).status, http::status::gateway_timeout);
  EXPECT_EQ(error_for_outcome(failed(FailureReason::Overloaded, "x")).status, http::status::service_unavailable);
  EXPECT_EQ(error_for_outcome(failed(FailureReason::LongContext, "x")).type, "rate_limit_error");
  EXPECT_EQ(error_for_outcome(failed(FailureReason::BadRequest, "bad")).status, http::status::bad_request);

  auto missing =
      error_for_outcome(failed(FailureReason::MissingCredential, "No API key found for provider \"anthropic\""));
  EXPECT_EQ(missing.status, http::status::internal_server_error);
  EXPECT_EQ(missing.message, "No API key found for provider \"anthropic\"");

  agents::RunOutcome timeout;
  timeout.status = agents::RunOutcome::Status::Timeout;
  EXPECT_EQ(error_for_outcome(timeout).status, http::status::gateway_timeout);

  agents::RunOutcome setup;
  setup.status = agents::RunOutcome::Status::Error;
  setup.error_kind = "agent";
  setup.error_message = "unknown agent id \"x\"";
  EXPECT_EQ(error_for_outcome(setup).status, http::status::internal_server_error);
  EXPECT_EQ(error_json(error_for_outcome(setup)).dump(),
            R"({"error":{"message":"unknown agent id \"x\"","type":"api_error"}})");
}

TEST(OpenAiOutcomeTest, UsageShapes) {
  providers::TokenUsage usage{.input = 10, .output = 5, .cache_read = 3, .cache_write = 2};
  EXPECT_EQ(
      chat_usage_json(usage).dump(),
      R"({"prompt_tokens":13,"completion_tokens":5,"total_tokens":20,"prompt_tokens_details":{"cached_tokens":3}})");
  EXPECT_EQ(chat_usage_json({.input = 11, .output = 7}).dump(),
            R"({"prompt_tokens":11,"completion_tokens":7,"total_tokens":18})");
  EXPECT_EQ(responses_usage_json(usage).dump(),
            R"({"input_tokens":15,"input_tokens_details":{"cached_tokens":3,"cache_write_tokens":2},)"
            R"("output_tokens":5,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":20})");
}

TEST(OpenAiOutcomeTest, EmptyAnswerReadsAsUpstreamsPlaceholder) {
  agents::RunOutcome outcome;
  EXPECT_EQ(answer_text(outcome), "No response from OpenClaw.");
  outcome.text = "hi";
  EXPECT_EQ(answer_text(outcome), "hi");
}

TEST(HttpFramingTest, ChunksAndSseFrames) {
  EXPECT_EQ(http_chunk("hello"), "5\r\nhello\r\n");
  EXPECT_EQ(http_chunk(std::string(26, 'x')), "1a\r\n" + std::string(26, 'x') + "\r\n");
  EXPECT_EQ(http_chunk(""), "") << "an empty chunk would end the body";
  nlohmann::ordered_json payload;
  payload["b"] = 1;
  payload["a"] = "x";
  EXPECT_EQ(sse_data_frame(payload), "data: {\"b\":1,\"a\":\"x\"}\n\n") << "keys keep their order";
  EXPECT_EQ(sse_event_frame("response.created", payload), "event: response.created\ndata: {\"b\":1,\"a\":\"x\"}\n\n");
}

TEST(HttpFramingTest, HeadOfAChunkedAnswer) {
  HttpResponse head{http::status::ok, 11};
  head.set(http::field::content_type, "text/event-stream; charset=utf-8");
  head.chunked(true);
  const std::string bytes = serialize_head(head);
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 200 OK\r\n")) << bytes;
  EXPECT_NE(bytes.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_TRUE(bytes.ends_with("\r\n\r\n"));

  HttpResponse whole{http::status::not_found, 11};
  whole.body() = "{}";
  whole.prepare_payload();
  const std::string full = serialize_response(whole);
  EXPECT_TRUE(full.ends_with("Content-Length: 2\r\n\r\n{}")) << full;
}

}  // namespace
}  // namespace openclaw::server
