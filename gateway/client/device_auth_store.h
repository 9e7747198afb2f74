// The CLI's stored device tokens, identity/device-auth.json (spec §1.5, §3.9): what hello-ok
// handed this device per role, so a later connect can authenticate with it (and the one
// fast retry after AUTH_TOKEN_MISMATCH has something to retry with). Same shape as
// upstream's store:
//   {"version":1, "deviceId":"<hex>",
//    "tokens":{"operator":{"token","role","scopes":[...],"updatedAtMs"}}}
// Written atomically with mode 0600; the file holds secrets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace openclaw::client {

struct StoredDeviceToken {
  std::string token;
  std::string role;
  std::vector<std::string> scopes;  // trimmed, unique, sorted
  std::int64_t updated_at_ms = 0;
};

class DeviceAuthStore {
 public:
  explicit DeviceAuthStore(std::filesystem::path path) : path_(std::move(path)) {}

  const std::filesystem::path& path() const { return path_; }

  // The token stored for `device_id` and `role`; nullopt when the file does not exist, belongs
  // to another device (the identity was replaced) or has no entry for the role. Fails, naming
  // the file and what is wrong but never a token, when the file cannot be read, is not JSON,
  // or is not a version-1 store.
  Result<std::optional<StoredDeviceToken>> load(std::string_view device_id, std::string_view role) const;

  // Stores `entry` (role trimmed, scopes normalized) for `device_id`, keeping the other roles
  // of the same device. A file of another device, or one that cannot be parsed, is replaced:
  // it is a cache of tokens the gateway can reissue. REQUIRES: the parent directory exists.
  // Fails naming the file when it cannot be written.
  Status save(std::string_view device_id, const StoredDeviceToken& entry) const;

  // Removes the token of `role` (after the gateway said "device token mismatch"). Succeeds
  // when there was nothing to remove.
  Status clear(std::string_view device_id, std::string_view role) const;

 private:
  std::filesystem::path path_;
};

}  // namespace openclaw::client
