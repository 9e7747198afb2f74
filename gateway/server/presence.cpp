#include "server/presence.h"

namespace openclaw::server {

PresenceTracker::PresenceTracker(nlohmann::json self_entry) : self_(std::move(self_entry)) {}

std::int64_t PresenceTracker::upsert(const std::string& key, nlohmann::json entry) {
  std::lock_guard lock(mutex_);
  entries_[key] = std::move(entry);
  return ++version_;
}

std::int64_t PresenceTracker::remove(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (entries_.erase(key) == 0) return version_;
  return ++version_;
}

nlohmann::json PresenceTracker::list() const {
  std::lock_guard lock(mutex_);
  nlohmann::json list = nlohmann::json::array({self_});
  for (const auto& [key, entry] : entries_) list.push_back(entry);
  return list;
}

std::int64_t PresenceTracker::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

}  // namespace openclaw::server
