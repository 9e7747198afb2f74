#include "provision/device_records.h"

#include <algorithm>

#include "core/crypto/ed25519.h"
#include "core/crypto/random.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

json string_list(const std::vector<std::string>& items) {
  json list = json::array();
  for (const auto& item : items) list.push_back(item);
  return list;
}

Result<json> mint_token(const std::string& role, const std::vector<std::string>& scopes,
                        std::int64_t now_ms) {
  auto token = crypto::random_token();
  if (!token) return std::unexpected(token.error());
  return json{{"token", *token}, {"role", role}, {"scopes", string_list(scopes)}, {"createdAtMs", now_ms}};
}

}  // namespace

const std::vector<std::string>& owner_operator_scopes() {
  static const std::vector<std::string> scopes = {
      "operator.admin",    "operator.read",     "operator.write",
      "operator.approvals", "operator.pairing", "operator.talk.secrets"};
  return scopes;
}

Result<ApprovedDevice> approve_device(json& paired, const DeviceApproval& approval,
                                      std::int64_t now_ms, const std::string& where) {
  auto raw_key = crypto::parse_public_key(approval.public_key);
  if (!raw_key) {
    return fail(where + ".publicKey: not an Ed25519 public key (" + raw_key.error().message + ")");
  }
  const std::string device_id = crypto::device_id_from_public_key(*raw_key);
  std::vector<std::string> scopes = approval.scopes;
  if (scopes.empty() && approval.role == "operator") scopes = owner_operator_scopes();

  if (!paired.is_object()) paired = json::object();
  json& entry = paired[device_id];
  const bool is_new = !entry.is_object();
  if (is_new) {
    entry = json{{"deviceId", device_id}, {"createdAtMs", now_ms}, {"approvedAtMs", now_ms}};
  }
  entry["publicKey"] = crypto::public_key_base64url(*raw_key);
  entry["displayName"] = approval.display_name;
  if (approval.platform) entry["platform"] = *approval.platform;
  if (approval.client_id) entry["clientId"] = *approval.client_id;
  if (approval.client_mode) entry["clientMode"] = *approval.client_mode;
  entry["role"] = approval.role;
  json roles = entry.contains("roles") && entry["roles"].is_array() ? entry["roles"] : json::array();
  if (std::find(roles.begin(), roles.end(), approval.role) == roles.end()) roles.push_back(approval.role);
  entry["roles"] = roles;
  entry["scopes"] = string_list(scopes);
  entry["approvedScopes"] = string_list(scopes);

  json& tokens = entry["tokens"];
  if (!tokens.is_object()) tokens = json::object();
  json& token = tokens[approval.role];
  bool usable = token.is_object() && token.contains("token") && !token.contains("revokedAtMs") &&
                token.value("scopes", json::array()) == string_list(scopes);
  if (!usable) {
    bool had_token = token.is_object() && token.contains("token");
    auto minted = mint_token(approval.role, scopes, now_ms);
    if (!minted) return fail(where + ": " + minted.error().message);
    if (had_token) {
      (*minted)["createdAtMs"] = token.value("createdAtMs", now_ms);
      (*minted)["rotatedAtMs"] = now_ms;
    }
    token = std::move(*minted);
  }
  return ApprovedDevice{device_id, token["token"].get<std::string>(), scopes};
}

Result<CliIdentityFiles> ensure_cli_identity(const std::optional<json>& existing_device,
                                             const std::optional<json>& existing_auth,
                                             json& paired, std::int64_t now_ms) {
  CliIdentityFiles files;
  std::optional<crypto::KeyPair> key_pair;
  if (existing_device) {
    if (!existing_device->is_object() || !existing_device->contains("privateKeyPem") ||
        !(*existing_device)["privateKeyPem"].is_string()) {
      return fail("identity/device.json: has no privateKeyPem; move it away to create a new identity");
    }
    auto loaded = crypto::KeyPair::from_private_key_pem((*existing_device)["privateKeyPem"].get<std::string>());
    if (!loaded) return fail("identity/device.json: " + loaded.error().message);
    key_pair = std::move(*loaded);
    files.device = *existing_device;
  } else {
    auto generated = crypto::KeyPair::generate();
    if (!generated) return fail("identity/device.json: " + generated.error().message);
    key_pair = std::move(*generated);
    files.device = json{{"version", 1},
                        {"deviceId", key_pair->device_id()},
                        {"publicKeyPem", key_pair->public_key_pem()},
                        {"privateKeyPem", key_pair->private_key_pem()},
                        {"createdAtMs", now_ms}};
  }
  files.device_id = key_pair->device_id();
  if (files.device.value("deviceId", "") != files.device_id) {
    return fail("identity/device.json: deviceId does not match its key; move the file away to create a new identity");
  }

  DeviceApproval approval;
  approval.public_key = key_pair->public_key_base64url();
  approval.display_name = "openclaw CLI (provisioned)";
  approval.platform = "linux";
  approval.client_id = "cli";
  approval.client_mode = "cli";
  auto approved = approve_device(paired, approval, now_ms, "cliIdentity");
  if (!approved) return std::unexpected(approved.error());

  json stored = {{"token", approved->token}, {"role", "operator"},
                 {"scopes", string_list(approved->scopes)}, {"updatedAtMs", now_ms}};
  if (existing_auth && existing_auth->is_object() &&
      existing_auth->value("deviceId", "") == files.device_id) {
    files.device_auth = *existing_auth;
    const json* current = nullptr;
    if (files.device_auth.contains("tokens") && files.device_auth["tokens"].contains("operator")) {
      current = &files.device_auth["tokens"]["operator"];
    }
    if (current && current->value("token", "") == approved->token &&
        current->value("scopes", json::array()) == stored["scopes"]) {
      return files;  // already stored as is
    }
  } else {
    files.device_auth = json{{"version", 1}, {"deviceId", files.device_id}, {"tokens", json::object()}};
  }
  files.device_auth["tokens"]["operator"] = stored;
  return files;
}

}  // namespace openclaw::provision
