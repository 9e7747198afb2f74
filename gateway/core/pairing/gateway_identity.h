// The gateway's (and the on-box CLI's) own Ed25519 identity, identity/device.json
// (spec §1.5, §4): {version:1, deviceId, publicKeyPem, privateKeyPem, createdAtMs}, mode
// 0600. The gateway reports it in gateway.identity.get; the provisioner writes the same file
// for the CLI, through the same functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/state/layout.h"
#include "core/util/result.h"

namespace openclaw::pairing {

struct GatewayIdentity {
  std::string device_id;             // lowercase hex SHA-256 of the raw public key
  std::string public_key_base64url;  // raw 32-byte key, base64url without padding
};

// The identity document for `key_pair`, created at `created_at_ms`.
nlohmann::json identity_document(const crypto::KeyPair& key_pair, std::int64_t created_at_ms);

// The key pair held by a parsed identity document. Fails, with a message starting with
// `where` and never containing key material, when the document is not an object, its
// version is not 1, privateKeyPem is missing or not an Ed25519 PKCS#8 key, or deviceId (or
// publicKeyPem, when present) does not belong to that key.
Result<crypto::KeyPair> key_pair_from_identity_document(const nlohmann::json& document,
                                                        std::string_view where);

// The identity in layout.device_identity(): read and validated when the file exists,
// else a new key pair written there atomically (mode 0600; identity/ created 0700 when
// missing). An existing file that cannot be read, parsed or validated is an error naming the
// file; it is never replaced. When another process creates the file at the same moment, its
// identity wins and is returned.
Result<GatewayIdentity> load_or_create_identity(const state::StateLayout& layout, std::int64_t now_ms);

}  // namespace openclaw::pairing
