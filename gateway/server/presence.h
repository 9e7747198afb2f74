// The presence list of spec §1.7/§1.9: the gateway's own "self" entry plus one entry per
// connected client that is not a CLI, with the `stateVersion.presence` counter that moves on
// every change. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace openclaw::server {

class PresenceTracker {
 public:
  explicit PresenceTracker(nlohmann::json self_entry);

  // Adds or replaces the entry under `key`; returns the new version.
  std::int64_t upsert(const std::string& key, nlohmann::json entry);
  // Removes the entry under `key`; returns the new version, or the current one when there
  // was no such entry.
  std::int64_t remove(const std::string& key);

  nlohmann::json list() const;  // PresenceEntry[], self first
  std::int64_t version() const;

 private:
  mutable std::mutex mutex_;
  nlohmann::json self_;
  std::map<std::string, nlohmann::json> entries_;
  std::int64_t version_ = 1;
};

}  // namespace openclaw::server
