#include "core/auth/rate_limiter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace openclaw::auth {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

RateLimitOptions small(int max_attempts = 3) {
  RateLimitOptions options;
  options.max_attempts = max_attempts;
  options.window = 10'000ms;
  options.lockout = 60'000ms;
  return options;
}

constexpr std::int64_t kT0 = 1'700'000'000'000;

TEST(AuthRateLimiter, UnknownClientIsAllowedWithFullBudget) {
  AuthRateLimiter limiter(small());
  auto verdict = limiter.check(kScopeSharedSecret, "203.0.113.7", kT0);
  EXPECT_TRUE(verdict.allowed);
  EXPECT_EQ(verdict.retry_after_ms, 0);
  EXPECT_EQ(verdict.remaining, 3);
  EXPECT_EQ(limiter.tracked_keys(), 0u);  // checking does not track
}

TEST(AuthRateLimiter, LocksOutWhenFailuresReachTheLimitInsideTheWindow) {
  AuthRateLimiter limiter(small());
  EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0));
  EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 1000));
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 1500).remaining, 1);
  EXPECT_TRUE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 2000));

  auto verdict = limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 2000);
  EXPECT_FALSE(verdict.allowed);
  EXPECT_EQ(verdict.retry_after_ms, 60'000);
  EXPECT_EQ(verdict.remaining, 0);
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 32'000).retry_after_ms, 30'000);
}

TEST(AuthRateLimiter, LockoutEndsAfterItsDurationWithAFreshBudget) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 59'999).allowed);
  auto verdict = limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 60'000);
  EXPECT_TRUE(verdict.allowed);
  EXPECT_EQ(verdict.remaining, 3);
}

TEST(AuthRateLimiter, FailuresWhileLockedDoNotExtendTheLockout) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0);
  EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 30'000));
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 60'000).allowed);
}

TEST(AuthRateLimiter, FailuresOutsideTheWindowAreForgotten) {
  AuthRateLimiter limiter(small());
  limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0);
  limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 1'000);
  // The first failure slides out of the 10 s window before the third arrives.
  EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 10'500));
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 10'500).allowed);
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 10'500).remaining, 1);
}

TEST(AuthRateLimiter, ScopesAndClientsAreCountedSeparately) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0).allowed);
  EXPECT_TRUE(limiter.check(kScopeDeviceToken, "203.0.113.7", kT0).allowed);
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "203.0.113.8", kT0).allowed);
}

TEST(AuthRateLimiter, EverySpellingOfOneAddressSharesAKey) {
  AuthRateLimiter limiter(small());
  limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0);
  limiter.record_failure(kScopeSharedSecret, "::ffff:203.0.113.7", kT0);
  limiter.record_failure(kScopeSharedSecret, " [::ffff:203.0.113.7] ", kT0);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0).allowed);
  limiter.record_failure(kScopeDeviceToken, "2001:DB8:0:0::1", kT0);
  limiter.record_failure(kScopeDeviceToken, "2001:db8::1", kT0);
  limiter.record_failure(kScopeDeviceToken, "[2001:db8::0:1]", kT0);
  EXPECT_FALSE(limiter.check(kScopeDeviceToken, "2001:db8::1", kT0).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 2u);
}

TEST(AuthRateLimiter, EmptyScopeIsTheDefaultScope) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) limiter.record_failure("", "203.0.113.7", kT0);
  EXPECT_FALSE(limiter.check(kScopeDefault, "203.0.113.7", kT0).allowed);
}

TEST(AuthRateLimiter, LoopbackIsExemptByDefault) {
  AuthRateLimiter limiter(small());
  for (const char* client : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"}) {
    for (int i = 0; i < 5; ++i) {
      EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, client, kT0)) << client;
    }
    EXPECT_TRUE(limiter.check(kScopeSharedSecret, client, kT0).allowed) << client;
  }
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

TEST(AuthRateLimiter, LoopbackIsLimitedWhenTheCallerWithdrawsTheExemption) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) {
    limiter.record_failure(kScopeSharedSecret, "127.0.0.1", kT0, /*loopback_exempt_allowed=*/false);
  }
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "127.0.0.1", kT0, false).allowed);
  // The same key seen by an exempt caller stays open.
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "127.0.0.1", kT0, true).allowed);
}

TEST(AuthRateLimiter, LoopbackIsLimitedWhenTheOptionsSaySo) {
  RateLimitOptions options = small();
  options.exempt_loopback = false;
  AuthRateLimiter limiter(options);
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "::1", kT0);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "::1", kT0).allowed);
}

TEST(AuthRateLimiter, NonAddressClientsAreKeyedAsGivenAndEmptyIsUnknown) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) {
    limiter.record_failure(kScopeSharedSecret, "browser-origin:https://evil.example", kT0);
    limiter.record_failure(kScopeSharedSecret, "", kT0);
  }
  EXPECT_FALSE(
      limiter.check(kScopeSharedSecret, "browser-origin:https://evil.example", kT0).allowed);
  EXPECT_TRUE(
      limiter.check(kScopeSharedSecret, "browser-origin:https://good.example", kT0).allowed);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "unknown", kT0).allowed);
}

TEST(AuthRateLimiter, VeryLongClientTextsStillMatchThemselves) {
  AuthRateLimiter limiter(small());
  const std::string long_client = "browser-origin:https://" + std::string(5000, 'a') + ".example";
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, long_client, kT0);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, long_client, kT0).allowed);
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, long_client + "b", kT0).allowed);
}

TEST(AuthRateLimiter, SuccessResetsTheKey) {
  AuthRateLimiter limiter(small());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0);
  limiter.reset(kScopeSharedSecret, "::ffff:203.0.113.7");
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

TEST(AuthRateLimiter, ZeroLockoutNeverBlocks) {
  RateLimitOptions options = small();
  options.lockout = 0ms;
  AuthRateLimiter limiter(options);
  for (int i = 0; i < 7; ++i) {
    EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0));
  }
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0).allowed);
}

TEST(AuthRateLimiter, PruneDropsIdleKeysButKeepsLockouts) {
  AuthRateLimiter limiter(small());
  limiter.record_failure(kScopeSharedSecret, "203.0.113.1", kT0);  // idle after the window
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "203.0.113.2", kT0);
  limiter.record_failure(kScopeSharedSecret, "203.0.113.3", kT0 + 9'000);  // still in window
  ASSERT_EQ(limiter.tracked_keys(), 3u);

  limiter.prune(kT0 + 15'000);
  EXPECT_EQ(limiter.tracked_keys(), 2u);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.2", kT0 + 15'000).allowed);

  limiter.prune(kT0 + 60'000);  // the lockout ended, the other failure left the window
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

TEST(AuthRateLimiter, TrackedKeysAreCappedEvictingTheOldestUnlockedFirst) {
  RateLimitOptions options = small();
  options.max_tracked_keys = 4;
  AuthRateLimiter limiter(options);
  // One locked key, then a spray of single failures from many addresses.
  for (int i = 0; i < 3; ++i) limiter.record_failure(kScopeSharedSecret, "198.51.100.1", kT0);
  for (int i = 0; i < 100; ++i) {
    limiter.record_failure(kScopeSharedSecret, "203.0.113." + std::to_string(i), kT0 + i);
    EXPECT_LE(limiter.tracked_keys(), 4u);
  }
  EXPECT_EQ(limiter.tracked_keys(), 4u);
  // The spray could not release the lockout.
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "198.51.100.1", kT0 + 200).allowed);
  // The newest sprayed keys are the ones kept.
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.99", kT0 + 200).remaining, 2);
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.0", kT0 + 200).remaining, 3);
}

TEST(AuthRateLimiter, RecentFailureProtectsAKeyFromEviction) {
  RateLimitOptions options = small();
  options.max_tracked_keys = 2;
  AuthRateLimiter limiter(options);
  limiter.record_failure(kScopeSharedSecret, "203.0.113.1", kT0);
  limiter.record_failure(kScopeSharedSecret, "203.0.113.2", kT0 + 1);
  limiter.record_failure(kScopeSharedSecret, "203.0.113.1", kT0 + 2);  // .1 is now the newest
  limiter.record_failure(kScopeSharedSecret, "203.0.113.3", kT0 + 3);  // evicts .2
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.1", kT0 + 4).remaining, 1);
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.2", kT0 + 4).remaining, 3);
}

TEST(AuthRateLimiter, WhenEveryKeyIsLockedTheEarliestLockoutIsEvicted) {
  RateLimitOptions options = small(1);
  options.max_tracked_keys = 2;
  AuthRateLimiter limiter(options);
  EXPECT_TRUE(limiter.record_failure(kScopeSharedSecret, "203.0.113.1", kT0));
  EXPECT_TRUE(limiter.record_failure(kScopeSharedSecret, "203.0.113.2", kT0 + 1));
  EXPECT_TRUE(limiter.record_failure(kScopeSharedSecret, "203.0.113.3", kT0 + 2));
  EXPECT_EQ(limiter.tracked_keys(), 2u);
  EXPECT_TRUE(limiter.check(kScopeSharedSecret, "203.0.113.1", kT0 + 3).allowed);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.2", kT0 + 3).allowed);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.3", kT0 + 3).allowed);
}

TEST(AuthRateLimiter, ConcurrentFailuresAreAllCounted) {
  RateLimitOptions options = small(4 * 50);
  AuthRateLimiter limiter(options);
  std::vector<std::thread> threads;
  std::atomic<int> lockouts{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0)) ++lockouts;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(lockouts.load(), 1);
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0).allowed);
}

// ---------------------------------------------------------------- configuration

TEST(AuthRateLimiter, NewOptionsApplyToTheNextAttemptAndKeepCountedFailures) {
  AuthRateLimiter limiter(small(5));
  EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0));
  EXPECT_FALSE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 1));
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 2).remaining, 3);

  limiter.set_options(small(3));  // a config reload lowered maxAttempts
  EXPECT_EQ(limiter.options().max_attempts, 3);
  EXPECT_EQ(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 3).remaining, 1);
  EXPECT_TRUE(limiter.record_failure(kScopeSharedSecret, "203.0.113.7", kT0 + 4));
  EXPECT_FALSE(limiter.check(kScopeSharedSecret, "203.0.113.7", kT0 + 5).allowed);

  RateLimitOptions nonsense = small();
  nonsense.max_attempts = 0;
  limiter.set_options(nonsense);
  EXPECT_EQ(limiter.options().max_attempts, 1) << "clamped as in the constructor";
}

TEST(RateLimitOptionsFromConfig, NullGivesTheDefaults) {
  auto options = rate_limit_options_from_config(nlohmann::json());
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->max_attempts, 10);
  EXPECT_EQ(options->window, 60'000ms);
  EXPECT_EQ(options->lockout, 300'000ms);
  EXPECT_TRUE(options->exempt_loopback);
}

TEST(RateLimitOptionsFromConfig, ReadsEverySetting) {
  auto options = rate_limit_options_from_config(nlohmann::json::parse(
      R"({"maxAttempts": 5, "windowMs": 1000, "lockoutMs": 0, "exemptLoopback": false})"));
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->max_attempts, 5);
  EXPECT_EQ(options->window, 1000ms);
  EXPECT_EQ(options->lockout, 0ms);
  EXPECT_FALSE(options->exempt_loopback);
}

TEST(RateLimitOptionsFromConfig, PartialSectionKeepsOtherDefaults) {
  auto options = rate_limit_options_from_config(nlohmann::json::parse(R"({"maxAttempts": 3.0})"));
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->max_attempts, 3);
  EXPECT_EQ(options->lockout, 300'000ms);
}

TEST(RateLimitOptionsFromConfig, BadValuesNameTheSetting) {
  struct Case {
    const char* json;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"({"maxAttempts": 0})",
            "gateway.auth.rateLimit.maxAttempts: 0 is out of range (expected an integer from 1 "
            "to 2147483647)"},
           {R"({"maxAttempts": 3000000000})", "gateway.auth.rateLimit.maxAttempts: 3000000000"},
           {R"({"maxAttempts": 2.5})", "gateway.auth.rateLimit.maxAttempts: 2.5 is not a whole"},
           {R"({"windowMs": -1})",
            "gateway.auth.rateLimit.windowMs: -1 is out of range (expected an integer >= 1)"},
           {R"({"lockoutMs": -5})", "gateway.auth.rateLimit.lockoutMs: -5 is out of range"},
           {R"({"windowMs": "60s"})",
            "gateway.auth.rateLimit.windowMs: must be an integer, not string"},
           {R"({"exemptLoopback": "yes"})",
            "gateway.auth.rateLimit.exemptLoopback: must be true or false"},
           {R"({"maxAttempt": 3})", "gateway.auth.rateLimit.maxAttempt: unknown setting"},
           {R"([1, 2])", "gateway.auth.rateLimit: must be an object, not array"},
       }) {
    auto options = rate_limit_options_from_config(nlohmann::json::parse(c.json));
    ASSERT_FALSE(options) << c.json;
    EXPECT_THAT(options.error().message, HasSubstr(c.message)) << c.json;
  }
}

TEST(RateLimitOptionsFromConfig, TakesTheTypedModel) {
  config::RateLimitConfig config;
  config.max_attempts = 4;
  config.window_ms = 2'000;
  config.lockout_ms = 9'000;
  config.exempt_loopback = false;
  auto options = rate_limit_options_from_config(config);
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->max_attempts, 4);
  EXPECT_EQ(options->window, 2'000ms);
  EXPECT_EQ(options->lockout, 9'000ms);
  EXPECT_FALSE(options->exempt_loopback);

  config.max_attempts = 0;
  auto bad = rate_limit_options_from_config(config);
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("gateway.auth.rateLimit.maxAttempts: 0"));
}

}  // namespace
}  // namespace openclaw::auth
