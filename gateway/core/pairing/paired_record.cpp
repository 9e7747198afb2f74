#include "core/pairing/paired_record.h"

#include <algorithm>

#include "core/crypto/random.h"
#include "core/pairing/scopes.h"
#include "core/util/text.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;

bool has_field(const json& object, std::string_view key) {
  return object.is_object() && object.contains(key);
}

std::optional<std::int64_t> integer_field(const json& object, std::string_view key) {
  if (!has_field(object, key)) return std::nullopt;
  const json& value = object[std::string(key)];
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) return static_cast<std::int64_t>(value.get<double>());
  return std::nullopt;
}

void set_or_keep(json& entry, const char* key, const std::optional<std::string>& value) {
  if (value) entry[key] = *value;
}

// Re-pinning: the approved request's value, or no pin at all when it sent none.
void set_or_clear(json& entry, const char* key, const std::optional<std::string>& value) {
  if (value) {
    entry[key] = *value;
  } else {
    entry.erase(key);
  }
}

bool token_is_revoked(const json& token) {
  return has_field(token, "revokedAtMs") && !token["revokedAtMs"].is_null();
}

bool token_has_value(const json* token) {
  return token != nullptr && token->is_object() && string_field(*token, "token").has_value();
}

// Which scopes the token for `role` carries after a pairing approval (upstream
// resolveApprovedTokenScopes): the role's share of what was requested, else what the role's
// previous token had, else the role's share of the merged baseline.
std::vector<std::string> pairing_token_scopes(std::string_view role, const DeviceGrant& grant,
                                              const json* previous_token,
                                              const std::vector<std::string>& baseline) {
  auto requested = token_scopes_for_role(role, grant.scopes);
  if (!requested.empty()) return requested;
  if (previous_token != nullptr && has_field(*previous_token, "scopes")) {
    return token_scopes_for_role(role, string_list(*previous_token, "scopes"));
  }
  return token_scopes_for_role(role, baseline);
}

}  // namespace

std::vector<std::string> string_list(const json& object, std::string_view key) {
  std::vector<std::string> out;
  if (!has_field(object, key)) return out;
  const json& list = object[std::string(key)];
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

json json_list(const std::vector<std::string>& items) {
  json list = json::array();
  for (const auto& item : items) list.push_back(item);
  return list;
}

std::optional<std::string> string_field(const json& object, std::string_view key) {
  if (!has_field(object, key)) return std::nullopt;
  const json& value = object[std::string(key)];
  if (!value.is_string()) return std::nullopt;
  return value.get<std::string>();
}

std::vector<std::string> merge_roles(std::initializer_list<std::vector<std::string>> lists) {
  std::vector<std::string> out;
  for (const auto& list : lists) {
    for (const auto& role : list) {
      std::string text(trim(role));
      if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) {
        out.push_back(std::move(text));
      }
    }
  }
  return out;
}

Result<json> mint_token_entry(std::string_view role, const std::vector<std::string>& scopes,
                              std::int64_t now_ms, const json* replaced) {
  auto token = crypto::random_token();
  if (!token) return std::unexpected(token.error());
  json entry = {{"token", *token},
                {"role", std::string(role)},
                {"scopes", json_list(normalize_scopes(scopes))},
                {"createdAtMs", now_ms}};
  if (replaced != nullptr && replaced->is_object()) {
    entry["createdAtMs"] = integer_field(*replaced, "createdAtMs").value_or(now_ms);
    entry["rotatedAtMs"] = now_ms;
    if (auto last_used = integer_field(*replaced, "lastUsedAtMs")) entry["lastUsedAtMs"] = *last_used;
  }
  return entry;
}

const json* token_entry(const json& device, std::string_view role) {
  if (!has_field(device, "tokens") || !device["tokens"].is_object()) return nullptr;
  const json& tokens = device["tokens"];
  auto found = tokens.find(std::string(role));
  if (found == tokens.end() || !found->is_object()) return nullptr;
  return &*found;
}

std::int64_t token_issued_at(const json& token) {
  if (auto rotated = integer_field(token, "rotatedAtMs")) return *rotated;
  return integer_field(token, "createdAtMs").value_or(0);
}

std::vector<std::string> approved_roles(const json& device) {
  std::vector<std::string> primary;
  if (auto role = string_field(device, "role")) primary.push_back(*role);
  return merge_roles({string_list(device, "roles"), primary});
}

std::vector<std::string> effective_roles(const json& device) {
  const auto approved = approved_roles(device);
  if (!has_field(device, "tokens") || !device["tokens"].is_object() || device["tokens"].empty()) {
    return approved;
  }
  std::vector<std::string> out;
  for (const auto& [key, token] : device["tokens"].items()) {
    if (!token.is_object() || token_is_revoked(token)) continue;
    const std::string role = string_field(token, "role").value_or(key);
    if (std::find(approved.begin(), approved.end(), role) != approved.end() &&
        std::find(out.begin(), out.end(), role) == out.end()) {
      out.push_back(role);
    }
  }
  return out;
}

std::optional<std::vector<std::string>> approved_scope_baseline(const json& device) {
  for (const char* key : {"approvedScopes", "scopes"}) {
    if (has_field(device, key) && device[key].is_array()) return normalize_scopes(string_list(device, key));
  }
  return std::nullopt;
}

json token_summaries(const json& device) {
  json summaries = json::array();
  if (!has_field(device, "tokens") || !device["tokens"].is_object()) return summaries;
  // nlohmann's object iterates in key order, which is the role order upstream sorts by.
  for (const auto& [key, token] : device["tokens"].items()) {
    if (!token.is_object()) continue;
    json summary = {{"role", string_field(token, "role").value_or(key)},
                    {"scopes", json_list(string_list(token, "scopes"))}};
    for (const char* field : {"createdAtMs", "rotatedAtMs", "revokedAtMs", "lastUsedAtMs"}) {
      if (auto value = integer_field(token, field)) summary[field] = *value;
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

json redact_paired_device(const json& device) {
  json out = device;
  out.erase("approvedScopes");
  out["tokens"] = token_summaries(device);
  return out;
}

json without_token_values(const json& device) {
  json out = device;
  if (has_field(out, "tokens") && out["tokens"].is_object()) {
    for (auto& token : out["tokens"]) {
      if (token.is_object()) token.erase("token");
    }
  }
  return out;
}

Status record_grant(json& paired, const DeviceGrant& grant, GrantStyle style, std::int64_t now_ms) {
  const json* existing = nullptr;
  if (paired.is_object()) {
    auto found = paired.find(grant.device_id);
    if (found != paired.end() && found->is_object()) existing = &*found;
  }
  json entry = existing != nullptr ? *existing : json::object();
  const bool is_new = existing == nullptr;

  const auto granted_roles = merge_roles({{grant.role}, grant.roles});
  entry["deviceId"] = grant.device_id;
  entry["publicKey"] = grant.public_key;
  if (!trim(grant.role).empty()) entry["role"] = std::string(trim(grant.role));
  entry["roles"] = json_list(merge_roles({approved_roles(entry), granted_roles}));

  std::vector<std::string> baseline;
  if (style == GrantStyle::Pairing) {
    baseline = merge_scopes(approved_scope_baseline(entry).value_or(std::vector<std::string>{}), grant.scopes);
  } else {
    baseline = normalize_scopes(grant.scopes);
  }
  entry["scopes"] = json_list(baseline);
  entry["approvedScopes"] = json_list(baseline);

  set_or_keep(entry, "displayName", grant.display_name);
  set_or_keep(entry, "clientId", grant.client_id);
  set_or_keep(entry, "clientMode", grant.client_mode);
  set_or_keep(entry, "remoteIp", grant.remote_ip);
  if (style == GrantStyle::Pairing) {
    set_or_clear(entry, "platform", grant.platform);
    set_or_clear(entry, "deviceFamily", grant.device_family);
  } else {
    set_or_keep(entry, "platform", grant.platform);
    set_or_keep(entry, "deviceFamily", grant.device_family);
  }

  if (!entry.contains("tokens") || !entry["tokens"].is_object()) entry["tokens"] = json::object();
  for (const auto& role : granted_roles) {
    const json* previous = token_entry(entry, role);
    std::vector<std::string> scopes = style == GrantStyle::Pairing
                                          ? pairing_token_scopes(role, grant, previous, baseline)
                                          : token_scopes_for_role(role, baseline);
    if (style == GrantStyle::Provisioned && token_has_value(previous) && !token_is_revoked(*previous) &&
        normalize_scopes(string_list(*previous, "scopes")) == scopes) {
      continue;  // still exactly what the spec grants: keep it, so the CLI's copy stays valid
    }
    auto minted = mint_token_entry(role, scopes, now_ms, token_has_value(previous) ? previous : nullptr);
    if (!minted) return std::unexpected(minted.error());
    entry["tokens"][role] = std::move(*minted);
  }

  if (is_new || !integer_field(entry, "createdAtMs")) entry["createdAtMs"] = now_ms;
  if (is_new || style == GrantStyle::Pairing || !integer_field(entry, "approvedAtMs")) {
    entry["approvedAtMs"] = now_ms;
  }
  if (!paired.is_object()) paired = json::object();
  paired[grant.device_id] = std::move(entry);
  return {};
}

std::optional<std::string> paired_file_problem(const json& paired) {
  if (!paired.is_object()) return "must be a JSON object keyed by deviceId";
  for (const auto& [device_id, device] : paired.items()) {
    const std::string where = "entry \"" + device_id + "\"";
    if (!device.is_object()) return where + " is not an object";
    if (!string_field(device, "publicKey")) return where + " has no publicKey string";
    if (!device.contains("tokens") || device["tokens"].is_null()) continue;
    if (!device["tokens"].is_object()) return where + ": tokens must be an object keyed by role";
    for (const auto& [role, token] : device["tokens"].items()) {
      if (!token.is_object() || !string_field(token, "token")) {
        return where + ": tokens." + role + " has no token string";
      }
    }
  }
  return std::nullopt;
}

}  // namespace openclaw::pairing
