#include "providers/cooldown_tracker.h"

#include <algorithm>

namespace openclaw::providers {
namespace {

// Failures that say nothing about the provider's health: the request itself was refused
// (another provider may accept it, but this one is fine for other requests: a 400, or the
// long-context 429 that only requests beyond the tier's context get), the caller went away,
// or nothing was sent at all.
bool cools_down(FailureReason reason) {
  return reason != FailureReason::BadRequest && reason != FailureReason::Cancelled &&
         reason != FailureReason::MissingCredential && reason != FailureReason::LongContext;
}

}  // namespace

CooldownTracker::CooldownTracker(CooldownPolicy policy) : policy_(policy) {}

void CooldownTracker::record_failure(std::string_view key, const ModelFailure& failure,
                                     Clock::time_point now) {
  if (!cools_down(failure.reason)) return;
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) it = entries_.emplace(std::string(key), Entry{}).first;
  Entry& entry = it->second;
  ++entry.consecutive_failures;

  std::chrono::milliseconds length = policy_.initial;
  if (failure.retry_after) {
    // The provider said when to come back; a negative value is nonsense and means "now".
    length = std::max(*failure.retry_after, std::chrono::milliseconds{0});
  } else {
    // initial, 2x, 4x, ... per consecutive failure; stop doubling once max is reached so
    // the shift cannot overflow after a long outage.
    for (int i = 1; i < entry.consecutive_failures && length < policy_.max; ++i) length *= 2;
  }
  // Even an honest Retry-After of a day would park a provider for longer than an operator
  // expects; max is the longest any key stays out of rotation.
  length = std::min(length, policy_.max);
  // A second failure reported late (a slow attempt that started before the first failure)
  // must not shorten a cooldown already in force.
  entry.until = std::max(entry.until, now + length);
}

void CooldownTracker::record_success(std::string_view key) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) entries_.erase(it);
}

std::optional<CooldownTracker::Clock::time_point> CooldownTracker::cooling_until(
    std::string_view key, Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.until <= now) return std::nullopt;
  return it->second.until;
}

void CooldownTracker::set_policy(CooldownPolicy policy) {
  std::lock_guard lock(mutex_);
  policy_ = policy;
}

}  // namespace openclaw::providers
