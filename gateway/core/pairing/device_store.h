// DeviceStore: the gateway's paired devices and pending pairing requests (spec §3.8, §3.9),
// held in memory and persisted to devices/paired.json and devices/pending.json in upstream's
// format (see paired_record.h, pending_request.h).
//
// Thread-safe: every member takes an internal mutex. Before each operation the store checks
// whether either file was rewritten by another process (the provisioner's `device add`) and
// reloads it. Every change is written atomically before it becomes visible; a failed write
// returns an error and leaves memory and disk as they were.
//
// Persistence of lastUsedAtMs: verify_device_token() updates it in memory on every success
// but writes paired.json for it at most once per minute per token, so that a busy client
// does not rewrite the file on each connect. Any other write carries the latest values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pairing/pending_request.h"
#include "core/pairing/store_file.h"
#include "core/state/layout.h"
#include "core/util/result.h"

namespace openclaw::pairing {

// Why a verified device must (re)pair before its connect may proceed (spec §3.8).
enum class PairingNeed { None, NotPaired, RoleUpgrade, ScopeUpgrade, MetadataUpgrade };

// The wire name of a reason ("not-paired", "role-upgrade", "scope-upgrade",
// "metadata-upgrade"); "" for None.
std::string_view pairing_reason_name(PairingNeed need);

enum class TokenCheck { Ok, NotPaired, NoToken, Revoked, Mismatch, ScopeNotAllowed };

// How a connect may pair a device that needs it (spec §3.8).
enum class PairingPolicy {
  AskOperator,      // file a pending request and wait for an operator
  ApproveSilently,  // a local direct client: approve at once when the need allows it
  Skip,             // pairing does not apply (a local backend client, a Control UI let in unpaired)
};

struct IssuedToken {
  std::string token;
  std::string role;
  std::vector<std::string> scopes;
  std::int64_t issued_at_ms = 0;  // rotatedAtMs, else createdAtMs
};

struct Approval {
  nlohmann::json device;  // the paired entry as operators see it (redact_paired_device)
  std::string request_id;
  std::string device_id;
};

class DeviceStore {
 public:
  // Loads both files of `layout` (a missing file is an empty store; devices/ is created with
  // mode 0700 on the first write). Fails, naming the file and what is wrong, when a file
  // cannot be read, is not JSON, or is not in the expected shape; nothing is discarded.
  static Result<std::shared_ptr<DeviceStore>> open(const state::StateLayout& layout);

  DeviceStore(const DeviceStore&) = delete;
  DeviceStore& operator=(const DeviceStore&) = delete;

  // What `request` needs before its connect may proceed, checked in upstream's order:
  // NotPaired (no entry, or a different public key), MetadataUpgrade (a pinned, non-empty
  // platform or deviceFamily differs, compared trimmed and ASCII-lowercased), RoleUpgrade
  // (the role is not among the device's effective roles: approved and holding an unrevoked
  // token), ScopeUpgrade (scopes requested but not covered by the approved baseline,
  // approvedScopes else scopes), else None.
  PairingNeed evaluate(const PairingRequest& request) const;

  struct PendingOutcome {
    nlohmann::json request;  // the pending request; the device.pair.requested payload
    bool created = false;    // a new requestId (worth a device.pair.requested broadcast)
    std::vector<std::string> superseded_request_ids;
  };

  // Creates or refreshes the device's one pending request (see file_pending_request()),
  // pruning expired requests. `silent` marks a request the gateway will approve itself; it is
  // ignored (false) for ScopeUpgrade and MetadataUpgrade, which upstream never approves
  // silently. Fails when the files cannot be reloaded or written.
  Result<PendingOutcome> submit_pairing_request(const PairingRequest& request, PairingNeed need, bool silent,
                                                std::int64_t now_ms);
  // The same, returning only the pending request object.
  Result<nlohmann::json> request_pairing(const PairingRequest& request, PairingNeed need, bool silent,
                                         std::int64_t now_ms);

  // The device half of a verified connect, decided and written together so that a new
  // device costs one write of each file at most: evaluate() the need; under `policy`, file
  // the pairing request and, when it may be silent (NotPaired or RoleUpgrade under
  // ApproveSilently, and no interactive request superseded), approve it at once; then, for a
  // paired device, record what it said about itself (note_connection()) and pick its token
  // (ensure_device_token()). Fails, leaving both files as they were, when pairing was needed
  // and the files cannot be read or written; a failure that only costs the token is reported
  // in token_problem instead.
  struct Admission {
    PairingNeed need = PairingNeed::None;   // what the device needed when it connected
    std::optional<PendingOutcome> request;  // the request filed for this connect, if any
    bool approved = false;                  // that request was approved silently
    std::optional<IssuedToken> token;       // for hello-ok.auth, when the device is paired
    std::string token_problem;              // why a paired device got no token
    // A filed request that was not approved: the connect must wait for an operator.
    bool awaiting_operator() const { return request && !approved; }
  };
  Result<Admission> admit(const PairingRequest& request, PairingPolicy policy, std::int64_t now_ms);

  // Approves a pending request: its roles and scopes are merged into the paired entry, every
  // requested role gets a fresh token, and the request is removed. Fails with
  // "unknown requestId" when it is absent or expired, and with
  // "invalid scope for requested roles: <s>" when a scope fits none of its roles. Whether the
  // caller may approve (it must hold the requested operator scopes) is the caller's check.
  Result<Approval> approve(std::string_view request_id, std::int64_t now_ms);

  // Removes a pending request and returns it. Fails with "unknown requestId".
  Result<nlohmann::json> reject(std::string_view request_id, std::int64_t now_ms);

  // Unpairs a device (its pending requests go too) and returns {deviceId}. Fails with
  // "unknown deviceId".
  Result<nlohmann::json> remove(std::string_view device_id);

  // Records what a paired device said about itself on a successful connect (upstream
  // updatePairedDeviceMetadata): displayName, clientId, clientMode and remoteIp when given,
  // role, and the requested role and scopes merged into roles and scopes. Never touches
  // approvedScopes, platform, deviceFamily or tokens. Writes only when something changed.
  // Fails with "unknown deviceId" or when the file cannot be written.
  Status note_connection(const PairingRequest& request);

  // Sets the paired device's displayName (node.rename). Fails with "unknown deviceId" or
  // when the file cannot be written.
  Status rename(std::string_view device_id, std::string_view display_name);

  // The pending request, or nullopt when there is none (or, given now_ms, it has expired).
  std::optional<nlohmann::json> pending_request(std::string_view request_id,
                                                std::optional<std::int64_t> now_ms = std::nullopt) const;

  // The paired entry with its token values removed (without_token_values()), or nullopt.
  std::optional<nlohmann::json> paired_device(std::string_view device_id) const;

  // {pending: [live requests, newest first], paired: [redacted entries, most recently
  // approved first]} for device.pair.list. No token value ever appears.
  nlohmann::json list(std::int64_t now_ms) const;

  // Live (unexpired) pending requests.
  std::size_t pending_count(std::int64_t now_ms) const;

  // Checks a presented device token (spec §3.9): the device is paired, holds an unrevoked
  // token for `role`, the token equals `token` (constant-time; an empty one never does), the
  // token's scopes lie within the approved baseline and cover `requested_scopes`. On Ok,
  // lastUsedAtMs is updated (see the header comment for when it is written).
  TokenCheck verify_device_token(std::string_view device_id, std::string_view role, std::string_view token,
                                 const std::vector<std::string>& requested_scopes, std::int64_t now_ms);

  // The token to hand out in hello-ok.auth: the role's current token when it is unrevoked,
  // within the approved baseline and covers `requested_scopes`; else a new one for exactly
  // the requested scopes (rotatedAtMs set when it replaces one). Fails with
  // "unknown deviceId", "role <r> is not approved for this device", or
  // "requested scopes exceed the device's approved scopes".
  Result<IssuedToken> ensure_device_token(std::string_view device_id, std::string_view role,
                                          const std::vector<std::string>& requested_scopes, std::int64_t now_ms);

  // device.token.rotate: a new token for `role` carrying `scopes` (default: the current
  // token's scopes, else the device's scopes). Fails with "unknown deviceId/role" when the
  // device is not paired or the role not approved, and "device token rotation denied" when
  // the scopes exceed the approved baseline (or there is none). Whether the caller may rotate
  // (own device, caller scopes) is the caller's check.
  Result<IssuedToken> rotate_token(std::string_view device_id, std::string_view role,
                                   std::optional<std::vector<std::string>> scopes, std::int64_t now_ms);

  // device.token.revoke: marks the role's token revoked and returns revokedAtMs. Fails with
  // "unknown deviceId/role" when there is no such token.
  Result<std::int64_t> revoke_token(std::string_view device_id, std::string_view role, std::int64_t now_ms);

 private:
  explicit DeviceStore(const state::StateLayout& layout);

  PairingNeed evaluate_locked(const PairingRequest& request) const;
  // Files `request` in `pending` (a copy the caller commits); `silent` is dropped for a scope
  // or metadata upgrade.
  Result<PendingUpdate> file_request_locked(nlohmann::json& pending, const PairingRequest& request, PairingNeed need,
                                            bool silent, std::int64_t now_ms) const;
  // Reloads whichever file another process changed. On failure the last good state stays.
  Status refresh_locked() const;
  // Writes the given new documents (paired first) and, only when all writes succeed, makes
  // them the in-memory state. A failed second write undoes the first.
  Status commit_locked(const std::optional<nlohmann::json>& paired, const std::optional<nlohmann::json>& pending);
  // The paired entry in memory, or nullptr.
  const nlohmann::json* find_paired_locked(std::string_view device_id) const;

  mutable std::mutex mutex_;
  mutable StoreFile paired_file_;
  mutable StoreFile pending_file_;
  mutable nlohmann::json paired_;
  mutable nlohmann::json pending_;
  // When lastUsedAtMs was last written, per "<deviceId>\n<role>".
  std::map<std::string, std::int64_t> last_used_written_;
};

}  // namespace openclaw::pairing
