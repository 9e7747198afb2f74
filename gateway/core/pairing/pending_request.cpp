#include "core/pairing/pending_request.h"

#include <algorithm>

#include "core/crypto/encoding.h"
#include "core/crypto/random.h"
#include "core/pairing/paired_record.h"
#include "core/pairing/scopes.h"
#include "core/util/text.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;

std::int64_t request_ts(const json& request) {
  if (!request.is_object() || !request.contains("ts") || !request["ts"].is_number()) return 0;
  return request["ts"].is_number_integer() ? request["ts"].get<std::int64_t>()
                                           : static_cast<std::int64_t>(request["ts"].get<double>());
}

std::vector<std::string> requested_roles(const json& request) {
  std::vector<std::string> primary;
  if (auto role = string_field(request, "role")) primary.push_back(*role);
  return merge_roles({string_list(request, "roles"), primary});
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// The device asks again for exactly what its one pending request already asks for.
bool same_approval_snapshot(const json& existing, const PairingRequest& incoming) {
  return string_field(existing, "publicKey") == incoming.public_key_base64url &&
         std::string(trim(string_field(existing, "role").value_or(""))) == trim(incoming.role) &&
         same_set(requested_roles(existing), merge_roles({{incoming.role}})) &&
         normalize_scopes(string_list(existing, "scopes")) == normalize_scopes(incoming.scopes);
}

void set_optional(json& request, const char* key, const std::optional<std::string>& value) {
  if (value) request[key] = *value;
}

bool is_silent(const json& request) {
  return request.contains("silent") && request["silent"].is_boolean() && request["silent"].get<bool>();
}

bool is_marked_repair(const json& request) {
  return request.contains("isRepair") && request["isRepair"].is_boolean() && request["isRepair"].get<bool>();
}

}  // namespace

Result<std::string> new_request_id() { return crypto::random_uuid(); }

bool request_expired(const json& request, std::int64_t now_ms) {
  return now_ms - request_ts(request) > kPendingRequestTtlMs;
}

std::size_t prune_expired_requests(json& pending, std::int64_t now_ms) {
  if (!pending.is_object()) return 0;
  std::size_t removed = 0;
  for (auto it = pending.begin(); it != pending.end();) {
    if (request_expired(*it, now_ms)) {
      it = pending.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

Result<PendingUpdate> file_pending_request(json& pending, const PairingRequest& incoming, bool silent,
                                           bool is_repair, std::int64_t now_ms) {
  json updated = pending.is_object() ? pending : json::object();
  prune_expired_requests(updated, now_ms);

  // The device's live requests, newest first.
  std::vector<std::pair<std::string, json>> existing;
  for (const auto& [id, request] : updated.items()) {
    if (string_field(request, "deviceId") == incoming.device_id) existing.emplace_back(id, request);
  }
  std::sort(existing.begin(), existing.end(),
            [](const auto& a, const auto& b) { return request_ts(a.second) > request_ts(b.second); });

  PendingUpdate result;
  if (existing.size() == 1 && same_approval_snapshot(existing.front().second, incoming)) {
    const std::string& request_id = existing.front().first;
    json request = existing.front().second;
    request["requestId"] = request_id;
    set_optional(request, "displayName", incoming.display_name);
    set_optional(request, "platform", incoming.platform);
    set_optional(request, "deviceFamily", incoming.device_family);
    set_optional(request, "clientId", incoming.client_id);
    set_optional(request, "clientMode", incoming.client_mode);
    set_optional(request, "remoteIp", incoming.remote_ip);
    // One interactive ask keeps the request in front of the owner.
    request["silent"] = is_silent(request) && silent;
    request["isRepair"] = is_marked_repair(request) || is_repair;
    request["ts"] = now_ms;
    updated[request_id] = request;
    result.request = std::move(request);
  } else {
    auto request_id = new_request_id();
    if (!request_id) return std::unexpected(request_id.error());
    std::string role(trim(incoming.role));
    if (role.empty() && !existing.empty()) role = string_field(existing.front().second, "role").value_or("");
    std::vector<std::string> roles;
    std::vector<std::string> scopes = normalize_scopes(incoming.scopes);
    bool all_silent = silent;
    for (const auto& [old_id, old] : existing) {
      roles = merge_roles({roles, requested_roles(old)});
      scopes = merge_scopes(scopes, string_list(old, "scopes"));
      all_silent = all_silent && is_silent(old);
      result.superseded_request_ids.push_back(old_id);
      updated.erase(old_id);
    }
    json request = {{"requestId", *request_id},
                    {"deviceId", incoming.device_id},
                    {"publicKey", incoming.public_key_base64url},
                    {"role", role},
                    {"roles", json_list(merge_roles({roles, {incoming.role}}))},
                    {"scopes", json_list(scopes)},
                    {"silent", all_silent},
                    {"isRepair", is_repair},
                    {"ts", now_ms}};
    set_optional(request, "displayName", incoming.display_name);
    set_optional(request, "platform", incoming.platform);
    set_optional(request, "deviceFamily", incoming.device_family);
    set_optional(request, "clientId", incoming.client_id);
    set_optional(request, "clientMode", incoming.client_mode);
    set_optional(request, "remoteIp", incoming.remote_ip);
    updated[*request_id] = request;
    result.request = std::move(request);
    result.created = true;
  }
  pending = std::move(updated);
  return result;
}

std::optional<std::string> pending_file_problem(const json& pending) {
  if (!pending.is_object()) return "must be a JSON object keyed by requestId";
  for (const auto& [request_id, request] : pending.items()) {
    const std::string where = "request \"" + request_id + "\"";
    if (!request.is_object()) return where + " is not an object";
    if (!string_field(request, "deviceId")) return where + " has no deviceId string";
    if (!string_field(request, "publicKey")) return where + " has no publicKey string";
    if (!request.contains("ts") || !request["ts"].is_number()) return where + " has no numeric ts";
  }
  return std::nullopt;
}

}  // namespace openclaw::pairing
