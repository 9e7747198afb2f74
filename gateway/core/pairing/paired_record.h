// The paired-device record format of devices/paired.json (spec §3.8, §3.9), shared by the
// gateway's DeviceStore and the provisioner, so both write byte-compatible entries.
//
// paired.json is an object keyed by deviceId; each entry:
//   {deviceId, publicKey, displayName?, platform?, deviceFamily?, clientId?, clientMode?,
//    role?, roles[], scopes[], approvedScopes[], remoteIp?,
//    tokens: {<role>: {token, role, scopes[], createdAtMs, rotatedAtMs?, revokedAtMs?,
//                      lastUsedAtMs?}},
//    createdAtMs, approvedAtMs}
// Records are kept as JSON so that fields written by other (newer) gateways survive a
// rewrite. Everything here reads defensively: a missing or mistyped field reads as absent.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace openclaw::pairing {

// The strings of the list `object[key]`; non-strings are skipped; empty when the field is
// absent or not a list.
std::vector<std::string> string_list(const nlohmann::json& object, std::string_view key);

// A JSON array of `items`.
nlohmann::json json_list(const std::vector<std::string>& items);

// The string `object[key]`, or nullopt when absent or not a string.
std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key);

// `lists` concatenated, trimmed, blanks and duplicates dropped, first occurrence order kept
// (upstream mergeRoles: roles stay in the order they were granted).
std::vector<std::string> merge_roles(std::initializer_list<std::vector<std::string>> lists);

// A new device token entry {token, role, scopes, createdAtMs} with a fresh random token
// (spec §3.9). When `replaced` is the role's previous entry, the new one keeps its
// createdAtMs and lastUsedAtMs and records rotatedAtMs = now_ms. Fails only when the system
// random generator fails.
Result<nlohmann::json> mint_token_entry(std::string_view role, const std::vector<std::string>& scopes,
                                        std::int64_t now_ms, const nlohmann::json* replaced = nullptr);

// The role's token entry in `device`, or nullptr when it has none.
const nlohmann::json* token_entry(const nlohmann::json& device, std::string_view role);

// When a token was handed out last: its rotatedAtMs, else its createdAtMs.
std::int64_t token_issued_at(const nlohmann::json& token);

// The roles the owner approved: `roles` plus `role`, in order, unique.
std::vector<std::string> approved_roles(const nlohmann::json& device);

// The roles the device may use now (upstream listEffectivePairedDeviceRoles): approved roles
// holding a token that is not revoked. A record with no token entries at all (written before
// its first token) falls back to its approved roles; once every token is revoked, none.
std::vector<std::string> effective_roles(const nlohmann::json& device);

// The approved scope baseline: approvedScopes, else scopes (older records); nullopt when
// the record has neither list.
std::optional<std::vector<std::string>> approved_scope_baseline(const nlohmann::json& device);

// The device's tokens without their values, sorted by role:
// [{role, scopes, createdAtMs, rotatedAtMs?, revokedAtMs?, lastUsedAtMs?}].
nlohmann::json token_summaries(const nlohmann::json& device);

// The device as operators see it in device.pair.list / device.pair.approve (upstream
// redactPairedDevice): tokens replaced by token_summaries(), approvedScopes removed.
nlohmann::json redact_paired_device(const nlohmann::json& device);

// The full record with every token value removed (the token entries' metadata stays): what
// the gateway's own code may look at without handling secrets.
nlohmann::json without_token_values(const nlohmann::json& device);

// One owner decision about one device.
struct DeviceGrant {
  std::string device_id;
  std::string public_key;  // base64url (no padding) of the raw 32-byte key
  std::string role;        // the role the device asked for
  std::vector<std::string> roles;  // further roles granted with it (role is always included)
  std::vector<std::string> scopes;
  std::optional<std::string> display_name;
  std::optional<std::string> platform;
  std::optional<std::string> device_family;
  std::optional<std::string> client_id;
  std::optional<std::string> client_mode;
  std::optional<std::string> remote_ip;
};

enum class GrantStyle {
  // An approved pairing request (device.pair.approve, silent local pairing): roles and
  // scopes are merged into what the device already had, every granted role gets a freshly
  // minted token, approvedAtMs = now, and platform/deviceFamily are re-pinned to the
  // request's values (cleared when the request had none).
  Pairing,
  // A declarative approval from the provisioner: the scope baseline is replaced by the given
  // scopes (roles are still merged), a role's token is kept while it is unrevoked and carries
  // exactly the role's scopes (else re-minted), and an existing entry keeps its timestamps, so
  // re-applying the same spec changes nothing.
  Provisioned,
};

// Records `grant` in `paired` (the paired.json object, created when not an object): creates
// or updates the entry keyed by grant.device_id as described by `style`. Metadata the grant
// does not carry is kept. Fails only when a token cannot be minted; `paired` is then
// unchanged.
Status record_grant(nlohmann::json& paired, const DeviceGrant& grant, GrantStyle style,
                    std::int64_t now_ms);

// Why `paired` (a parsed paired.json) is not in the expected shape, or nullopt when it is:
// an object whose entries are objects with a string publicKey, and whose tokens (when
// present) map roles to objects with a string token.
std::optional<std::string> paired_file_problem(const nlohmann::json& paired);

}  // namespace openclaw::pairing
