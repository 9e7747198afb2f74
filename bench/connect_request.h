// The client half of the OpenClaw handshake (spec §1.2–§1.5): the `connect` request a CLI
// sends after reading `connect.challenge`, with or without a signed device identity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto/ed25519.h"

namespace openclaw::bench {

// Who the benchmark claims to be. The defaults are those of the real CLI (spec §1.3):
// client id "cli", mode "cli", platform "linux", role operator.
struct ClientClaims {
  std::string client_id = "cli";
  std::string client_mode = "cli";
  std::string client_version = OPENCLAW_VERSION;
  std::string platform = "linux";
  std::string role = "operator";
  std::vector<std::string> scopes = {"operator.read", "operator.write"};
  std::string token;  // the shared gateway token; empty sends no auth block
};

// The v3 device signature payload (spec §1.5):
// v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily
// with scopes joined by ',' in the order sent and platform lowercased (ASCII only). This
// client sends no deviceFamily, so the last field is empty.
std::string device_signature_payload_v3(const ClientClaims& claims, std::string_view device_id,
                                        std::int64_t signed_at_ms, std::string_view nonce);

// The complete `req connect` frame: protocol range [3,4], the client block, role, scopes,
// auth.token (when claims.token is not empty), and — when `device` is not null — the device
// block signed over the challenge `nonce` at `signed_at_ms`.
nlohmann::json connect_request(const ClientClaims& claims, std::string_view request_id,
                               std::string_view nonce, const crypto::KeyPair* device,
                               std::int64_t signed_at_ms);

}  // namespace openclaw::bench
