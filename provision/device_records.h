// Pre-approved devices (spec §3.8–§3.9): entries of devices/paired.json in the upstream
// format, and the on-box CLI's own identity (identity/device.json) with its stored device
// token (identity/device-auth.json), so the first `openclaw` command never waits for pairing
// (operator-pain B1, B2). The entry format, token minting and identity file are the
// gateway's own (core/pairing), so the provisioner and the gateway write the same records.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace openclaw::provision {

// The scopes upstream's CLI asks for; an owner device gets all of them, admin included, so
// it can approve other devices.
const std::vector<std::string>& owner_operator_scopes();

struct DeviceApproval {
  std::string public_key;  // as given: base64url raw key or PEM
  std::string display_name;
  std::string role = "operator";
  std::vector<std::string> scopes;  // empty: owner scopes for operators, none for nodes
  std::optional<std::string> platform;
  std::optional<std::string> client_id;
  std::optional<std::string> client_mode;
};

struct ApprovedDevice {
  std::string device_id;
  std::string token;  // the device token for the approved role
  std::vector<std::string> scopes;
};

// Adds or refreshes the approval of one device in the paired.json object (keyed by
// deviceId). An existing entry keeps its tokens and timestamps unless its scopes changed, in
// which case the role's token is re-minted (rotatedAtMs) so it never exceeds the approval.
// Fails when the public key is not an Ed25519 key, naming `where`.
Result<ApprovedDevice> approve_device(nlohmann::json& paired, const DeviceApproval& approval,
                                      std::int64_t now_ms, const std::string& where);

struct CliIdentityFiles {
  nlohmann::json device;       // identity/device.json
  nlohmann::json device_auth;  // identity/device-auth.json
  std::string device_id;
};

// The on-box CLI's identity: the existing identity/device.json when there is one (it must
// hold a valid Ed25519 key), else a new key pair; approved in `paired` with owner scopes, and
// its device token stored where the CLI looks for it.
Result<CliIdentityFiles> ensure_cli_identity(const std::optional<nlohmann::json>& existing_device,
                                             const std::optional<nlohmann::json>& existing_auth,
                                             nlohmann::json& paired, std::int64_t now_ms);

}  // namespace openclaw::provision
