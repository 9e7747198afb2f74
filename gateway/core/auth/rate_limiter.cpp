#include "core/auth/rate_limiter.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "core/crypto/sha256.h"
#include "core/net/ip_address.h"
#include "core/util/text.h"

namespace openclaw::auth {
namespace {

// Keys are built from request data (an Origin header, say); a longer client text is
// replaced by its digest so one key never costs more than a few dozen bytes.
constexpr std::size_t kMaxClientTextInKey = 128;

// Far beyond any sensible window or lockout, and small enough that now + lockout cannot
// overflow; maxAttempts only has to fit an int.
constexpr std::int64_t kMaxMs = std::numeric_limits<std::int64_t>::max() / 4;
constexpr std::int64_t kMaxAttempts = std::numeric_limits<int>::max();

RateLimitOptions clamped(RateLimitOptions options) {
  options.max_attempts = std::max(options.max_attempts, 1);
  options.window =
      std::clamp(options.window, std::chrono::milliseconds(1), std::chrono::milliseconds(kMaxMs));
  options.lockout =
      std::clamp(options.lockout, std::chrono::milliseconds(0), std::chrono::milliseconds(kMaxMs));
  options.max_tracked_keys = std::max<std::size_t>(options.max_tracked_keys, 1);
  return options;
}

}  // namespace

AuthRateLimiter::AuthRateLimiter(RateLimitOptions options) : options_(clamped(options)) {}

RateLimitOptions AuthRateLimiter::options() const {
  std::lock_guard lock(mutex_);
  return options_;
}

void AuthRateLimiter::set_options(RateLimitOptions options) {
  std::lock_guard lock(mutex_);
  options_ = clamped(options);
  while (entries_.size() > options_.max_tracked_keys) evict_one();
}

std::string AuthRateLimiter::key_for(std::string_view scope, std::string_view client,
                                     bool loopback_exempt_allowed, bool& exempt) const {
  std::string key(trim(scope).empty() ? kScopeDefault : trim(scope));
  key += ':';
  client = trim(client);
  exempt = false;
  if (auto address = net::IpAddress::parse(client)) {
    exempt = options_.exempt_loopback && loopback_exempt_allowed && address->is_loopback();
    key += address->to_string();
  } else if (client.empty()) {
    key += "unknown";
  } else if (client.size() > kMaxClientTextInKey) {
    key += "sha256:" + crypto::sha256_hex(client);
  } else {
    key += client;
  }
  return key;
}

void AuthRateLimiter::drop_old_failures(Entry& entry, std::int64_t now_ms) const {
  const std::int64_t cutoff = now_ms - options_.window.count();
  auto first_kept = std::find_if(entry.failures.begin(), entry.failures.end(),
                                 [&](std::int64_t at) { return at > cutoff; });
  entry.failures.erase(entry.failures.begin(), first_kept);
}

void AuthRateLimiter::end_lockout_if_expired(Entry& entry, std::int64_t now_ms) {
  if (!entry.locked || now_ms < entry.locked_until) return;
  entry.locked = false;
  entry.failures.clear();
  unlocked_.splice(unlocked_.end(), locked_, entry.position);
}

void AuthRateLimiter::erase(std::unordered_map<std::string, Entry>::iterator it) {
  (it->second.locked ? locked_ : unlocked_).erase(it->second.position);
  entries_.erase(it);
}

void AuthRateLimiter::evict_one() {
  std::list<std::string>& victims = unlocked_.empty() ? locked_ : unlocked_;
  if (victims.empty()) return;
  entries_.erase(victims.front());
  victims.pop_front();
}

RateLimitVerdict AuthRateLimiter::check(std::string_view scope, std::string_view client,
                                        std::int64_t now_ms, bool loopback_exempt_allowed) {
  std::lock_guard lock(mutex_);  // also guards options_, which set_options may replace
  bool exempt = false;
  const std::string key = key_for(scope, client, loopback_exempt_allowed, exempt);
  const RateLimitVerdict fresh{
      .allowed = true, .retry_after_ms = 0, .remaining = options_.max_attempts};
  if (exempt) return fresh;

  auto it = entries_.find(key);
  if (it == entries_.end()) return fresh;
  Entry& entry = it->second;
  end_lockout_if_expired(entry, now_ms);
  if (entry.locked) {
    return {.allowed = false, .retry_after_ms = entry.locked_until - now_ms, .remaining = 0};
  }
  drop_old_failures(entry, now_ms);
  const int used = static_cast<int>(entry.failures.size());
  const int remaining = std::max(0, options_.max_attempts - used);
  return {.allowed = remaining > 0, .retry_after_ms = 0, .remaining = remaining};
}

bool AuthRateLimiter::record_failure(std::string_view scope, std::string_view client,
                                     std::int64_t now_ms, bool loopback_exempt_allowed) {
  std::lock_guard lock(mutex_);
  bool exempt = false;
  std::string key = key_for(scope, client, loopback_exempt_allowed, exempt);
  if (exempt) return false;

  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= options_.max_tracked_keys) evict_one();
    unlocked_.push_back(key);
    it = entries_.emplace(std::move(key), Entry{}).first;
    it->second.position = std::prev(unlocked_.end());
  }
  Entry& entry = it->second;
  end_lockout_if_expired(entry, now_ms);
  if (entry.locked) return false;  // already blocked; further failures change nothing

  drop_old_failures(entry, now_ms);
  entry.failures.push_back(now_ms);
  if (static_cast<int>(entry.failures.size()) < options_.max_attempts) {
    unlocked_.splice(unlocked_.end(), unlocked_, entry.position);  // most recent failure last
    return false;
  }
  if (options_.lockout.count() == 0) {
    // Upstream locks "until now", which has already passed: the key simply starts afresh.
    entry.failures.clear();
    unlocked_.splice(unlocked_.end(), unlocked_, entry.position);
    return false;
  }
  entry.locked = true;
  entry.locked_until = now_ms + options_.lockout.count();
  entry.failures.clear();
  locked_.splice(locked_.end(), unlocked_, entry.position);
  return true;
}

void AuthRateLimiter::reset(std::string_view scope, std::string_view client) {
  std::lock_guard lock(mutex_);
  bool exempt = false;
  const std::string key = key_for(scope, client, /*loopback_exempt_allowed=*/false, exempt);
  if (auto it = entries_.find(key); it != entries_.end()) erase(it);
}

void AuthRateLimiter::prune(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& entry = it->second;
    end_lockout_if_expired(entry, now_ms);
    if (!entry.locked) drop_old_failures(entry, now_ms);
    if (!entry.locked && entry.failures.empty()) {
      auto next = std::next(it);
      erase(it);
      it = next;
    } else {
      ++it;
    }
  }
}

std::size_t AuthRateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

// ---------------------------------------------------------------- configuration

namespace {

constexpr std::string_view kSection = "gateway.auth.rateLimit";

std::string member_path(std::string_view member) {
  return std::string(kSection) + "." + std::string(member);
}

// The integer at `value` when it is one within [minimum, maximum]; otherwise an error
// naming the member. JSON numbers like 5.0 count as integers (JSON5 writes them so).
Result<std::int64_t> integer_in_range(const nlohmann::json& value, std::string_view member,
                                      std::int64_t minimum, std::int64_t maximum) {
  std::optional<std::int64_t> number;
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value <= static_cast<std::uint64_t>(maximum)) {
      number = static_cast<std::int64_t>(unsigned_value);
    }
  } else if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
  } else if (value.is_number_float()) {
    const double real = value.get<double>();
    // Range first: converting a double outside int64's range is undefined.
    if (real >= static_cast<double>(minimum) && real <= static_cast<double>(maximum)) {
      number = static_cast<std::int64_t>(real);
      if (static_cast<double>(*number) != real) {
        return fail(member_path(member) + ": " + value.dump() + " is not a whole number");
      }
    }
  } else {
    return fail(member_path(member) + ": must be an integer, not " +
                std::string(value.type_name()));
  }
  if (!number || *number < minimum || *number > maximum) {
    const bool small_maximum = maximum <= std::numeric_limits<int>::max();
    return fail(
        member_path(member) + ": " + value.dump() + " is out of range (expected an integer " +
        (small_maximum ? "from " + std::to_string(minimum) + " to " + std::to_string(maximum)
                       : ">= " + std::to_string(minimum)) +
        ")");
  }
  return *number;
}

Result<RateLimitOptions> checked_options(std::int64_t max_attempts, std::int64_t window_ms,
                                         std::int64_t lockout_ms, bool exempt_loopback) {
  auto out_of_range = [](std::string_view member, std::int64_t value, std::int64_t minimum) {
    return fail(member_path(member) + ": " + std::to_string(value) +
                " is out of range (expected an integer >= " + std::to_string(minimum) + ")");
  };
  if (max_attempts < 1 || max_attempts > kMaxAttempts) {
    return out_of_range("maxAttempts", max_attempts, 1);
  }
  if (window_ms < 1 || window_ms > kMaxMs) return out_of_range("windowMs", window_ms, 1);
  if (lockout_ms < 0 || lockout_ms > kMaxMs) return out_of_range("lockoutMs", lockout_ms, 0);
  RateLimitOptions options;
  options.max_attempts = static_cast<int>(max_attempts);
  options.window = std::chrono::milliseconds(window_ms);
  options.lockout = std::chrono::milliseconds(lockout_ms);
  options.exempt_loopback = exempt_loopback;
  return options;
}

}  // namespace

Result<RateLimitOptions> rate_limit_options_from_config(const nlohmann::json& section) {
  if (section.is_null()) return RateLimitOptions{};
  if (!section.is_object()) {
    return fail(std::string(kSection) + ": must be an object, not " +
                std::string(section.type_name()));
  }
  std::int64_t max_attempts = 10;
  std::int64_t window_ms = 60'000;
  std::int64_t lockout_ms = 300'000;
  bool exempt_loopback = true;
  for (const auto& [member, value] : section.items()) {
    if (value.is_null()) continue;
    if (member == "maxAttempts") {
      auto number = integer_in_range(value, member, 1, kMaxAttempts);
      if (!number) return std::unexpected(number.error());
      max_attempts = *number;
    } else if (member == "windowMs") {
      auto number = integer_in_range(value, member, 1, kMaxMs);
      if (!number) return std::unexpected(number.error());
      window_ms = *number;
    } else if (member == "lockoutMs") {
      auto number = integer_in_range(value, member, 0, kMaxMs);
      if (!number) return std::unexpected(number.error());
      lockout_ms = *number;
    } else if (member == "exemptLoopback") {
      if (!value.is_boolean()) {
        return fail(member_path(member) + ": must be true or false, not " +
                    std::string(value.type_name()));
      }
      exempt_loopback = value.get<bool>();
    } else {
      return fail(member_path(member) +
                  ": unknown setting (expected maxAttempts, windowMs, lockoutMs or "
                  "exemptLoopback)");
    }
  }
  return checked_options(max_attempts, window_ms, lockout_ms, exempt_loopback);
}

Result<RateLimitOptions> rate_limit_options_from_config(const config::RateLimitConfig& config) {
  return checked_options(config.max_attempts, config.window_ms, config.lockout_ms,
                         config.exempt_loopback);
}

}  // namespace openclaw::auth
