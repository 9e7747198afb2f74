#include "providers/provider_failure.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "decoder_test_support.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing_support::is_valid_utf8;

const ModelRef kOpenAi{"openai", "gpt-4o"};
const ModelRef kAnthropic{"anthropic", "claude-opus-4-6"};

// 2025-01-15 12:00:00 UTC.
const std::chrono::system_clock::time_point kNow =
    std::chrono::sys_days(std::chrono::year(2025) / std::chrono::January / 15) + 12h;

ResponseHead head(int status, std::map<std::string, std::string> headers = {}) {
  ResponseHead out;
  out.status = status;
  out.headers = std::move(headers);
  return out;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

constexpr std::string_view kLongContextBody =
    R"({"type":"error","error":{"type":"rate_limit_error","message":"Extra usage is required for long context requests."}})";

// --- reasons -------------------------------------------------------------------------------

TEST(HttpFailure, OpenAiRateLimitWithRetryAfter) {
  const auto failure = http_failure(
      kOpenAi, head(429, {{"retry-after", "2"}, {"x-request-id", "req_abc123"}}),
      R"({"error":{"message":"Rate limit reached for gpt-4o in organization org-123 on requests per min (RPM): Limit 500, Used 500, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}})",
      kNow);
  EXPECT_EQ(failure.reason, FailureReason::RateLimit);
  EXPECT_EQ(failure.http_status, 429);
  ASSERT_TRUE(failure.retry_after.has_value());
  EXPECT_EQ(*failure.retry_after, 2000ms);
  EXPECT_TRUE(
      contains(failure.message,
               "openai/gpt-4o: HTTP 429 rate_limit_exceeded: Rate limit reached for gpt-4o"))
      << failure.message;
  EXPECT_FALSE(contains(failure.message, "req_abc123")) << "headers never reach the message";
}

TEST(HttpFailure, AnthropicLongContext429IsLongContext) {
  const auto failure =
      http_failure(kAnthropic, head(429, {{"retry-after", "60"}}), kLongContextBody, kNow);
  EXPECT_EQ(failure.reason, FailureReason::LongContext);
  EXPECT_EQ(failure.http_status, 429);
  EXPECT_EQ(failure.retry_after, std::optional<milliseconds>(60s));
  EXPECT_EQ(failure.message,
            "anthropic/claude-opus-4-6: HTTP 429 rate_limit_error: Extra usage is required for "
            "long context requests.");
  EXPECT_EQ(to_string(failure.reason), "long_context");
}

TEST(HttpFailure, AnthropicOrdinary429IsRateLimit) {
  const auto failure = http_failure(
      kAnthropic, head(429),
      R"({"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50 requests per minute."}})",
      kNow);
  EXPECT_EQ(failure.reason, FailureReason::RateLimit);
  EXPECT_FALSE(failure.retry_after.has_value());
}

TEST(HttpFailure, OverloadedBy529OrByErrorType) {
  const std::string body =
      R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
  EXPECT_EQ(http_failure(kAnthropic, head(529), body, kNow).reason, FailureReason::Overloaded);
  EXPECT_EQ(http_failure(kAnthropic, head(529), "", kNow).reason, FailureReason::Overloaded);
  EXPECT_EQ(http_failure(kAnthropic, head(503), body, kNow).reason, FailureReason::Overloaded);
  EXPECT_EQ(to_string(FailureReason::Overloaded), "overloaded");
}

TEST(HttpFailure, StatusClasses) {
  struct Case {
    int status;
    std::string body;
    FailureReason reason;
  };
  const Case cases[] = {
      {500, R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})",
       FailureReason::ServerError},
      {502, "<html><head><title>502 Bad Gateway</title></head></html>", FailureReason::ServerError},
      {503, "", FailureReason::ServerError},
      {504, "upstream request timeout", FailureReason::ServerError},
      {401,
       R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})",
       FailureReason::Auth},
      {403,
       R"({"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission"}})",
       FailureReason::Auth},
      {400,
       R"({"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate"}})",
       FailureReason::BadRequest},
      {404, R"({"error":"model \"llama9\" not found, try pulling it first"})",
       FailureReason::BadRequest},
      {402, R"({"error":{"message":"Insufficient credits","code":402}})",
       FailureReason::BadRequest},
      {413,
       R"({"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum size"}})",
       FailureReason::BadRequest},
      {408, "", FailureReason::Timeout},
  };
  for (const Case& c : cases) {
    const auto failure = http_failure(kAnthropic, head(c.status), c.body, kNow);
    EXPECT_EQ(failure.reason, c.reason) << c.status << " " << c.body;
    EXPECT_EQ(failure.http_status, c.status);
    EXPECT_TRUE(contains(failure.message, "HTTP " + std::to_string(c.status))) << failure.message;
  }
}

TEST(HttpFailure, MessageQuotesTheProvidersOwnWords) {
  EXPECT_EQ(http_failure(kOpenAi, head(404),
                         R"({"error":"model \"llama9\" not found, try pulling it first"})", kNow)
                .message,
            "openai/gpt-4o: HTTP 404: model \"llama9\" not found, try pulling it first");
  EXPECT_EQ(
      http_failure(kOpenAi, head(422), R"({"detail":"Field required: messages"})", kNow).message,
      "openai/gpt-4o: HTTP 422: Field required: messages");
  EXPECT_EQ(http_failure(kOpenAi, head(502), "<html><body>Bad gateway</body></html>", kNow).message,
            "openai/gpt-4o: HTTP 502: (an HTML error page)");
  EXPECT_EQ(http_failure(kOpenAi, head(503), "", kNow).message, "openai/gpt-4o: HTTP 503");
  EXPECT_EQ(http_failure(kOpenAi, head(500), "line one\n\tline two\r\n", kNow).message,
            "openai/gpt-4o: HTTP 500: line one line two");
}

TEST(HttpFailure, MessageNeverCarriesAKey) {
  const auto failure = http_failure(
      kOpenAi, head(401),
      R"({"error":{"message":"Incorrect API key provided: sk-proj-abcd****************************************wxyz. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})",
      kNow);
  EXPECT_EQ(failure.reason, FailureReason::Auth);
  EXPECT_FALSE(contains(failure.message, "sk-proj")) << failure.message;
  EXPECT_FALSE(contains(failure.message, "wxyz")) << failure.message;
  EXPECT_TRUE(contains(failure.message, "Incorrect API key provided: [redacted]."))
      << failure.message;

  const std::string long_token(48, 'Q');
  const auto echoed = http_failure(
      kOpenAi, head(400), R"({"error":{"message":"bad token )" + long_token + R"("}})", kNow);
  EXPECT_FALSE(contains(echoed.message, long_token)) << echoed.message;
  EXPECT_TRUE(contains(echoed.message, "bad token [redacted]"));
  EXPECT_TRUE(contains(bounded_provider_text("key AIzaSyA1234567890abcdefghij was rejected"),
                       "key [redacted] was"));
}

TEST(HttpFailure, ModelNamesAreNotMistakenForKeys) {
  const std::string text =
      "The model `claude-3-5-sonnet-20241022` does not exist "
      "(meta-llama/Llama-3.3-70B-Instruct-Turbo).";
  EXPECT_EQ(bounded_provider_text(text), text);
}

TEST(HttpFailure, MessageIsBoundedOnACharacterBoundary) {
  std::string long_message;
  for (int i = 0; i < 400; ++i) long_message += "\xC3\xA9";  // "é", two bytes each
  const auto failure =
      http_failure(kOpenAi, head(400), R"({"error":{"message":")" + long_message + R"("}})", kNow);
  EXPECT_LT(failure.message.size(), 400u);
  EXPECT_TRUE(is_valid_utf8(failure.message));
  EXPECT_TRUE(failure.message.ends_with("\u2026"));

  const std::string bounded = bounded_provider_text(std::string(5000, 'a') + " tail");
  EXPECT_EQ(bounded, "[redacted]\u2026")
      << "one 5000-character run looks like a key; the rest was cut";
  std::string many_words;
  for (int i = 0; i < 400; ++i) many_words += "word ";
  const std::string words = bounded_provider_text(many_words);
  EXPECT_LE(words.size(), kProviderMessageLimit + std::string("\u2026").size());
  EXPECT_TRUE(words.ends_with("\u2026"));
}

// --- Retry-After ---------------------------------------------------------------------------

TEST(RetryAfter, DeltaSeconds) {
  EXPECT_EQ(parse_retry_after_value("30", kNow), std::optional<milliseconds>(30s));
  EXPECT_EQ(parse_retry_after_value(" 0 ", kNow), std::optional<milliseconds>(0ms));
  EXPECT_EQ(parse_retry_after_value("1.5", kNow), std::optional<milliseconds>(1500ms));
}

TEST(RetryAfter, HttpDatesInAllThreeForms) {
  EXPECT_EQ(parse_retry_after_value("Wed, 15 Jan 2025 12:00:10 GMT", kNow),
            std::optional<milliseconds>(10s));
  EXPECT_EQ(parse_retry_after_value("Wednesday, 15-Jan-25 12:01:00 GMT", kNow),
            std::optional<milliseconds>(60s));
  EXPECT_EQ(parse_retry_after_value("Wed Jan 15 12:00:05 2025", kNow),
            std::optional<milliseconds>(5s));
  EXPECT_EQ(parse_retry_after_value("Thu, 16 Jan 2025 00:00:00 GMT", kNow),
            std::optional<milliseconds>(12h));
}

TEST(RetryAfter, DateInThePastIsZero) {
  EXPECT_EQ(parse_retry_after_value("Tue, 14 Jan 2025 12:00:00 GMT", kNow),
            std::optional<milliseconds>(0ms));
}

TEST(RetryAfter, AbsurdValuesAreCappedAtADay) {
  EXPECT_EQ(parse_retry_after_value("99999999999", kNow), std::optional<milliseconds>(24h));
  EXPECT_EQ(parse_retry_after_value("Fri, 01 Jan 2100 00:00:00 GMT", kNow),
            std::optional<milliseconds>(24h));
}

TEST(RetryAfter, GarbageIsIgnored) {
  for (const char* value : {"", "soon", "-5", "+5", "1e3", "5s", "1.2.3",
                            "Wed, 32 Jan 2025 12:00:00 GMT", "Wed, 15 Foo 2025 12:00:00 GMT",
                            "Wed, 15 Jan 2025 25:00:00 GMT", "Wed, 15 Jan 2025 12:00:00 PST"}) {
    EXPECT_FALSE(parse_retry_after_value(value, kNow).has_value()) << value;
  }
}

TEST(RetryAfter, MillisecondHeaderWinsAndFallsBack) {
  EXPECT_EQ(parse_retry_after(head(429, {{"retry-after-ms", "250"}, {"retry-after", "1"}}), kNow),
            std::optional<milliseconds>(250ms));
  EXPECT_EQ(parse_retry_after(head(429, {{"retry-after-ms", "bogus"}, {"retry-after", "3"}}), kNow),
            std::optional<milliseconds>(3s));
  EXPECT_EQ(parse_retry_after(head(429, {{"retry-after-ms", "1234.9"}}), kNow),
            std::optional<milliseconds>(1234ms));
  EXPECT_FALSE(parse_retry_after(head(429), kNow).has_value());
}

// --- transport and wire_adapter entry points -----------------------------------------------

TEST(TransportFailure, ReasonFollowsTheKind) {
  const auto failure_of = [](TransportErrorKind kind) {
    return transport_failure(kOpenAi,
                             TransportError{kind, "api.openai.com:443: something happened"});
  };
  EXPECT_EQ(failure_of(TransportErrorKind::Timeout).reason, FailureReason::Timeout);
  EXPECT_EQ(failure_of(TransportErrorKind::Cancelled).reason, FailureReason::Cancelled);
  for (TransportErrorKind kind :
       {TransportErrorKind::InvalidUrl, TransportErrorKind::ConnectFailed,
        TransportErrorKind::ProxyFailed, TransportErrorKind::TlsFailed,
        TransportErrorKind::ConnectionReset, TransportErrorKind::ProtocolError}) {
    EXPECT_EQ(failure_of(kind).reason, FailureReason::Network);
  }
  const auto failure = failure_of(TransportErrorKind::ConnectFailed);
  EXPECT_EQ(failure.message, "openai/gpt-4o: api.openai.com:443: something happened");
  EXPECT_EQ(failure.http_status, 0);
  EXPECT_FALSE(failure.retry_after.has_value());
}

TEST(WireAdapterFailures, ClassifyThroughTheAdapterEntryPoints) {
  ProviderEndpoint endpoint;
  endpoint.provider_id = "anthropic";
  endpoint.api = WireApi::AnthropicMessages;
  const auto failure = classify_http_failure(endpoint, kAnthropic,
                                             head(429, {{"retry-after", "7"}}), kLongContextBody);
  EXPECT_EQ(failure.reason, FailureReason::LongContext);
  EXPECT_EQ(failure.retry_after, std::optional<milliseconds>(7s));

  const auto transport = classify_transport_failure(
      endpoint, kAnthropic,
      TransportError{TransportErrorKind::Timeout, "api.anthropic.com:443: first byte timeout"});
  EXPECT_EQ(transport.reason, FailureReason::Timeout);
  EXPECT_TRUE(contains(transport.message, "anthropic/claude-opus-4-6"));
}

TEST(StreamErrorReason, ByTypeOrCode) {
  const auto reason = [](std::string type, std::string code = "",
                         std::optional<int> status = std::nullopt) {
    ProviderError error;
    error.type = std::move(type);
    error.code = std::move(code);
    error.status_code = status;
    return reason_for_stream_error(error);
  };
  EXPECT_EQ(reason("overloaded_error"), FailureReason::Overloaded);
  EXPECT_EQ(reason("tokens", "rate_limit_exceeded"), FailureReason::RateLimit);
  EXPECT_EQ(reason("insufficient_quota"), FailureReason::RateLimit);
  EXPECT_EQ(reason("server_error"), FailureReason::ServerError);
  EXPECT_EQ(reason("", "", 502), FailureReason::ServerError);
  EXPECT_EQ(reason("", "", 401), FailureReason::Auth);
  EXPECT_EQ(reason("timeout_error"), FailureReason::Timeout);
  EXPECT_EQ(reason(""), FailureReason::ServerError);
}

}  // namespace
}  // namespace openclaw::providers
