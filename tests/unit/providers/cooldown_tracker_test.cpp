#include "providers/cooldown_tracker.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace openclaw::providers {
namespace {

using namespace std::chrono_literals;
using Clock = CooldownTracker::Clock;

ModelFailure failure(FailureReason reason,
                     std::optional<std::chrono::milliseconds> retry_after = std::nullopt) {
  ModelFailure result;
  result.reason = reason;
  result.retry_after = retry_after;
  return result;
}

const Clock::time_point t0 = Clock::time_point{} + 1000h;

TEST(CooldownTracker, UnknownKeyMayBeUsedNow) {
  CooldownTracker tracker;
  EXPECT_FALSE(tracker.cooling_until("openai", t0));
}

TEST(CooldownTracker, FirstFailureCoolsDownForTheInitialPeriod) {
  CooldownTracker tracker({.initial = 30s, .max = 1h});
  tracker.record_failure("openai", failure(FailureReason::RateLimit), t0);
  ASSERT_TRUE(tracker.cooling_until("openai", t0));
  EXPECT_EQ(*tracker.cooling_until("openai", t0), t0 + 30s);
  EXPECT_TRUE(tracker.cooling_until("openai", t0 + 29s));
  EXPECT_FALSE(tracker.cooling_until("openai", t0 + 30s));
  // Other keys are untouched: cooldowns are per provider/profile.
  EXPECT_FALSE(tracker.cooling_until("openai/openai:work", t0));
  EXPECT_FALSE(tracker.cooling_until("anthropic", t0));
}

TEST(CooldownTracker, ConsecutiveFailuresDoubleUpToTheMaximum) {
  CooldownTracker tracker({.initial = 30s, .max = 100s});
  tracker.record_failure("k", failure(FailureReason::ServerError), t0);
  EXPECT_EQ(*tracker.cooling_until("k", t0), t0 + 30s);
  tracker.record_failure("k", failure(FailureReason::ServerError), t0 + 40s);
  EXPECT_EQ(*tracker.cooling_until("k", t0 + 40s), t0 + 40s + 60s);
  tracker.record_failure("k", failure(FailureReason::Timeout), t0 + 200s);
  EXPECT_EQ(*tracker.cooling_until("k", t0 + 200s), t0 + 200s + 100s);  // 120 s capped at 100 s
  for (int i = 0; i < 100; ++i)
    tracker.record_failure("k", failure(FailureReason::Network), t0 + 300s);
  EXPECT_EQ(*tracker.cooling_until("k", t0 + 300s), t0 + 300s + 100s);
}

TEST(CooldownTracker, RetryAfterSetsTheLength) {
  CooldownTracker tracker({.initial = 30s, .max = 1h});
  tracker.record_failure("anthropic", failure(FailureReason::RateLimit, 120s), t0);
  EXPECT_EQ(*tracker.cooling_until("anthropic", t0), t0 + 120s);
  EXPECT_TRUE(tracker.cooling_until("anthropic", t0 + 119s));
  EXPECT_FALSE(tracker.cooling_until("anthropic", t0 + 120s));
}

TEST(CooldownTracker, RetryAfterIsCappedAtTheMaximum) {
  CooldownTracker tracker({.initial = 30s, .max = 10min});
  tracker.record_failure("k", failure(FailureReason::RateLimit, std::chrono::hours(24)), t0);
  EXPECT_EQ(*tracker.cooling_until("k", t0), t0 + 10min);
}

TEST(CooldownTracker, SuccessClearsTheStreak) {
  CooldownTracker tracker({.initial = 30s, .max = 1h});
  tracker.record_failure("k", failure(FailureReason::RateLimit), t0);
  tracker.record_failure("k", failure(FailureReason::RateLimit), t0);
  tracker.record_success("k");
  EXPECT_FALSE(tracker.cooling_until("k", t0));
  tracker.record_failure("k", failure(FailureReason::RateLimit), t0);
  EXPECT_EQ(*tracker.cooling_until("k", t0), t0 + 30s);  // back to the initial length
}

TEST(CooldownTracker, RequestFaultsDoNotCoolDown) {
  CooldownTracker tracker;
  for (FailureReason reason : {FailureReason::BadRequest, FailureReason::Cancelled,
                               FailureReason::MissingCredential, FailureReason::LongContext}) {
    tracker.record_failure("k", failure(reason, 60s), t0);
    EXPECT_FALSE(tracker.cooling_until("k", t0)) << to_string(reason);
  }
  for (FailureReason reason : {FailureReason::Auth, FailureReason::Overloaded}) {
    CooldownTracker fresh;
    fresh.record_failure("k", failure(reason), t0);
    EXPECT_TRUE(fresh.cooling_until("k", t0)) << to_string(reason);
  }
}

TEST(CooldownTracker, ALateShorterFailureDoesNotShortenACooldown) {
  CooldownTracker tracker({.initial = 30s, .max = 1h});
  tracker.record_failure("k", failure(FailureReason::RateLimit, 300s), t0);
  tracker.record_failure("k", failure(FailureReason::RateLimit, 5s), t0 + 1s);
  EXPECT_EQ(*tracker.cooling_until("k", t0 + 1s), t0 + 300s);
}

TEST(CooldownTracker, PolicyChangesApplyToLaterFailures) {
  CooldownTracker tracker({.initial = 30s, .max = 1h});
  tracker.set_policy({.initial = 5s, .max = 1h});
  tracker.record_failure("k", failure(FailureReason::ServerError), t0);
  EXPECT_EQ(*tracker.cooling_until("k", t0), t0 + 5s);
}

TEST(CooldownTracker, ConcurrentUseIsSafe) {
  CooldownTracker tracker({.initial = 1s, .max = 1h});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&tracker, t] {
      const std::string key = "provider" + std::to_string(t % 2);
      for (int i = 0; i < 2000; ++i) {
        tracker.record_failure(key, failure(FailureReason::RateLimit), t0);
        (void)tracker.cooling_until(key, t0);
        if (i % 10 == 0) tracker.record_success(key);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  tracker.record_success("provider0");
  EXPECT_FALSE(tracker.cooling_until("provider0", t0));
}

}  // namespace
}  // namespace openclaw::providers
