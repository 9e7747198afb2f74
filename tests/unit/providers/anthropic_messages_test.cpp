#include "providers/anthropic_messages.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "decoder_test_support.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;
using namespace testing_support;

const ModelRef kModel{"anthropic", "claude-sonnet-4-5"};

ProviderEndpoint anthropic_endpoint(std::string base_url = "https://api.anthropic.com") {
  ProviderEndpoint endpoint;
  endpoint.provider_id = "anthropic";
  endpoint.base_url = std::move(base_url);
  endpoint.api = WireApi::AnthropicMessages;
  return endpoint;
}

ChatRequest sample_request() {
  ChatRequest request;
  request.model = kModel;
  request.system_prompt = "You are Claw, a helpful assistant.";
  request.messages = {{Role::User, "Hello"},
                      {Role::Assistant, "Hi! How can I help?"},
                      {Role::User, "Tell me a joke"}};
  return request;
}

DecoderFactory anthropic_decoder(bool stream) {
  return [stream](TextSink sink) {
    return make_anthropic_messages_decoder(kModel, stream, std::move(sink));
  };
}

// The event sequence of the Messages streaming documentation.
const std::string kStream =
    "event: message_start\n"
    R"(data: {"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":1800,"output_tokens":1}}})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"
    "\n\n"
    "event: ping\n"
    R"(data: {"type": "ping"})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Why did the"}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" crab never share? Shellfish."}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":0})"
    "\n\n"
    "event: message_delta\n"
    R"(data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}})"
    "\n\n"
    "event: message_stop\n"
    R"(data: {"type":"message_stop"})"
    "\n\n";

const std::string kMessage = R"({
  "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  "type": "message",
  "role": "assistant",
  "model": "claude-sonnet-4-5-20250929",
  "content": [{"type": "text", "text": "Why did the crab never share? Shellfish."}],
  "stop_reason": "end_turn",
  "stop_sequence": null,
  "usage": {"input_tokens": 25, "cache_creation_input_tokens": 200, "cache_read_input_tokens": 1800, "output_tokens": 15,
            "service_tier": "standard"}
})";

std::string text_delta_event(std::string_view text) {
  const json data = {{"type", "content_block_delta"},
                     {"index", 0},
                     {"delta", {{"type", "text_delta"}, {"text", text}}}};
  return "event: content_block_delta\ndata: " + data.dump() + "\n\n";
}

const std::string kMessageStop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

// --- request -------------------------------------------------------------------------------

TEST(AnthropicRequest, PostsToV1MessagesWithoutDoublingV1) {
  for (const char* base : {"https://api.anthropic.com", "https://api.anthropic.com/",
                           "https://api.anthropic.com/v1", "https://api.anthropic.com/v1/"}) {
    EXPECT_EQ(build_anthropic_messages_request(anthropic_endpoint(base), sample_request(), "k").url,
              "https://api.anthropic.com/v1/messages")
        << base;
  }
  EXPECT_EQ(build_anthropic_messages_request(
                anthropic_endpoint("http://127.0.0.1:9000/proxy/anthropic"), sample_request(), "k")
                .url,
            "http://127.0.0.1:9000/proxy/anthropic/v1/messages");
}

TEST(AnthropicRequest, SendsApiKeyAndVersionHeaders) {
  const auto request =
      build_anthropic_messages_request(anthropic_endpoint(), sample_request(), "sk-ant-api03-test");
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(header_value(request, "x-api-key"), "sk-ant-api03-test");
  EXPECT_EQ(header_value(request, "anthropic-version"), "2023-06-01");
  EXPECT_EQ(header_value(request, "content-type"), "application/json");
  EXPECT_EQ(header_value(request, "accept"), "text/event-stream");
  EXPECT_EQ(header_count(request, "authorization"), 0u)
      << "Anthropic takes the key in x-api-key only";
  EXPECT_EQ(header_count(request, "anthropic-beta"), 0u);

  EXPECT_EQ(
      header_count(build_anthropic_messages_request(anthropic_endpoint(), sample_request(), ""),
                   "x-api-key"),
      0u);
  ProviderEndpoint no_auth = anthropic_endpoint();
  no_auth.auth_header = false;
  EXPECT_EQ(
      header_count(build_anthropic_messages_request(no_auth, sample_request(), "k"), "x-api-key"),
      0u);
}

TEST(AnthropicRequest, BodyHasTopLevelSystemAndAlternatingTurns) {
  const json body = json::parse(
      build_anthropic_messages_request(anthropic_endpoint(), sample_request(), "k").body);
  EXPECT_EQ(body["model"], "claude-sonnet-4-5");
  EXPECT_EQ(body["system"], "You are Claw, a helpful assistant.");
  EXPECT_EQ(body["max_tokens"], 4096);
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["messages"], json::parse(R"([
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hi! How can I help?"},
    {"role": "user", "content": "Tell me a joke"}])"));
  EXPECT_FALSE(body.contains("temperature"));
}

TEST(AnthropicRequest, MergesConsecutiveTurnsOfOneRoleAndDropsEmptyOnes) {
  ChatRequest request = sample_request();
  request.messages = {{Role::User, "first"},        {Role::User, "second"},
                      {Role::Assistant, ""},        {Role::User, "third"},
                      {Role::Assistant, "a1"},      {Role::Assistant, "a2"},
                      {Role::User, "last question"}};
  const json body = build_anthropic_messages_body(request);
  EXPECT_EQ(body["messages"], json::parse(R"([
    {"role": "user", "content": "first\n\nsecond\n\nthird"},
    {"role": "assistant", "content": "a1\n\na2"},
    {"role": "user", "content": "last question"}])"));
}

TEST(AnthropicRequest, NoSystemFieldWhenThePromptIsEmptyAndNoStreamWhenNotStreaming) {
  ChatRequest request = sample_request();
  request.system_prompt.clear();
  request.stream = false;
  const auto built = build_anthropic_messages_request(anthropic_endpoint(), request, "k");
  const json body = json::parse(built.body);
  EXPECT_FALSE(body.contains("system"));
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_EQ(header_value(built, "accept"), "application/json");
}

TEST(AnthropicRequest, MaxTokensFromRequestThenParamsThenDefault) {
  ChatRequest request = sample_request();
  request.params = json::parse(
      R"({"maxTokens": 8192, "temperature": 0.3, "cacheRetention": "long", "context1m": true,
                                   "thinking": "high"})");
  const auto built = build_anthropic_messages_request(anthropic_endpoint(), request, "k");
  json body = json::parse(built.body);
  EXPECT_EQ(body["max_tokens"], 8192);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.3);
  EXPECT_FALSE(body.contains("cacheRetention"));
  EXPECT_FALSE(body.contains("context1m"));
  EXPECT_FALSE(body.contains("thinking"))
      << "an OpenClaw thinking level is not Anthropic's thinking object";
  EXPECT_EQ(header_value(built, "anthropic-beta"), "context-1m-2025-08-07");

  request.max_tokens = 100;
  request.temperature = 1.0;
  body = build_anthropic_messages_body(request);
  EXPECT_EQ(body["max_tokens"], 100);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 1.0);
}

TEST(AnthropicRequest, ConfiguredHeadersReplaceOurs) {
  ProviderEndpoint endpoint = anthropic_endpoint();
  endpoint.headers = {{"Anthropic-Version", "2024-01-01"},
                      {"anthropic-beta", "prompt-caching-2024-07-31"}};
  const auto built = build_anthropic_messages_request(endpoint, sample_request(), "k");
  EXPECT_EQ(header_count(built, "anthropic-version"), 1u);
  EXPECT_EQ(header_value(built, "anthropic-version"), "2024-01-01");
  EXPECT_EQ(header_value(built, "anthropic-beta"), "prompt-caching-2024-07-31");
}

// --- JSON answers --------------------------------------------------------------------------

TEST(AnthropicResponse, ParsesAMessageDocument) {
  const Decoded decoded = decode_whole(anthropic_decoder(false), kMessage);
  ASSERT_TRUE(decoded.outcome.has_value()) << decoded.outcome.error().message;
  EXPECT_EQ(decoded.outcome->text, "Why did the crab never share? Shellfish.");
  EXPECT_EQ(decoded.outcome->stop_reason, "stop");
  EXPECT_EQ(decoded.outcome->model, kModel);
  EXPECT_EQ(decoded.outcome->usage.input, 25);
  EXPECT_EQ(decoded.outcome->usage.output, 15);
  EXPECT_EQ(decoded.outcome->usage.cache_read, 1800);
  EXPECT_EQ(decoded.outcome->usage.cache_write, 200);
  EXPECT_EQ(decoded.outcome->usage.total(), 2040);
  EXPECT_EQ(decoded.pieces, std::vector<std::string>{"Why did the crab never share? Shellfish."});
}

TEST(AnthropicResponse, OnlyTextBlocksMakeTheText) {
  const std::string message = R"({"type":"message","role":"assistant","content":[
      {"type":"thinking","thinking":"Let me think...","signature":"abc"},
      {"type":"text","text":"I'll check the weather."},
      {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"location":"Paris"}}],
    "stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":20}})";
  const Decoded decoded = decode_whole(anthropic_decoder(false), message);
  ASSERT_TRUE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome->text, "I'll check the weather.");
  EXPECT_EQ(decoded.outcome->stop_reason, "tool_use");
}

TEST(AnthropicResponse, NormalisesStopReasons) {
  EXPECT_EQ(normalise_anthropic_stop_reason("end_turn"), "stop");
  EXPECT_EQ(normalise_anthropic_stop_reason("stop_sequence"), "stop");
  EXPECT_EQ(normalise_anthropic_stop_reason("max_tokens"), "length");
  EXPECT_EQ(normalise_anthropic_stop_reason("tool_use"), "tool_use");
  EXPECT_EQ(normalise_anthropic_stop_reason("refusal"), "content_filter");
  EXPECT_EQ(normalise_anthropic_stop_reason("pause_turn"), "pause_turn");
}

TEST(AnthropicResponse, ErrorDocumentIsClassified) {
  const Decoded decoded = decode_whole(
      anthropic_decoder(false),
      R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Overloaded);
  EXPECT_NE(decoded.outcome.error().message.find("Overloaded"), std::string::npos);
}

TEST(AnthropicResponse, MalformedDocumentsAreNetworkFailures) {
  for (const char* body : {R"({"type":"message","content":)",
                           R"({"type":"message","role":"assistant"})", "null", ""}) {
    const Decoded decoded = decode_whole(anthropic_decoder(false), body);
    ASSERT_FALSE(decoded.outcome.has_value()) << body;
    EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network) << body;
    EXPECT_NE(decoded.outcome.error().message.find("anthropic/claude-sonnet-4-5"),
              std::string::npos);
  }
}

// --- streams -------------------------------------------------------------------------------

TEST(AnthropicStream, DecodesTheDocumentedEventSequence) {
  const Decoded decoded = decode_whole(anthropic_decoder(true), kStream);
  ASSERT_TRUE(decoded.outcome.has_value()) << decoded.outcome.error().message;
  EXPECT_EQ(decoded.outcome->text, "Why did the crab never share? Shellfish.");
  EXPECT_EQ(decoded.pieces,
            (std::vector<std::string>{"Why did the", " crab never share? Shellfish."}));
  EXPECT_EQ(decoded.outcome->stop_reason, "stop");
  EXPECT_EQ(decoded.outcome->usage.input, 25);
  EXPECT_EQ(decoded.outcome->usage.cache_read, 1800);
  EXPECT_EQ(decoded.outcome->usage.output, 15)
      << "message_delta's cumulative count replaces message_start's";
}

TEST(AnthropicStream, SameTextByteByByteAndInRandomSplits) {
  const std::string expected = "Why did the crab never share? Shellfish.";
  const Decoded byte_by_byte = decode_byte_by_byte(anthropic_decoder(true), kStream);
  ASSERT_TRUE(byte_by_byte.outcome.has_value());
  EXPECT_EQ(byte_by_byte.streamed(), expected);
  EXPECT_EQ(byte_by_byte.outcome->usage.output, 15);

  // CRLF line ends, as some proxies rewrite them.
  std::string crlf;
  for (char c : kStream) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  std::mt19937 random(99);
  for (int round = 0; round < 200; ++round) {
    const std::string& stream = round % 2 == 0 ? kStream : crlf;
    const Decoded decoded =
        decode_with_cuts(anthropic_decoder(true), stream, random_cuts(stream.size(), random));
    ASSERT_TRUE(decoded.outcome.has_value()) << "round " << round;
    EXPECT_EQ(decoded.streamed(), expected);
    EXPECT_EQ(decoded.outcome->text, expected);
    EXPECT_EQ(decoded.outcome->usage.total(), 25 + 1800 + 15);
  }
}

TEST(AnthropicStream, TextIsReportedAsItArrives) {
  std::vector<std::string> pieces;
  auto decoder = make_anthropic_messages_decoder(
      kModel, true, [&](std::string_view text) { pieces.emplace_back(text); });
  decoder->feed(text_delta_event("one"));
  EXPECT_EQ(pieces, std::vector<std::string>{"one"});
  decoder->feed(text_delta_event(" two"));
  EXPECT_EQ(pieces, (std::vector<std::string>{"one", " two"}));
  decoder->feed(kMessageStop);
  ASSERT_TRUE(decoder->finish().has_value());
}

TEST(AnthropicStream, Utf8SplitAcrossFeedsIsReassembled) {
  const std::string text =
      "caf\xC3\xA9 \xF0\x9F\xA6\x80 \xE6\x97\xA5\xE6\x9C\xAC";  // café 🦀 日本
  const std::string stream =
      text_delta_event(text.substr(0, 5)) + text_delta_event(text.substr(5)) + kMessageStop;
  const Decoded decoded = decode_byte_by_byte(anthropic_decoder(true), stream);
  ASSERT_TRUE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome->text, text);
  EXPECT_EQ(decoded.streamed(), text);
  for (const auto& piece : decoded.pieces) EXPECT_TRUE(is_valid_utf8(piece)) << piece;
}

TEST(AnthropicStream, StreamCutBeforeMessageStopIsANetworkFailure) {
  const std::string cut = kStream.substr(0, kStream.find("event: message_stop"));
  const Decoded decoded = decode_whole(anthropic_decoder(true), cut);
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network);
  EXPECT_NE(decoded.outcome.error().message.find("message_stop"), std::string::npos)
      << decoded.outcome.error().message;
  EXPECT_EQ(decoded.streamed(), "Why did the crab never share? Shellfish.");

  const Decoded mid_event =
      decode_whole(anthropic_decoder(true), kStream.substr(0, kStream.find("crab") + 2));
  ASSERT_FALSE(mid_event.outcome.has_value());
  EXPECT_EQ(mid_event.outcome.error().reason, FailureReason::Network);
  EXPECT_EQ(mid_event.streamed(), "Why did the") << "the half-received event is not reported";
}

TEST(AnthropicStream, OverloadedErrorEventIsOverloaded) {
  const std::string stream =
      text_delta_event("Partial") +
      "event: error\n"
      R"(data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})"
      "\n\n";
  const Decoded decoded = decode_whole(anthropic_decoder(true), stream);
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Overloaded);
  EXPECT_EQ(decoded.outcome.error().http_status, 0);
  EXPECT_NE(decoded.outcome.error().message.find("overloaded_error: Overloaded"), std::string::npos)
      << decoded.outcome.error().message;
}

TEST(AnthropicStream, OtherErrorEventsAreClassifiedByType) {
  const auto reason_for = [](std::string_view error_type) {
    const std::string stream = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" +
                               std::string(error_type) + "\",\"message\":\"x\"}}\n\n" +
                               kMessageStop;
    return decode_whole(anthropic_decoder(true), stream).outcome.error().reason;
  };
  EXPECT_EQ(reason_for("api_error"), FailureReason::ServerError);
  EXPECT_EQ(reason_for("rate_limit_error"), FailureReason::RateLimit);
  EXPECT_EQ(reason_for("invalid_request_error"), FailureReason::BadRequest);
  EXPECT_EQ(reason_for("authentication_error"), FailureReason::Auth);
  EXPECT_EQ(reason_for("something_new_error"), FailureReason::ServerError);
}

TEST(AnthropicStream, NonTextDeltasAndUnknownEventsAreIgnored) {
  const std::string stream =
      R"(event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

event: future_event
data: {"type":"future_event","whatever":true}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Answer"}}

event: content_block_start
data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":40,"output_tokens":9,"cache_read_input_tokens":3,"cache_creation_input_tokens":4}}

event: message_stop
data: {"type":"message_stop"}

)";
  const Decoded decoded = decode_whole(anthropic_decoder(true), stream);
  ASSERT_TRUE(decoded.outcome.has_value()) << decoded.outcome.error().message;
  EXPECT_EQ(decoded.outcome->text, "Answer");
  EXPECT_EQ(decoded.outcome->stop_reason, "length");
  EXPECT_EQ(decoded.outcome->usage.input, 40);
  EXPECT_EQ(decoded.outcome->usage.output, 9);
  EXPECT_EQ(decoded.outcome->usage.cache_read, 3);
  EXPECT_EQ(decoded.outcome->usage.cache_write, 4);
}

TEST(AnthropicStream, MalformedEventIsANetworkFailure) {
  const std::string stream =
      text_delta_event("ok") + "event: content_block_delta\ndata: {\"type\":\n\n" + kMessageStop;
  const Decoded decoded = decode_whole(anthropic_decoder(true), stream);
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network);
  EXPECT_NE(decoded.outcome.error().message.find("not valid JSON"), std::string::npos);
}

TEST(AnthropicStream, ErrorAnsweredAsJsonToAStreamRequestIsClassified) {
  const Decoded decoded = decode_whole(
      anthropic_decoder(true),
      R"({"type":"error","error":{"type":"rate_limit_error","message":"Extra usage is required for long context requests."}})");
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::LongContext);
}

TEST(AnthropicStream, DispatchedThroughTheWireAdapter) {
  const auto request =
      build_chat_request(anthropic_endpoint("https://api.anthropic.com/v1"), sample_request(), "k");
  EXPECT_EQ(request.url, "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(header_value(request, "x-api-key"), "k");
  auto decoder = make_response_decoder(anthropic_endpoint(), kModel, true, nullptr);
  decoder->feed(kStream);
  const auto outcome = decoder->finish();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->text, "Why did the crab never share? Shellfish.");
}

}  // namespace
}  // namespace openclaw::providers
