// The control-plane write budget (spec §1.11; upstream control-plane-rate-limit.ts): each
// caller — device id + client IP, and the connection when either is unknown — may call each
// budgeted method (config.apply, config.patch, update.run) at most 3 times per 60 s window.
// The call over budget is refused before its handler runs with
//   UNAVAILABLE "rate limit exceeded for config.apply; retry after 42s"
//   retryable:true, retryAfterMs, details {method, limit:"3 per 60s"}.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/protocol/error_shape.h"
#include "server/ws/client_connection.h"

namespace openclaw::server {

class ControlPlaneBudget {
 public:
  struct Options {
    int max_requests = 3;
    std::chrono::milliseconds window{60'000};
  };

  struct Decision {
    bool allowed = true;
    std::int64_t retry_after_ms = 0;  // when refused: until the caller's window ends
    int remaining = 0;                // calls left in the current window
    std::string key;                  // the bucket, for logs
  };

  ControlPlaneBudget() = default;
  explicit ControlPlaneBudget(Options options) : options_(options) {}

  // Whether `method` is budgeted at all.
  static bool is_budgeted(std::string_view method);

  // Counts one call of `method` by `caller` at `now_ms` (wall clock, ms) and says whether it
  // is within budget. Thread-safe.
  Decision consume(std::string_view method, const ConnectionIdentity& caller, std::int64_t now_ms);

  // The error answering a refused call.
  protocol::ErrorShape refusal(std::string_view method, const Decision& decision) const;

 private:
  struct Bucket {
    int count = 0;
    std::int64_t window_start_ms = 0;
  };

  void prune(std::int64_t now_ms);

  Options options_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace openclaw::server
