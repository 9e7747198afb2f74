#include "provision/device_records.h"

#include "core/crypto/ed25519.h"
#include "core/pairing/gateway_identity.h"
#include "core/pairing/paired_record.h"
#include "core/pairing/scopes.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

constexpr const char* kIdentityFile = "identity/device.json";

}  // namespace

const std::vector<std::string>& owner_operator_scopes() { return pairing::cli_default_operator_scopes(); }

Result<ApprovedDevice> approve_device(json& paired, const DeviceApproval& approval,
                                      std::int64_t now_ms, const std::string& where) {
  auto raw_key = crypto::parse_public_key(approval.public_key);
  if (!raw_key) {
    return fail(where + ".publicKey: not an Ed25519 public key (" + raw_key.error().message + ")");
  }
  std::vector<std::string> scopes = approval.scopes;
  if (scopes.empty() && approval.role == pairing::kOperatorRole) scopes = owner_operator_scopes();

  pairing::DeviceGrant grant;
  grant.device_id = crypto::device_id_from_public_key(*raw_key);
  grant.public_key = crypto::public_key_base64url(*raw_key);
  grant.role = approval.role;
  grant.scopes = scopes;
  grant.display_name = approval.display_name;
  grant.platform = approval.platform;
  grant.client_id = approval.client_id;
  grant.client_mode = approval.client_mode;
  // The shared record format (gateway/core/pairing) decides the entry's shape and tokens.
  if (auto recorded = pairing::record_grant(paired, grant, pairing::GrantStyle::Provisioned, now_ms); !recorded) {
    return fail(where + ": " + recorded.error().message);
  }
  const json* token = pairing::token_entry(paired[grant.device_id], approval.role);
  return ApprovedDevice{grant.device_id, pairing::string_field(*token, "token").value_or(""),
                        pairing::normalize_scopes(scopes)};
}

Result<CliIdentityFiles> ensure_cli_identity(const std::optional<json>& existing_device,
                                             const std::optional<json>& existing_auth,
                                             json& paired, std::int64_t now_ms) {
  CliIdentityFiles files;
  std::optional<crypto::KeyPair> key_pair;
  if (existing_device) {
    auto loaded = pairing::key_pair_from_identity_document(*existing_device, kIdentityFile);
    if (!loaded) return std::unexpected(loaded.error());
    key_pair = std::move(*loaded);
    files.device = *existing_device;
  } else {
    auto generated = crypto::KeyPair::generate();
    if (!generated) return fail(std::string(kIdentityFile) + ": " + generated.error().message);
    key_pair = std::move(*generated);
    files.device = pairing::identity_document(*key_pair, now_ms);
  }
  files.device_id = key_pair->device_id();

  DeviceApproval approval;
  approval.public_key = key_pair->public_key_base64url();
  approval.display_name = "openclaw CLI (provisioned)";
  approval.platform = "linux";
  approval.client_id = "cli";
  approval.client_mode = "cli";
  auto approved = approve_device(paired, approval, now_ms, "cliIdentity");
  if (!approved) return std::unexpected(approved.error());

  json stored = {{"token", approved->token}, {"role", "operator"},
                 {"scopes", pairing::json_list(approved->scopes)}, {"updatedAtMs", now_ms}};
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
