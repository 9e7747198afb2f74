#include "providers/openai_chat.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "decoder_test_support.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;
using namespace testing_support;

const ModelRef kModel{"openai", "gpt-4o-mini"};

ProviderEndpoint openai_endpoint(std::string base_url = "https://api.openai.com/v1") {
  ProviderEndpoint endpoint;
  endpoint.provider_id = "openai";
  endpoint.base_url = std::move(base_url);
  endpoint.api = WireApi::OpenAiCompletions;
  return endpoint;
}

ChatRequest sample_request() {
  ChatRequest request;
  request.model = kModel;
  request.system_prompt = "You are a helpful assistant.";
  request.messages = {
      {Role::User, "Hi"}, {Role::Assistant, "Hello!"}, {Role::User, "What is 2+2?"}};
  return request;
}

DecoderFactory openai_decoder(bool stream) {
  return
      [stream](TextSink sink) { return make_openai_chat_decoder(kModel, stream, std::move(sink)); };
}

// The shape OpenAI streams with stream_options.include_usage: a role chunk, content chunks,
// a finish chunk, a usage chunk with empty choices, then [DONE].
const std::string kStream =
    R"(data: {"id":"chatcmpl-AZ1","object":"chat.completion.chunk","created":1733000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-AZ1","object":"chat.completion.chunk","created":1733000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":"2 + 2"},"logprobs":null,"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-AZ1","object":"chat.completion.chunk","created":1733000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" equals 4."},"logprobs":null,"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-AZ1","object":"chat.completion.chunk","created":1733000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-AZ1","object":"chat.completion.chunk","created":1733000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[],"usage":{"prompt_tokens":1250,"completion_tokens":8,"total_tokens":1258,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}})"
    "\n\n"
    "data: [DONE]\n\n";

const std::string kCompletion = R"({
  "id": "chatcmpl-AZ2",
  "object": "chat.completion",
  "created": 1733000001,
  "model": "gpt-4o-mini-2024-07-18",
  "choices": [{
    "index": 0,
    "message": {"role": "assistant", "content": "2 + 2 equals 4.", "refusal": null, "annotations": []},
    "logprobs": null,
    "finish_reason": "stop"
  }],
  "usage": {"prompt_tokens": 1250, "completion_tokens": 8, "total_tokens": 1258,
            "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}},
  "service_tier": "default",
  "system_fingerprint": "fp_0ba0d124f1"
})";

std::string chunk_with_content(std::string_view content) {
  json chunk = {
      {"object", "chat.completion.chunk"},
      {"choices",
       json::array(
           {{{"index", 0}, {"delta", {{"content", content}}}, {"finish_reason", nullptr}}})}};
  return "data: " + chunk.dump() + "\n\n";
}

// --- request -------------------------------------------------------------------------------

TEST(OpenAiChatRequest, PostsToChatCompletionsUnderTheBaseUrl) {
  EXPECT_EQ(build_openai_chat_request(openai_endpoint(), sample_request(), "sk-test").url,
            "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(build_openai_chat_request(openai_endpoint("https://openrouter.ai/api/v1/"),
                                      sample_request(), "k")
                .url,
            "https://openrouter.ai/api/v1/chat/completions");
  EXPECT_EQ(
      build_openai_chat_request(openai_endpoint("http://127.0.0.1:11434/v1"), sample_request(), "")
          .url,
      "http://127.0.0.1:11434/v1/chat/completions");
  EXPECT_EQ(build_openai_chat_request(openai_endpoint(), sample_request(), "k").method, "POST");
}

TEST(OpenAiChatRequest, BodyHasSystemMessageFirstAndAsksForStreamedUsage) {
  ChatRequest request = sample_request();
  request.max_tokens = 256;
  request.temperature = 0.25;
  const json body =
      json::parse(build_openai_chat_request(openai_endpoint(), request, "sk-test").body);
  EXPECT_EQ(body["model"], "gpt-4o-mini");
  EXPECT_EQ(body["messages"], json::parse(R"([
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello!"},
    {"role": "user", "content": "What is 2+2?"}])"));
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["stream_options"], json::parse(R"({"include_usage": true})"));
  EXPECT_EQ(body["max_tokens"], 256);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.25);
}

TEST(OpenAiChatRequest, NonStreamingBodyHasNoStreamOptionsAndNoSystemWhenEmpty) {
  ChatRequest request = sample_request();
  request.stream = false;
  request.system_prompt.clear();
  const json body = build_openai_chat_body(request);
  EXPECT_EQ(body["stream"], false);
  EXPECT_FALSE(body.contains("stream_options"));
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_FALSE(body.contains("temperature"));
  ASSERT_EQ(body["messages"].size(), 3u);
  EXPECT_EQ(body["messages"][0]["role"], "user");
}

TEST(OpenAiChatRequest, SendsBearerKeyOnlyWhenThereIsOneAndItIsWanted) {
  const auto with_key =
      build_openai_chat_request(openai_endpoint(), sample_request(), "sk-test-123");
  EXPECT_EQ(header_value(with_key, "Authorization"), "Bearer sk-test-123");
  EXPECT_EQ(header_value(with_key, "Content-Type"), "application/json");
  EXPECT_EQ(header_value(with_key, "Accept"), "text/event-stream");

  EXPECT_EQ(header_count(build_openai_chat_request(openai_endpoint(), sample_request(), ""),
                         "Authorization"),
            0u);
  ProviderEndpoint no_auth = openai_endpoint("http://127.0.0.1:8080/v1");
  no_auth.auth_header = false;
  EXPECT_EQ(header_count(build_openai_chat_request(no_auth, sample_request(), "sk-test"),
                         "Authorization"),
            0u);

  ChatRequest not_streaming = sample_request();
  not_streaming.stream = false;
  EXPECT_EQ(
      header_value(build_openai_chat_request(openai_endpoint(), not_streaming, "k"), "Accept"),
      "application/json");
}

TEST(OpenAiChatRequest, ConfiguredHeadersAreAddedAndReplaceOursByName) {
  ProviderEndpoint endpoint = openai_endpoint("https://openrouter.ai/api/v1");
  endpoint.headers = {{"HTTP-Referer", "https://openclaw.ai"},
                      {"authorization", "Bearer proxy-token"}};
  const auto request = build_openai_chat_request(endpoint, sample_request(), "sk-or-key");
  EXPECT_EQ(header_value(request, "HTTP-Referer"), "https://openclaw.ai");
  EXPECT_EQ(header_count(request, "Authorization"), 1u);
  EXPECT_EQ(header_value(request, "Authorization"), "Bearer proxy-token");
}

TEST(OpenAiChatRequest, ParamsAreTranslatedNotCopiedRaw) {
  ChatRequest request = sample_request();
  request.params = json::parse(R"({
    "temperature": 0.7, "maxTokens": 1000, "topP": 0.9, "cacheRetention": "short",
    "transport": "sse", "seed": 42, "model": "something-else", "stream": false,
    "chat_template_kwargs": {"enable_thinking": false}
  })");
  const json body = build_openai_chat_body(request);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.7);
  EXPECT_EQ(body["max_tokens"], 1000);
  EXPECT_DOUBLE_EQ(body["top_p"].get<double>(), 0.9);
  EXPECT_EQ(body["seed"], 42);
  EXPECT_EQ(body["chat_template_kwargs"], json::parse(R"({"enable_thinking": false})"));
  EXPECT_FALSE(body.contains("cacheRetention"));
  EXPECT_FALSE(body.contains("maxTokens"));
  EXPECT_FALSE(body.contains("transport"));
  EXPECT_EQ(body["model"], "gpt-4o-mini") << "params cannot replace the body's structure";
  EXPECT_EQ(body["stream"], true);
}

TEST(OpenAiChatRequest, RequestValuesWinOverParamsAndExtraBodyWinsOverAll) {
  ChatRequest request = sample_request();
  request.max_tokens = 50;
  request.temperature = 0.1;
  request.params = json::parse(R"({"temperature": 0.7, "maxTokens": 1000,
                                   "extraBody": {"max_tokens": 77, "provider": {"order": ["groq"]}}})");
  const json body = build_openai_chat_body(request);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.1);
  EXPECT_EQ(body["max_tokens"], 77);
  EXPECT_EQ(body["provider"], json::parse(R"({"order": ["groq"]})"));
}

TEST(OpenAiChatRequest, MaxCompletionTokensReplacesMaxTokens) {
  ChatRequest request = sample_request();
  request.max_tokens = 50;
  request.params = json::parse(R"({"max_completion_tokens": 500})");
  const json body = build_openai_chat_body(request);
  EXPECT_EQ(body["max_completion_tokens"], 500);
  EXPECT_FALSE(body.contains("max_tokens"));
}

TEST(OpenAiChatRequest, InvalidUtf8InATurnStillGivesValidJson) {
  ChatRequest request = sample_request();
  request.messages.push_back({Role::User, "broken \xC3 byte"});
  const auto built = build_openai_chat_request(openai_endpoint(), request, "k");
  const json body = json::parse(built.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["messages"].back()["content"], "broken \xEF\xBF\xBD byte");
}

// --- JSON answers --------------------------------------------------------------------------

TEST(OpenAiChatResponse, ParsesACompletionDocument) {
  const Decoded decoded = decode_whole(openai_decoder(false), kCompletion);
  ASSERT_TRUE(decoded.outcome.has_value()) << decoded.outcome.error().message;
  const ChatCompletion& completion = *decoded.outcome;
  EXPECT_EQ(completion.text, "2 + 2 equals 4.");
  EXPECT_EQ(completion.stop_reason, "stop");
  EXPECT_EQ(completion.model, kModel)
      << "the configured model, not the dated id the provider echoes";
  EXPECT_EQ(completion.usage.input, 1250 - 1024);
  EXPECT_EQ(completion.usage.cache_read, 1024);
  EXPECT_EQ(completion.usage.output, 8);
  EXPECT_EQ(completion.usage.total(), 1258);
  EXPECT_EQ(decoded.pieces, std::vector<std::string>{"2 + 2 equals 4."}) << "reported once, whole";
}

TEST(OpenAiChatResponse, SameAnswerWhateverTheSplit) {
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    const Decoded decoded = decode_with_cuts(openai_decoder(false), kCompletion,
                                             random_cuts(kCompletion.size(), random));
    ASSERT_TRUE(decoded.outcome.has_value());
    EXPECT_EQ(decoded.outcome->text, "2 + 2 equals 4.");
  }
}

TEST(OpenAiChatResponse, NormalisesFinishReasons) {
  EXPECT_EQ(normalise_openai_finish_reason("stop"), "stop");
  EXPECT_EQ(normalise_openai_finish_reason("length"), "length");
  EXPECT_EQ(normalise_openai_finish_reason("tool_calls"), "tool_use");
  EXPECT_EQ(normalise_openai_finish_reason("function_call"), "tool_use");
  EXPECT_EQ(normalise_openai_finish_reason("content_filter"), "content_filter");

  const std::string truncated =
      R"({"choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}]})";
  const Decoded decoded = decode_whole(openai_decoder(false), truncated);
  ASSERT_TRUE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome->stop_reason, "length");
  EXPECT_EQ(decoded.outcome->usage.total(), 0) << "no usage reported, none invented";
}

TEST(OpenAiChatResponse, NullContentAndContentPartsAreHandled) {
  const Decoded null_content = decode_whole(
      openai_decoder(false),
      R"({"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"tool_calls"}]})");
  ASSERT_TRUE(null_content.outcome.has_value());
  EXPECT_EQ(null_content.outcome->text, "");
  EXPECT_EQ(null_content.outcome->stop_reason, "tool_use");
  EXPECT_TRUE(null_content.pieces.empty());

  const Decoded parts = decode_whole(
      openai_decoder(false),
      R"({"choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{}},{"type":"text","text":"b"}]},"finish_reason":"stop"}]})");
  ASSERT_TRUE(parts.outcome.has_value());
  EXPECT_EQ(parts.outcome->text, "ab");
}

TEST(OpenAiChatResponse, MalformedJsonIsANetworkFailureNamingTheModel) {
  const Decoded decoded =
      decode_whole(openai_decoder(false), R"({"choices":[{"index":0,"message":)");
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network);
  EXPECT_EQ(decoded.outcome.error().http_status, 0);
  EXPECT_NE(decoded.outcome.error().message.find("openai/gpt-4o-mini"), std::string::npos);
  EXPECT_NE(decoded.outcome.error().message.find("not valid JSON"), std::string::npos)
      << decoded.outcome.error().message;
}

TEST(OpenAiChatResponse, WrongShapesAreNetworkFailures) {
  for (const char* body :
       {R"({"object":"chat.completion","choices":[]})", R"([1,2,3])",
        R"({"choices":[{"index":0}]})", "<html><body>502 Bad Gateway</body></html>", ""}) {
    const Decoded decoded = decode_whole(openai_decoder(false), body);
    ASSERT_FALSE(decoded.outcome.has_value()) << body;
    EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network) << body;
  }
}

TEST(OpenAiChatResponse, ErrorDocumentWithStatus200IsClassified) {
  const Decoded decoded = decode_whole(
      openai_decoder(false),
      R"json({"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-x on tokens per min (TPM)","type":"tokens","param":null,"code":"rate_limit_exceeded"}})json");
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::RateLimit);
  EXPECT_NE(decoded.outcome.error().message.find("Rate limit reached"), std::string::npos);
}

// --- streams -------------------------------------------------------------------------------

TEST(OpenAiChatStream, DecodesTheStreamWithUsage) {
  const Decoded decoded = decode_whole(openai_decoder(true), kStream);
  ASSERT_TRUE(decoded.outcome.has_value()) << decoded.outcome.error().message;
  EXPECT_EQ(decoded.outcome->text, "2 + 2 equals 4.");
  EXPECT_EQ(decoded.pieces, (std::vector<std::string>{"2 + 2", " equals 4."}));
  EXPECT_EQ(decoded.outcome->stop_reason, "stop");
  EXPECT_EQ(decoded.outcome->usage.input, 226);
  EXPECT_EQ(decoded.outcome->usage.cache_read, 1024);
  EXPECT_EQ(decoded.outcome->usage.output, 8);
  EXPECT_EQ(decoded.outcome->model, kModel);
}

TEST(OpenAiChatStream, SameTextByteByByteAndInRandomSplits) {
  const Decoded byte_by_byte = decode_byte_by_byte(openai_decoder(true), kStream);
  ASSERT_TRUE(byte_by_byte.outcome.has_value());
  EXPECT_EQ(byte_by_byte.streamed(), "2 + 2 equals 4.");
  EXPECT_EQ(byte_by_byte.outcome->text, "2 + 2 equals 4.");
  EXPECT_EQ(byte_by_byte.outcome->usage.total(), 1258);

  std::mt19937 random(1234);
  for (int round = 0; round < 200; ++round) {
    const Decoded decoded =
        decode_with_cuts(openai_decoder(true), kStream, random_cuts(kStream.size(), random));
    ASSERT_TRUE(decoded.outcome.has_value()) << "round " << round;
    EXPECT_EQ(decoded.streamed(), "2 + 2 equals 4.");
    EXPECT_EQ(decoded.outcome->text, "2 + 2 equals 4.");
    EXPECT_EQ(decoded.outcome->usage.total(), 1258);
  }
}

TEST(OpenAiChatStream, TextIsReportedAsItArrivesNotAtTheEnd) {
  std::vector<std::string> pieces;
  auto decoder = make_openai_chat_decoder(
      kModel, true, [&](std::string_view text) { pieces.emplace_back(text); });
  decoder->feed(chunk_with_content("Hel"));
  EXPECT_EQ(pieces, std::vector<std::string>{"Hel"});
  decoder->feed(chunk_with_content("lo"));
  EXPECT_EQ(pieces, (std::vector<std::string>{"Hel", "lo"}));
  decoder->feed("data: [DONE]\n\n");
  ASSERT_TRUE(decoder->finish().has_value());
}

TEST(OpenAiChatStream, Utf8SplitAcrossFeedsIsReassembled) {
  const std::string text =
      "h\xC3\xA9llo \xF0\x9F\x91\x8B \xE4\xB8\x96\xE7\x95\x8C";  // héllo 👋 世界
  const std::string stream = chunk_with_content(text.substr(0, 7)) +
                             chunk_with_content(text.substr(7)) + "data: [DONE]\n\n";
  // The raw chunk carries the bytes unescaped, so byte-by-byte feeding splits every sequence.
  ASSERT_NE(stream.find("\xF0\x9F\x91\x8B"), std::string::npos);
  const Decoded decoded = decode_byte_by_byte(openai_decoder(true), stream);
  ASSERT_TRUE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome->text, text);
  EXPECT_EQ(decoded.streamed(), text);
  for (const auto& piece : decoded.pieces) EXPECT_TRUE(is_valid_utf8(piece)) << piece;

  // Escaped in the JSON (\u00e9, a surrogate pair) gives the same text.
  const std::string escaped =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"h\\u00e9llo "
      "\\ud83d\\udc4b\"}}]}\n\ndata: [DONE]\n\n";
  const Decoded decoded_escaped = decode_byte_by_byte(openai_decoder(true), escaped);
  ASSERT_TRUE(decoded_escaped.outcome.has_value());
  EXPECT_EQ(decoded_escaped.outcome->text, "h\xC3\xA9llo \xF0\x9F\x91\x8B");
}

TEST(OpenAiChatStream, StreamCutBeforeDoneIsANetworkFailure) {
  const std::string cut = kStream.substr(0, kStream.find("data: [DONE]"));
  const Decoded decoded = decode_whole(openai_decoder(true), cut);
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network);
  EXPECT_NE(decoded.outcome.error().message.find("[DONE]"), std::string::npos)
      << decoded.outcome.error().message;
  EXPECT_EQ(decoded.streamed(), "2 + 2 equals 4.")
      << "what streamed before the cut was still reported";

  // Cut inside a chunk, and cut inside the terminator itself.
  for (std::size_t end : {kStream.find("equals") + 2, kStream.size() - 5}) {
    const Decoded partial = decode_whole(openai_decoder(true), kStream.substr(0, end));
    ASSERT_FALSE(partial.outcome.has_value()) << end;
    EXPECT_EQ(partial.outcome.error().reason, FailureReason::Network);
  }
}

TEST(OpenAiChatStream, DoneWithoutItsBlankLineStillCompletes) {
  const Decoded decoded =
      decode_whole(openai_decoder(true), chunk_with_content("ok") + "data: [DONE]\n");
  ASSERT_TRUE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome->text, "ok");
  EXPECT_EQ(decoded.outcome->stop_reason, "stop");
}

TEST(OpenAiChatStream, MalformedChunkIsANetworkFailure) {
  const Decoded decoded =
      decode_whole(openai_decoder(true), chunk_with_content("fine") +
                                             "data: {\"choices\": [oops\n\n" + "data: [DONE]\n\n");
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network);
  EXPECT_NE(decoded.outcome.error().message.find("stream chunk is not valid JSON"),
            std::string::npos)
      << decoded.outcome.error().message;
}

TEST(OpenAiChatStream, ErrorChunkEndsTheStreamWithItsClassification) {
  const std::string stream =
      chunk_with_content("partial") +
      R"(data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})"
      "\n\n" +
      chunk_with_content("ignored") + "data: [DONE]\n\n";
  const Decoded decoded = decode_whole(openai_decoder(true), stream);
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::ServerError);
  EXPECT_NE(decoded.outcome.error().message.find("The server had an error"), std::string::npos);
  EXPECT_EQ(decoded.streamed(), "partial") << "nothing after the error is reported";
}

TEST(OpenAiChatStream, OpenRouterMidStreamErrorWithNumericCode) {
  const std::string stream =
      ": OPENROUTER PROCESSING\n\n" + chunk_with_content("Hi") +
      R"(data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"anthropic/claude-sonnet-4","provider":"Anthropic","error":{"code":429,"message":"Provider returned error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})"
      "\n\n";
  const Decoded decoded = decode_whole(openai_decoder(true), stream);
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::RateLimit);
}

TEST(OpenAiChatStream, KeepAliveCommentsAreIgnored) {
  const std::string stream = ": OPENROUTER PROCESSING\n\n" + chunk_with_content("a") +
                             ": OPENROUTER PROCESSING\n\n" + chunk_with_content("b") +
                             "data: [DONE]\n\n";
  const Decoded decoded = decode_whole(openai_decoder(true), stream);
  ASSERT_TRUE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome->text, "ab");
}

TEST(OpenAiChatStream, ServerThatAnswersAStreamRequestWithJsonIsUnderstood) {
  const Decoded decoded = decode_byte_by_byte(openai_decoder(true), "\n" + kCompletion);
  ASSERT_TRUE(decoded.outcome.has_value()) << decoded.outcome.error().message;
  EXPECT_EQ(decoded.outcome->text, "2 + 2 equals 4.");
  EXPECT_EQ(decoded.streamed(), "2 + 2 equals 4.");
}

TEST(OpenAiChatStream, EmptyBodyIsANetworkFailure) {
  const Decoded decoded = decode_whole(openai_decoder(true), "");
  ASSERT_FALSE(decoded.outcome.has_value());
  EXPECT_EQ(decoded.outcome.error().reason, FailureReason::Network);
  EXPECT_NE(decoded.outcome.error().message.find("empty"), std::string::npos);
}

TEST(OpenAiChatStream, FinishTwiceGivesTheSameOutcome) {
  auto decoder = make_openai_chat_decoder(kModel, true, nullptr);
  decoder->feed(kStream);
  const auto first = decoder->finish();
  const auto second = decoder->finish();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->text, second->text);
}

TEST(OpenAiUsage, DeepSeekCacheHitsCountAsCacheReads) {
  const TokenUsage usage = read_openai_usage(json::parse(
      R"({"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,"prompt_cache_hit_tokens":60,"prompt_cache_miss_tokens":40})"));
  EXPECT_EQ(usage.input, 40);
  EXPECT_EQ(usage.cache_read, 60);
  EXPECT_EQ(usage.output, 20);
}

TEST(WireAdapter, DispatchesOnTheEndpointsApi) {
  EXPECT_EQ(parse_wire_api("openai-completions"), WireApi::OpenAiCompletions);
  EXPECT_EQ(parse_wire_api("ollama"), WireApi::OpenAiCompletions);
  EXPECT_EQ(parse_wire_api("anthropic-messages"), WireApi::AnthropicMessages);
  EXPECT_FALSE(parse_wire_api("google-generative-ai").has_value());
  EXPECT_FALSE(parse_wire_api("").has_value());

  const auto request = build_chat_request(openai_endpoint(), sample_request(), "k");
  EXPECT_EQ(request.url, "https://api.openai.com/v1/chat/completions");
  auto decoder = make_response_decoder(openai_endpoint(), kModel, true, nullptr);
  decoder->feed(kStream);
  const auto outcome = decoder->finish();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->text, "2 + 2 equals 4.");
}

}  // namespace
}  // namespace openclaw::providers
