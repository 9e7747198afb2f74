#include "providers/chat_model.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::providers {
namespace {

TEST(ParseModelRef, SplitsProviderAndModel) {
  const auto ref = parse_model_ref("anthropic/claude-sonnet-4-5");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->provider, "anthropic");
  EXPECT_EQ(ref->model, "claude-sonnet-4-5");
  EXPECT_EQ(ref->to_string(), "anthropic/claude-sonnet-4-5");
}

TEST(ParseModelRef, KeepsFurtherSlashesInTheModel) {
  const auto ref = parse_model_ref("openrouter/anthropic/claude-sonnet-4");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->provider, "openrouter");
  EXPECT_EQ(ref->model, "anthropic/claude-sonnet-4");
  EXPECT_EQ(ref->to_string(), "openrouter/anthropic/claude-sonnet-4");
}

TEST(ParseModelRef, RejectsRefsWithoutBothParts) {
  EXPECT_FALSE(parse_model_ref("gpt-4o").has_value());
  EXPECT_FALSE(parse_model_ref("").has_value());
  EXPECT_FALSE(parse_model_ref("/gpt-4o").has_value());
  EXPECT_FALSE(parse_model_ref("openai/").has_value());
  EXPECT_FALSE(parse_model_ref("/").has_value());
}

TEST(ParseModelRef, RoundTripsThroughToString) {
  for (const char* text :
       {"openai/gpt-4o-mini", "ollama/llama3.1:8b", "vllm/meta-llama/Llama-3.3-70B"}) {
    const auto ref = parse_model_ref(text);
    ASSERT_TRUE(ref.has_value()) << text;
    EXPECT_EQ(ref->to_string(), text);
    EXPECT_EQ(parse_model_ref(ref->to_string()), ref);
  }
}

TEST(RoleToString, UsesTheWireNames) {
  EXPECT_EQ(to_string(Role::System), "system");
  EXPECT_EQ(to_string(Role::User), "user");
  EXPECT_EQ(to_string(Role::Assistant), "assistant");
}

TEST(FailureReasonToString, UsesFixedMetricLabels) {
  EXPECT_EQ(to_string(FailureReason::RateLimit), "rate_limit");
  EXPECT_EQ(to_string(FailureReason::LongContext), "long_context");
  EXPECT_EQ(to_string(FailureReason::Overloaded), "overloaded");
  EXPECT_EQ(to_string(FailureReason::ServerError), "server_error");
  EXPECT_EQ(to_string(FailureReason::Timeout), "timeout");
  EXPECT_EQ(to_string(FailureReason::Network), "network");
  EXPECT_EQ(to_string(FailureReason::Auth), "auth");
  EXPECT_EQ(to_string(FailureReason::BadRequest), "bad_request");
  EXPECT_EQ(to_string(FailureReason::MissingCredential), "missing_credential");
  EXPECT_EQ(to_string(FailureReason::Cancelled), "cancelled");
}

TEST(FailsOver, EveryReasonButCancelledMovesToTheNextModel) {
  for (FailureReason reason :
       {FailureReason::RateLimit, FailureReason::LongContext, FailureReason::Overloaded,
        FailureReason::ServerError, FailureReason::Timeout, FailureReason::Network,
        FailureReason::Auth, FailureReason::BadRequest, FailureReason::MissingCredential}) {
    EXPECT_TRUE(fails_over(reason)) << to_string(reason);
  }
  EXPECT_FALSE(fails_over(FailureReason::Cancelled));
}

}  // namespace
}  // namespace openclaw::providers
