// Embeddings over the OpenAI-compatible API (declared in wire_adapter.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "decoder_test_support.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;
using testing_support::header_count;
using testing_support::header_value;

ProviderEndpoint openai_endpoint(std::string base_url = "https://api.openai.com/v1") {
  ProviderEndpoint endpoint;
  endpoint.provider_id = "openai";
  endpoint.base_url = std::move(base_url);
  return endpoint;
}

TEST(EmbeddingsRequest, PostsModelAndInputsToEmbeddings) {
  const auto request = build_embeddings_request(
      openai_endpoint("https://api.openai.com/v1/"),
      {"text-embedding-3-small", {"first text", "second text"}}, "sk-test");
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://api.openai.com/v1/embeddings");
  EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test");
  EXPECT_EQ(header_value(request, "Content-Type"), "application/json");
  const json body = json::parse(request.body);
  EXPECT_EQ(body["model"], "text-embedding-3-small");
  EXPECT_EQ(body["input"], json::parse(R"(["first text", "second text"])"));
  EXPECT_EQ(body["encoding_format"], "float");
}

TEST(EmbeddingsRequest, NoAuthorizationWithoutAKeyOrWhenDisabled) {
  EXPECT_EQ(
      header_count(build_embeddings_request(openai_endpoint(), {"m", {"x"}}, ""), "Authorization"),
      0u);
  ProviderEndpoint endpoint = openai_endpoint("http://127.0.0.1:11434/v1");
  endpoint.auth_header = false;
  EXPECT_EQ(header_count(build_embeddings_request(endpoint, {"m", {"x"}}, "key"), "Authorization"),
            0u);
}

TEST(EmbeddingsResponse, ParsesVectorsAndUsage) {
  const auto result = parse_embeddings_response(R"({
    "object": "list",
    "data": [
      {"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, 0.015797347]},
      {"object": "embedding", "index": 1, "embedding": [-0.0028842222, 0.021, 1]}
    ],
    "model": "text-embedding-3-small",
    "usage": {"prompt_tokens": 8, "total_tokens": 8}
  })");
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->vectors.size(), 2u);
  EXPECT_EQ(result->vectors[0], (std::vector<double>{0.0023064255, -0.009327292, 0.015797347}));
  EXPECT_EQ(result->vectors[1], (std::vector<double>{-0.0028842222, 0.021, 1.0}));
  EXPECT_EQ(result->prompt_tokens, 8);
}

TEST(EmbeddingsResponse, VectorsFollowTheIndexNotTheListOrder) {
  const auto result = parse_embeddings_response(R"({"data": [
      {"index": 2, "embedding": [2.0]}, {"index": 0, "embedding": [0.0]}, {"index": 1, "embedding": [1.0]}]})");
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->vectors.size(), 3u);
  EXPECT_EQ(result->vectors[0], std::vector<double>{0.0});
  EXPECT_EQ(result->vectors[1], std::vector<double>{1.0});
  EXPECT_EQ(result->vectors[2], std::vector<double>{2.0});
  EXPECT_EQ(result->prompt_tokens, 0);
}

TEST(EmbeddingsResponse, AcceptsBase64Float32Vectors) {
  // [1.0f, -2.0f] little-endian: 00 00 80 3f 00 00 00 c0.
  const auto result =
      parse_embeddings_response(R"({"data": [{"index": 0, "embedding": "AACAPwAAAMA="}]})");
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->vectors[0], (std::vector<double>{1.0, -2.0}));
}

TEST(EmbeddingsResponse, RejectsBrokenResponsesSayingWhatIsWrong) {
  struct Case {
    const char* body;
    const char* says;
  };
  const Case cases[] = {
      {"not json", "not a JSON object"},
      {R"({"object":"list"})", "no data array"},
      {R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", "index 0 twice"},
      {R"({"data":[{"index":5,"embedding":[1]}]})", "data[0].index is missing or out of range"},
      {R"({"data":[{"index":-1,"embedding":[1]}]})", "data[0].index"},
      {R"({"data":[{"index":0}]})", "data[0] has no embedding"},
      {R"({"data":[{"index":0,"embedding":[1,"two"]}]})",
       "data[0].embedding is not an array of numbers"},
      {R"({"data":[{"index":0,"embedding":"!!"}]})", "data[0].embedding is neither"},
      {R"({"error":{"message":"This model's maximum context length is 8192 tokens","type":"invalid_request_error"}})",
       "reported an error: This model's maximum context length is 8192 tokens"},
  };
  for (const Case& c : cases) {
    const auto result = parse_embeddings_response(c.body);
    ASSERT_FALSE(result.has_value()) << c.body;
    EXPECT_NE(result.error().message.find(c.says), std::string::npos)
        << c.body << " -> " << result.error().message;
  }
}

}  // namespace
}  // namespace openclaw::providers
