// Remembers which provider/profile pairs failed recently so the router skips them for a
// while and returns to them afterwards (the runbooks' "stuck on the fallback" and "429
// storm" stories). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "providers/chat_model.h"

namespace openclaw::providers {

struct CooldownPolicy {
  std::chrono::milliseconds initial{30'000};  // first failure without Retry-After
  std::chrono::milliseconds max{3'600'000};   // doubling stops here
};

class CooldownTracker {
 public:
  using Clock = std::chrono::steady_clock;
  explicit CooldownTracker(CooldownPolicy policy = {});

  // Records a failure of `key` ("provider/profileId", or "provider" without a profile):
  // cools down for Retry-After when given, else initial doubling per consecutive failure,
  // capped at max (a longer Retry-After is cut to max). Reasons that are the request's fault
  // or say nothing about the provider's health do not cool down: BadRequest, Cancelled,
  // MissingCredential (nothing was sent) and LongContext (Anthropic refuses that one long
  // request; shorter ones still go through).
  void record_failure(std::string_view key, const ModelFailure& failure, Clock::time_point now = Clock::now());
  // A success clears the key's failure streak.
  void record_success(std::string_view key);
  // When `key` may be used again; nullopt when it may be used now.
  std::optional<Clock::time_point> cooling_until(std::string_view key, Clock::time_point now = Clock::now()) const;

  void set_policy(CooldownPolicy policy);

 private:
  struct Entry {
    Clock::time_point until;
    int consecutive_failures = 0;
  };
  mutable std::mutex mutex_;
  CooldownPolicy policy_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace openclaw::providers
