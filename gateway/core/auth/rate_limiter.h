// AuthRateLimiter: counts failed authentication attempts per (scope, client) and locks a
// client out of that scope after too many (spec §3.7, upstream auth-rate-limit.ts).
//
// Sliding window per key "<scope>:<client>": when the failures inside the last `window`
// reach `max_attempts`, the key is locked until now + `lockout`. Only wrong credentials are
// recorded (missing ones are not: the caller decides); a success resets the key. Loopback
// clients are exempt unless the caller says the exemption does not apply (browser-origin
// connects, hook auth). Time is passed in by the caller (milliseconds since the epoch, or
// any monotonic origin used consistently), so the limiter never reads a clock.
//
// Memory is bounded: at most `max_tracked_keys` keys are tracked. When a new key would
// exceed the cap, the key whose last failure is oldest is dropped first; locked keys are
// dropped only when every tracked key is locked, and then the one whose lockout ends first.
// A spray of source addresses therefore costs a bounded amount of memory and cannot release
// a lockout unless it first locks out `max_tracked_keys` other keys.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config/model.h"
#include "core/util/result.h"

namespace openclaw::auth {

// Scopes keep independent counters for each credential class (upstream's names).
inline constexpr std::string_view kScopeDefault = "default";
inline constexpr std::string_view kScopeSharedSecret = "shared-secret";
inline constexpr std::string_view kScopeDeviceToken = "device-token";
inline constexpr std::string_view kScopeHookAuth = "hook-auth";

inline constexpr std::size_t kDefaultMaxTrackedKeys = 100'000;

struct RateLimitOptions {
  int max_attempts = 10;
  std::chrono::milliseconds window{60'000};
  // 0 disables the lockout (as upstream: the key is "locked until now", i.e. not at all).
  std::chrono::milliseconds lockout{300'000};
  bool exempt_loopback = true;
  std::size_t max_tracked_keys = kDefaultMaxTrackedKeys;
};

struct RateLimitVerdict {
  bool allowed = true;
  // Milliseconds until the lockout ends; 0 when allowed. HTTP callers send
  // Retry-After: ceil(retry_after_ms / 1000).
  std::int64_t retry_after_ms = 0;
  // Failures still accepted before a lockout; 0 when locked.
  int remaining = 0;
};

// Thread-safe: every member function takes the limiter's mutex.
class AuthRateLimiter {
 public:
  // REQUIRES: options.max_attempts >= 1, window > 0, lockout >= 0, max_tracked_keys >= 1
  // (rate_limit_options_from_config checks these; out-of-range values are clamped here).
  explicit AuthRateLimiter(RateLimitOptions options = {});

  // Whether `client` may attempt to authenticate in `scope` at `now_ms`.
  //  - `scope`: one of the kScope* constants; empty means kScopeDefault.
  //  - `client`: the client IP as text ("203.0.113.7", "::ffff:10.0.0.1", "[::1]"), which is
  //    canonicalised so every spelling of one address shares a key. Text that is not an
  //    address is used as given (so callers may key by e.g. "browser-origin:<origin>"), ""
  //    becomes "unknown" (upstream: a client whose address could not be resolved).
  //  - `loopback_exempt_allowed`: false when the loopback exemption must not apply to this
  //    attempt even if the options allow it (browser-origin WS connects, hooks).
  // Never fails. Does not count as an attempt.
  RateLimitVerdict check(std::string_view scope, std::string_view client, std::int64_t now_ms,
                         bool loopback_exempt_allowed = true);

  // Records one wrong credential. Returns true when this failure started a lockout (the
  // server counts lockouts in its metrics); false otherwise, including for exempt clients,
  // for a key that is already locked (its failures are not counted) and when the lockout is
  // 0 ms.
  bool record_failure(std::string_view scope, std::string_view client, std::int64_t now_ms,
                      bool loopback_exempt_allowed = true);

  // Forgets the key (after a successful authentication).
  void reset(std::string_view scope, std::string_view client);

  // Drops keys with no failure inside the window and no running lockout. The server calls
  // this periodically (upstream: every 60 s).
  void prune(std::int64_t now_ms);

  // How many keys are tracked (diagnostics, tests).
  std::size_t tracked_keys() const;

  // A copy of the options in force.
  RateLimitOptions options() const;

  // Replaces the options (a config reload changed gateway.auth.rateLimit); values are
  // clamped as in the constructor. Failures already counted stay counted and running
  // lockouts keep their end time; the new maxAttempts and window apply to the next check.
  void set_options(RateLimitOptions options);

 private:
  struct Entry {
    std::vector<std::int64_t> failures;  // times inside the window, oldest first
    std::int64_t locked_until = 0;       // meaningful when `locked`
    bool locked = false;
    std::list<std::string>::iterator position;  // in unlocked_ or locked_
  };

  std::string key_for(std::string_view scope, std::string_view client, bool loopback_exempt_allowed,
                      bool& exempt) const;
  void drop_old_failures(Entry& entry, std::int64_t now_ms) const;
  // Ends an expired lockout: the key starts afresh.
  void end_lockout_if_expired(Entry& entry, std::int64_t now_ms);
  void erase(std::unordered_map<std::string, Entry>::iterator it);
  void evict_one();

  RateLimitOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  // Unlocked keys, least recently failed first; locked keys, earliest lockout end first
  // (the lockout length is fixed, so appending keeps that order).
  std::list<std::string> unlocked_;
  std::list<std::string> locked_;
};

// Limiter options from gateway.auth.rateLimit as written in openclaw.json (`section`; null
// or absent members take the defaults). Fails with a message naming the member, e.g.
//   gateway.auth.rateLimit.maxAttempts: 0 is out of range (expected an integer >= 1)
// Ranges: maxAttempts >= 1, windowMs >= 1, lockoutMs >= 0, exemptLoopback boolean (the same
// as the config schema); unknown members are refused.
Result<RateLimitOptions> rate_limit_options_from_config(const nlohmann::json& section);

// The same from the typed config model (config::Config::gateway.auth.rate_limit), which the
// schema has already checked; fails only when a value is out of the ranges above.
Result<RateLimitOptions> rate_limit_options_from_config(const config::RateLimitConfig& config);

}  // namespace openclaw::auth
