#include "server/control_plane_budget.h"

#include <algorithm>

namespace openclaw::server {
namespace {

std::string part_or(const std::string& value, std::string_view fallback) {
  return value.empty() ? std::string(fallback) : value;
}

// device|ip, plus the connection when the caller's identity is incomplete, so unrelated
// device-less callers do not share one bucket.
std::string caller_key(std::string_view method, const ConnectionIdentity& caller) {
  const std::string device = part_or(caller.device_id.value_or(""), "unknown-device");
  const std::string ip = part_or(caller.remote_ip, "unknown-ip");
  std::string key = std::string(method) + "|" + device + "|" + ip;
  if ((device == "unknown-device" || ip == "unknown-ip") && !caller.conn_id.empty())
    key += "|conn=" + caller.conn_id;
  return key;
}

}  // namespace

bool ControlPlaneBudget::is_budgeted(std::string_view method) {
  return method == "config.apply" || method == "config.patch" || method == "update.run";
}

ControlPlaneBudget::Decision ControlPlaneBudget::consume(std::string_view method,
                                                         const ConnectionIdentity& caller,
                                                         std::int64_t now_ms) {
  const std::int64_t window = options_.window.count();
  Decision decision;
  decision.key = caller_key(method, caller);
  std::lock_guard lock(mutex_);
  prune(now_ms);
  auto [it, created] = buckets_.try_emplace(decision.key);
  Bucket& bucket = it->second;
  if (created || now_ms - bucket.window_start_ms >= window) {
    bucket = Bucket{1, now_ms};
    decision.remaining = options_.max_requests - 1;
    return decision;
  }
  if (bucket.count >= options_.max_requests) {
    decision.allowed = false;
    decision.retry_after_ms = std::max<std::int64_t>(0, bucket.window_start_ms + window - now_ms);
    return decision;
  }
  ++bucket.count;
  decision.remaining = std::max(0, options_.max_requests - bucket.count);
  return decision;
}

protocol::ErrorShape ControlPlaneBudget::refusal(std::string_view method,
                                                 const Decision& decision) const {
  const std::int64_t seconds = (decision.retry_after_ms + 999) / 1000;
  const std::string limit = std::to_string(options_.max_requests) + " per " +
                            std::to_string(options_.window.count() / 1000) + "s";
  return protocol::ErrorShape{protocol::kUnavailable,
                              "rate limit exceeded for " + std::string(method) + "; retry after " +
                                  std::to_string(seconds) + "s",
                              {{"method", method}, {"limit", limit}},
                              true,
                              decision.retry_after_ms};
}

// Buckets whose window ended long ago are dropped once there are many, so the map stays small.
void ControlPlaneBudget::prune(std::int64_t now_ms) {
  if (buckets_.size() < 256) return;
  const std::int64_t cutoff = now_ms - 2 * options_.window.count();
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.window_start_ms < cutoff; });
}

}  // namespace openclaw::server
