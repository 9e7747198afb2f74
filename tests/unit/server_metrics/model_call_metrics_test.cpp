// GatewayMetrics as the model router's ModelCallObserver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "server/metrics/gateway_metrics.h"

namespace openclaw::server {
namespace {

using providers::FailureReason;
using providers::ModelRef;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ModelCallMetrics, FamiliesAreListedBeforeAnyCall) {
  GatewayMetrics metrics("1.2.3");
  const std::string text = metrics.render_text();
  for (const char* line : {"# TYPE openclaw_model_call_total counter",
                           "# TYPE openclaw_model_call_duration_seconds histogram",
                           "# TYPE openclaw_model_first_token_seconds histogram",
                           "# TYPE openclaw_model_tokens_total counter",
                           "# TYPE openclaw_model_failover_total counter"}) {
    EXPECT_THAT(text, HasSubstr(line));
  }
}

TEST(ModelCallMetrics, RouterFiguresShowUpWithTheirLabels) {
  GatewayMetrics metrics("1.2.3");
  providers::ModelCallObserver& observer = metrics;
  const ModelRef gpt{"openai", "gpt-4o"};
  const ModelRef claude{"anthropic", "claude-sonnet-4"};
  const ModelRef routed{"openrouter", "meta-llama/llama-3.3-70b:free"};

  observer.call_finished(gpt, "rate_limit", 0.4);
  observer.failover(gpt, claude, FailureReason::RateLimit);
  observer.first_token(claude, 0.3);
  observer.call_finished(claude, "ok", 2.0);
  observer.tokens(claude, "input", 120);
  observer.tokens(claude, "output", 30);
  observer.tokens(claude, "output", 12);
  observer.tokens(claude, "cache_read", 0);  // nothing to count
  observer.call_finished(routed, "ok", 1.0);

  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_model_call_total{model=\"gpt-4o\",outcome=\"rate_limit\","
                              "provider=\"openai\"} 1"));
  EXPECT_THAT(
      text, HasSubstr("openclaw_model_call_total{model=\"claude-sonnet-4\",outcome=\"ok\",provider="
                      "\"anthropic\"} 1"));
  EXPECT_THAT(
      text,
      HasSubstr("openclaw_model_call_total{model=\"meta-llama/llama-3.3-70b:free\",outcome=\"ok\","
                "provider=\"openrouter\"} 1"));
  EXPECT_THAT(
      text,
      HasSubstr("openclaw_model_call_duration_seconds_count{model=\"claude-sonnet-4\",provider="
                "\"anthropic\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("openclaw_model_call_duration_seconds_bucket{model=\"claude-sonnet-4\","
                        "provider=\"anthropic\",le=\"2.5\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_model_first_token_seconds_bucket{model=\"claude-sonnet-4\","
                              "provider=\"anthropic\",le=\"0.5\"} 1"));
  EXPECT_THAT(
      text,
      HasSubstr("openclaw_model_tokens_total{kind=\"input\",model=\"claude-sonnet-4\",provider="
                "\"anthropic\"} 120"));
  EXPECT_THAT(
      text,
      HasSubstr("openclaw_model_tokens_total{kind=\"output\",model=\"claude-sonnet-4\",provider="
                "\"anthropic\"} 42"));
  EXPECT_THAT(text, Not(HasSubstr("kind=\"cache_read\"")));
  EXPECT_THAT(
      text,
      HasSubstr("openclaw_model_failover_total{from=\"openai/gpt-4o\",reason=\"rate_limit\",to="
                "\"anthropic/claude-sonnet-4\"} 1"));
}

TEST(ModelCallMetrics, OddModelIdsAndManySeriesStayBounded) {
  GatewayMetrics metrics("1.2.3");
  metrics.call_finished(ModelRef{"custom", "model with spaces\"}"}, "ok", 1.0);
  for (int i = 0; i < 2000; ++i) {
    metrics.call_finished(ModelRef{"custom", "m" + std::to_string(i)}, "ok", 1.0);
  }
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, Not(HasSubstr("model with spaces")));
  EXPECT_THAT(text, HasSubstr("model=\"other\""));
  EXPECT_THAT(text, Not(HasSubstr("model=\"m1999\"")));
}

}  // namespace
}  // namespace openclaw::server
