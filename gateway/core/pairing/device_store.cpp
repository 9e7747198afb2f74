#include "core/pairing/device_store.h"

#include <algorithm>

#include "core/crypto/constant_time.h"
#include "core/crypto/ed25519.h"
#include "core/pairing/device_metadata.h"
#include "core/pairing/paired_record.h"
#include "core/pairing/scopes.h"
#include "core/util/text.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;

// A busy client verifies its token on every connect; its lastUsedAtMs is worth a file
// write only this often.
constexpr std::int64_t kLastUsedWriteIntervalMs = 60 * 1000;

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Stored keys are base64url, but an older or hand-written record may hold a PEM or padded
// base64; the same raw key is the same device.
bool same_public_key(const std::optional<std::string>& stored, std::string_view presented) {
  if (!stored) return false;
  if (*stored == presented) return true;
  auto stored_raw = crypto::parse_public_key(*stored);
  auto presented_raw = crypto::parse_public_key(presented);
  return stored_raw && presented_raw && *stored_raw == *presented_raw;
}

bool token_revoked(const json& token) { return token.contains("revokedAtMs") && !token["revokedAtMs"].is_null(); }

IssuedToken issued_from(const json& token, std::string_view role) {
  return IssuedToken{string_field(token, "token").value_or(""), std::string(role), string_list(token, "scopes"),
                     token_issued_at(token)};
}

std::int64_t integer_or(const json& object, const char* key, std::int64_t fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number()) return fallback;
  return object[key].is_number_integer() ? object[key].get<std::int64_t>()
                                         : static_cast<std::int64_t>(object[key].get<double>());
}

std::vector<std::string> requested_roles(const json& request) {
  std::vector<std::string> primary;
  if (auto role = string_field(request, "role")) primary.push_back(*role);
  return merge_roles({primary, string_list(request, "roles")});
}

// What a paired device said about itself on a successful connect (upstream
// updatePairedDeviceMetadata), recorded in its entry; see DeviceStore::note_connection().
void note_connection_in(json& entry, const PairingRequest& request) {
  auto set_if_given = [&](const char* key, const std::optional<std::string>& value) {
    if (value) entry[key] = *value;
  };
  set_if_given("displayName", request.display_name);
  set_if_given("clientId", request.client_id);
  set_if_given("clientMode", request.client_mode);
  set_if_given("remoteIp", request.remote_ip);
  const std::string role(trim(request.role));
  if (!role.empty()) {
    entry["role"] = role;
    entry["roles"] = json_list(merge_roles({string_list(entry, "roles"), {role}}));
  }
  if (!request.scopes.empty()) entry["scopes"] = json_list(merge_scopes(string_list(entry, "scopes"), request.scopes));
}

// The token `device` (a paired entry) holds for `role` when it still serves the request,
// else a new one stored in `device`; see DeviceStore::ensure_device_token().
Result<IssuedToken> current_or_new_token(json& device, std::string_view role,
                                         const std::vector<std::string>& requested_scopes, std::int64_t now_ms) {
  const std::string role_name(trim(role));
  if (role_name.empty() || !contains(approved_roles(device), role_name)) {
    return fail("role " + role_name + " is not approved for this device");
  }
  const auto requested = normalize_scopes(requested_scopes);
  const auto baseline = approved_scope_baseline(device);
  if (!baseline || !role_scopes_allow(role_name, *baseline, requested)) {
    return fail("requested scopes exceed the device's approved scopes");
  }
  const json* existing = token_entry(device, role_name);
  if (existing != nullptr && string_field(*existing, "token") && !token_revoked(*existing)) {
    const auto current_scopes = string_list(*existing, "scopes");
    if (role_scopes_allow(role_name, *baseline, current_scopes) &&
        role_scopes_allow(role_name, current_scopes, requested)) {
      return issued_from(*existing, role_name);
    }
  }
  auto minted = mint_token_entry(role_name, requested, now_ms, existing);
  if (!minted) return std::unexpected(minted.error());
  if (!device.contains("tokens") || !device["tokens"].is_object()) device["tokens"] = json::object();
  device["tokens"][role_name] = *minted;
  return issued_from(*minted, role_name);
}

// Approves `request_id` of `pending` into `paired` (both documents the caller commits): its
// roles and scopes are granted and it leaves `pending`; see DeviceStore::approve().
Result<Approval> grant_pending_request(json& paired, json& pending, std::string_view request_id,
                                       std::int64_t now_ms) {
  prune_expired_requests(pending, now_ms);
  auto found = pending.find(std::string(request_id));
  if (found == pending.end()) return fail("unknown requestId");
  const json request = *found;

  const auto roles = requested_roles(request);
  const auto scopes = string_list(request, "scopes");
  if (auto stray = scope_outside_roles(roles, scopes)) return fail("invalid scope for requested roles: " + *stray);

  DeviceGrant grant;
  grant.device_id = string_field(request, "deviceId").value_or("");
  grant.public_key = string_field(request, "publicKey").value_or("");
  grant.role = string_field(request, "role").value_or(roles.empty() ? "" : roles.front());
  grant.roles = roles;
  grant.scopes = scopes;
  grant.display_name = string_field(request, "displayName");
  grant.platform = string_field(request, "platform");
  grant.device_family = string_field(request, "deviceFamily");
  grant.client_id = string_field(request, "clientId");
  grant.client_mode = string_field(request, "clientMode");
  grant.remote_ip = string_field(request, "remoteIp");

  if (auto recorded = record_grant(paired, grant, GrantStyle::Pairing, now_ms); !recorded) {
    return std::unexpected(recorded.error());
  }
  pending.erase(std::string(request_id));
  return Approval{redact_paired_device(paired[grant.device_id]), std::string(request_id), grant.device_id};
}

}  // namespace

std::string_view pairing_reason_name(PairingNeed need) {
  switch (need) {
    case PairingNeed::None: return "";
    case PairingNeed::NotPaired: return "not-paired";
    case PairingNeed::RoleUpgrade: return "role-upgrade";
    case PairingNeed::ScopeUpgrade: return "scope-upgrade";
    case PairingNeed::MetadataUpgrade: return "metadata-upgrade";
  }
  return "";
}

DeviceStore::DeviceStore(const state::StateLayout& layout)
    : paired_file_(layout.paired_devices(), paired_file_problem),
      pending_file_(layout.pending_devices(), pending_file_problem),
      paired_(json::object()),
      pending_(json::object()) {}

Result<std::shared_ptr<DeviceStore>> DeviceStore::open(const state::StateLayout& layout) {
  std::shared_ptr<DeviceStore> store(new DeviceStore(layout));
  auto paired = store->paired_file_.load();
  if (!paired) return std::unexpected(paired.error());
  auto pending = store->pending_file_.load();
  if (!pending) return std::unexpected(pending.error());
  store->paired_ = std::move(*paired);
  store->pending_ = std::move(*pending);
  return store;
}

Status DeviceStore::refresh_locked() const {
  if (paired_file_.changed_on_disk()) {
    auto loaded = paired_file_.load();
    if (!loaded) return std::unexpected(loaded.error());
    paired_ = std::move(*loaded);
  }
  if (pending_file_.changed_on_disk()) {
    auto loaded = pending_file_.load();
    if (!loaded) return std::unexpected(loaded.error());
    pending_ = std::move(*loaded);
  }
  return {};
}

Status DeviceStore::commit_locked(const std::optional<json>& paired, const std::optional<json>& pending) {
  const std::optional<json> paired_before = paired_file_.existed() ? std::optional<json>(paired_) : std::nullopt;
  if (paired) {
    if (auto written = paired_file_.write(*paired); !written) return written;
  }
  if (pending) {
    if (auto written = pending_file_.write(*pending); !written) {
      if (paired) {
        if (auto undone = paired_file_.restore(paired_before); !undone) {
          return fail(written.error().message + "; undoing the change to " + paired_file_.path().string() +
                      " failed too: " + undone.error().message);
        }
      }
      return written;
    }
  }
  if (paired) paired_ = *paired;
  if (pending) pending_ = *pending;
  return {};
}

const json* DeviceStore::find_paired_locked(std::string_view device_id) const {
  auto found = paired_.find(std::string(trim(device_id)));
  if (found == paired_.end() || !found->is_object()) return nullptr;
  return &*found;
}

PairingNeed DeviceStore::evaluate(const PairingRequest& request) const {
  std::lock_guard lock(mutex_);
  (void)refresh_locked();  // on failure, decide on the last good state
  return evaluate_locked(request);
}

PairingNeed DeviceStore::evaluate_locked(const PairingRequest& request) const {
  const json* device = find_paired_locked(request.device_id);
  if (device == nullptr || !same_public_key(string_field(*device, "publicKey"), request.public_key_base64url)) {
    return PairingNeed::NotPaired;
  }
  if (pinned_metadata_differs(string_field(*device, "platform"), request.platform) ||
      pinned_metadata_differs(string_field(*device, "deviceFamily"), request.device_family)) {
    return PairingNeed::MetadataUpgrade;
  }
  const std::string role(trim(request.role));
  if (!contains(effective_roles(*device), role)) return PairingNeed::RoleUpgrade;
  const auto requested = normalize_scopes(request.scopes);
  if (!requested.empty()) {
    const auto baseline = approved_scope_baseline(*device).value_or(std::vector<std::string>{});
    if (baseline.empty() || !role_scopes_allow(role, baseline, requested)) return PairingNeed::ScopeUpgrade;
  }
  return PairingNeed::None;
}

Result<PendingUpdate> DeviceStore::file_request_locked(json& pending, const PairingRequest& request,
                                                      PairingNeed need, bool silent, std::int64_t now_ms) const {
  // Upstream never approves a scope or metadata upgrade silently.
  const bool may_be_silent = silent && need != PairingNeed::ScopeUpgrade && need != PairingNeed::MetadataUpgrade;
  const bool is_repair = find_paired_locked(request.device_id) != nullptr;
  return file_pending_request(pending, request, may_be_silent, is_repair, now_ms);
}

Result<DeviceStore::PendingOutcome> DeviceStore::submit_pairing_request(const PairingRequest& request,
                                                                        PairingNeed need, bool silent,
                                                                        std::int64_t now_ms) {
  if (trim(request.device_id).empty()) return fail("deviceId required");
  if (trim(request.public_key_base64url).empty()) return fail("publicKey required");
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  json pending = pending_;
  auto update = file_request_locked(pending, request, need, silent, now_ms);
  if (!update) return std::unexpected(update.error());
  if (auto committed = commit_locked(std::nullopt, pending); !committed) return std::unexpected(committed.error());
  return PendingOutcome{std::move(update->request), update->created, std::move(update->superseded_request_ids)};
}

Result<json> DeviceStore::request_pairing(const PairingRequest& request, PairingNeed need, bool silent,
                                          std::int64_t now_ms) {
  auto outcome = submit_pairing_request(request, need, silent, now_ms);
  if (!outcome) return std::unexpected(outcome.error());
  return std::move(outcome->request);
}

Result<DeviceStore::Admission> DeviceStore::admit(const PairingRequest& request, PairingPolicy policy,
                                                  std::int64_t now_ms) {
  if (trim(request.device_id).empty()) return fail("deviceId required");
  if (trim(request.public_key_base64url).empty()) return fail("publicKey required");
  std::lock_guard lock(mutex_);
  const Status refreshed = refresh_locked();
  Admission admission;
  admission.need = evaluate_locked(request);
  const bool pairs = admission.need != PairingNeed::None && policy != PairingPolicy::Skip;
  if (!refreshed) {
    // A broken file on disk: no pairing and no write over it, but a device the last good
    // state knows may still connect (without a token, as upstream when its store fails).
    if (pairs) return std::unexpected(refreshed.error());
    admission.token_problem = refreshed.error().message;
    return admission;
  }

  std::optional<json> paired_next;
  std::optional<json> pending_next;
  if (pairs) {
    json pending = pending_;
    auto filed = file_request_locked(pending, request, admission.need, policy == PairingPolicy::ApproveSilently,
                                     now_ms);
    if (!filed) return std::unexpected(filed.error());
    admission.request = PendingOutcome{filed->request, filed->created, std::move(filed->superseded_request_ids)};
    if (!filed->request.value("silent", false)) {
      // The store decides: a request superseding an interactive one waits for an operator.
      if (auto committed = commit_locked(std::nullopt, pending); !committed) return std::unexpected(committed.error());
      return admission;
    }
    json paired = paired_;
    auto approval = grant_pending_request(paired, pending, filed->request.value("requestId", ""), now_ms);
    if (!approval) return std::unexpected(approval.error());
    admission.approved = true;
    paired_next = std::move(paired);
    // Filed and granted at once: pending.json changes only when this replaced requests.
    if (pending != pending_) pending_next = std::move(pending);
  }

  const std::string id(trim(request.device_id));
  const json& paired = paired_next ? *paired_next : paired_;
  const auto found = paired.find(id);
  if (found != paired.end() && found->is_object()) {
    json entry = *found;
    note_connection_in(entry, request);
    auto token = current_or_new_token(entry, request.role, request.scopes, now_ms);
    if (token) admission.token = std::move(*token);
    else admission.token_problem = token.error().message;
    if (entry != *found) {
      if (!paired_next) paired_next = paired_;
      (*paired_next)[id] = std::move(entry);
    }
  }
  if (!paired_next && !pending_next) return admission;
  if (auto committed = commit_locked(paired_next, pending_next); !committed) {
    if (admission.approved) return std::unexpected(committed.error());
    // Only bookkeeping and a token were to be written: the connect goes on without a token.
    admission.token.reset();
    admission.token_problem = committed.error().message;
  }
  return admission;
}

Result<Approval> DeviceStore::approve(std::string_view request_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  json pending = pending_;
  json paired = paired_;
  auto approval = grant_pending_request(paired, pending, request_id, now_ms);
  if (!approval) return std::unexpected(approval.error());
  if (auto committed = commit_locked(paired, pending); !committed) return std::unexpected(committed.error());
  return approval;
}

Result<json> DeviceStore::reject(std::string_view request_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  json pending = pending_;
  prune_expired_requests(pending, now_ms);
  auto found = pending.find(std::string(request_id));
  if (found == pending.end()) return fail("unknown requestId");
  json request = *found;
  pending.erase(found);
  if (auto committed = commit_locked(std::nullopt, pending); !committed) return std::unexpected(committed.error());
  return request;
}

Result<json> DeviceStore::remove(std::string_view device_id) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  const std::string id(trim(device_id));
  if (find_paired_locked(id) == nullptr) return fail("unknown deviceId");
  json paired = paired_;
  paired.erase(id);
  // A pending repair request would re-pair the device on the next approval click.
  json pending = pending_;
  bool pending_changed = false;
  for (auto it = pending.begin(); it != pending.end();) {
    if (string_field(*it, "deviceId") == id) {
      it = pending.erase(it);
      pending_changed = true;
    } else {
      ++it;
    }
  }
  if (auto committed = commit_locked(paired, pending_changed ? std::optional<json>(pending) : std::nullopt);
      !committed) {
    return std::unexpected(committed.error());
  }
  return json{{"deviceId", id}};
}

Status DeviceStore::note_connection(const PairingRequest& request) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return refreshed;
  const json* device = find_paired_locked(request.device_id);
  if (device == nullptr) return fail("unknown deviceId");
  json entry = *device;
  note_connection_in(entry, request);
  if (entry == *device) return {};
  json paired = paired_;
  paired[std::string(trim(request.device_id))] = std::move(entry);
  return commit_locked(paired, std::nullopt);
}

Status DeviceStore::rename(std::string_view device_id, std::string_view display_name) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return refreshed;
  const json* device = find_paired_locked(device_id);
  if (device == nullptr) return fail("unknown deviceId");
  json paired = paired_;
  paired[std::string(trim(device_id))]["displayName"] = std::string(display_name);
  return commit_locked(paired, std::nullopt);
}

std::optional<json> DeviceStore::pending_request(std::string_view request_id,
                                                 std::optional<std::int64_t> now_ms) const {
  std::lock_guard lock(mutex_);
  (void)refresh_locked();
  auto found = pending_.find(std::string(request_id));
  if (found == pending_.end()) return std::nullopt;
  if (now_ms && request_expired(*found, *now_ms)) return std::nullopt;
  return *found;
}

std::optional<json> DeviceStore::paired_device(std::string_view device_id) const {
  std::lock_guard lock(mutex_);
  (void)refresh_locked();
  const json* device = find_paired_locked(device_id);
  if (device == nullptr) return std::nullopt;
  return without_token_values(*device);
}

json DeviceStore::list(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  (void)refresh_locked();
  std::vector<json> pending;
  for (const auto& request : pending_) {
    if (!request_expired(request, now_ms)) pending.push_back(request);
  }
  std::stable_sort(pending.begin(), pending.end(), [](const json& a, const json& b) {
    return integer_or(a, "ts", 0) > integer_or(b, "ts", 0);
  });
  std::vector<json> paired;
  for (const auto& device : paired_) {
    if (device.is_object()) paired.push_back(redact_paired_device(device));
  }
  std::stable_sort(paired.begin(), paired.end(), [](const json& a, const json& b) {
    return integer_or(a, "approvedAtMs", 0) > integer_or(b, "approvedAtMs", 0);
  });
  return json{{"pending", pending}, {"paired", paired}};
}

std::size_t DeviceStore::pending_count(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  (void)refresh_locked();
  return static_cast<std::size_t>(std::count_if(pending_.begin(), pending_.end(), [&](const json& request) {
    return !request_expired(request, now_ms);
  }));
}

TokenCheck DeviceStore::verify_device_token(std::string_view device_id, std::string_view role, std::string_view token,
                                            const std::vector<std::string>& requested_scopes, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  // On failure, verify against the last good state, but write nothing over the bad file.
  const bool files_readable = refresh_locked().has_value();
  const json* device = find_paired_locked(device_id);
  if (device == nullptr) return TokenCheck::NotPaired;
  const std::string role_name(trim(role));
  const json* entry = role_name.empty() ? nullptr : token_entry(*device, role_name);
  if (entry == nullptr) return TokenCheck::NoToken;
  if (token_revoked(*entry)) return TokenCheck::Revoked;
  const auto stored = string_field(*entry, "token");
  if (!stored || trim(*stored).empty() || trim(token).empty() || !crypto::constant_time_equal(token, *stored)) {
    return TokenCheck::Mismatch;
  }
  const auto token_scopes = string_list(*entry, "scopes");
  const auto baseline = approved_scope_baseline(*device);
  if (!baseline || !role_scopes_allow(role_name, *baseline, token_scopes) ||
      !role_scopes_allow(role_name, token_scopes, requested_scopes)) {
    return TokenCheck::ScopeNotAllowed;
  }

  const std::string id(trim(device_id));
  paired_[id]["tokens"][role_name]["lastUsedAtMs"] = now_ms;
  const std::string key = id + "\n" + role_name;
  auto written = last_used_written_.find(key);
  if (files_readable &&
      (written == last_used_written_.end() || now_ms - written->second >= kLastUsedWriteIntervalMs)) {
    // Bookkeeping only: a failed write must not turn a valid token into a failed connect.
    if (paired_file_.write(paired_)) last_used_written_[key] = now_ms;
  }
  return TokenCheck::Ok;
}

Result<IssuedToken> DeviceStore::ensure_device_token(std::string_view device_id, std::string_view role,
                                                     const std::vector<std::string>& requested_scopes,
                                                     std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  const json* device = find_paired_locked(device_id);
  if (device == nullptr) return fail("unknown deviceId");
  json entry = *device;
  auto token = current_or_new_token(entry, role, requested_scopes, now_ms);
  if (!token || entry == *device) return token;
  json paired = paired_;
  paired[std::string(trim(device_id))] = std::move(entry);
  if (auto committed = commit_locked(paired, std::nullopt); !committed) return std::unexpected(committed.error());
  return token;
}

Result<IssuedToken> DeviceStore::rotate_token(std::string_view device_id, std::string_view role,
                                              std::optional<std::vector<std::string>> scopes, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  const json* device = find_paired_locked(device_id);
  const std::string role_name(trim(role));
  if (device == nullptr || role_name.empty() || !contains(approved_roles(*device), role_name)) {
    return fail("unknown deviceId/role");
  }
  const json* existing = token_entry(*device, role_name);
  std::vector<std::string> requested;
  if (scopes) {
    requested = normalize_scopes(*scopes);
  } else if (existing != nullptr && existing->contains("scopes")) {
    requested = normalize_scopes(string_list(*existing, "scopes"));
  } else {
    requested = normalize_scopes(string_list(*device, "scopes"));
  }
  const auto baseline = approved_scope_baseline(*device);
  if (!baseline || !role_scopes_allow(role_name, *baseline, requested)) return fail("device token rotation denied");

  auto minted = mint_token_entry(role_name, requested, now_ms, existing);
  if (!minted) return std::unexpected(minted.error());
  (*minted)["rotatedAtMs"] = now_ms;
  json paired = paired_;
  json& stored = paired[std::string(trim(device_id))];
  if (!stored.contains("tokens") || !stored["tokens"].is_object()) stored["tokens"] = json::object();
  stored["tokens"][role_name] = *minted;
  if (auto committed = commit_locked(paired, std::nullopt); !committed) return std::unexpected(committed.error());
  return issued_from(*minted, role_name);
}

Result<std::int64_t> DeviceStore::revoke_token(std::string_view device_id, std::string_view role,
                                               std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto refreshed = refresh_locked(); !refreshed) return std::unexpected(refreshed.error());
  const json* device = find_paired_locked(device_id);
  const std::string role_name(trim(role));
  if (device == nullptr || role_name.empty() || token_entry(*device, role_name) == nullptr) {
    return fail("unknown deviceId/role");
  }
  json paired = paired_;
  paired[std::string(trim(device_id))]["tokens"][role_name]["revokedAtMs"] = now_ms;
  if (auto committed = commit_locked(paired, std::nullopt); !committed) return std::unexpected(committed.error());
  return now_ms;
}

}  // namespace openclaw::pairing
