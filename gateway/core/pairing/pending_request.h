// The pending pairing-request format of devices/pending.json (spec §3.8) and the rules that
// keep one live request per device.
//
// pending.json is an object keyed by requestId; each request (also the payload of the
// device.pair.requested event):
//   {requestId, deviceId, publicKey, displayName?, platform?, deviceFamily?, clientId?,
//    clientMode?, role, roles[], scopes[], remoteIp?, silent, isRepair, ts}
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace openclaw::pairing {

// A pending request expires this long after its ts (upstream PENDING_TTL_MS).
inline constexpr std::int64_t kPendingRequestTtlMs = 5 * 60 * 1000;

// What a connecting device asks for; the fields of connect.params the pairing decision
// depends on (spec §1.3, §3.8).
struct PairingRequest {
  std::string device_id;
  std::string public_key_base64url;
  std::string role;
  std::vector<std::string> scopes;
  std::optional<std::string> display_name;
  std::optional<std::string> platform;
  std::optional<std::string> device_family;
  std::optional<std::string> client_id;
  std::optional<std::string> client_mode;
  std::optional<std::string> remote_ip;
};

// A fresh random UUID v4 ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lowercase), as upstream's
// randomUUID() makes request ids. Fails only when the random generator fails.
Result<std::string> new_request_id();

// True when `request` is older than the TTL at `now_ms` (now - ts > TTL), or has no ts.
bool request_expired(const nlohmann::json& request, std::int64_t now_ms);

// Removes the expired requests from `pending` (an object keyed by requestId); returns how
// many were removed.
std::size_t prune_expired_requests(nlohmann::json& pending, std::int64_t now_ms);

struct PendingUpdate {
  nlohmann::json request;  // the device's one pending request after the update
  bool created = false;    // a new requestId (first request, or one superseding others)
  std::vector<std::string> superseded_request_ids;  // requestIds removed in its favour
};

// Files `incoming` in `pending` (expired requests are pruned first). When the device has
// exactly one pending request asking for the same key, role, roles and scopes, that request
// is refreshed in place: same requestId, metadata updated, ts = now, silent only if both
// were silent. Otherwise every pending request of the device is replaced by one new request
// (new requestId) whose roles and scopes merge all of theirs with the incoming ones; it is
// silent only if the incoming one and all replaced ones were. `is_repair` marks a device
// that is already paired. Fails only when no request id can be generated; `pending` is then
// unchanged.
Result<PendingUpdate> file_pending_request(nlohmann::json& pending, const PairingRequest& incoming,
                                           bool silent, bool is_repair, std::int64_t now_ms);

// Why `pending` (a parsed pending.json) is not in the expected shape, or nullopt: an object
// whose entries are objects with string deviceId and publicKey and a numeric ts.
std::optional<std::string> pending_file_problem(const nlohmann::json& pending);

}  // namespace openclaw::pairing
