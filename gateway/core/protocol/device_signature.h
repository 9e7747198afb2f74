// Device proof verification (spec §1.5): the client signs a `|`-joined payload with its
// Ed25519 key, binding the server's challenge nonce, its identity and what it asks for; the
// gateway rebuilds the payload from the connect params and checks the signature.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/connect_params.h"
#include "core/protocol/error_shape.h"

namespace openclaw::protocol {

// Allowed distance between the client's `device.signedAt` and the server clock.
inline constexpr std::int64_t kDeviceSignatureSkewMs = 2 * 60 * 1000;

// `text` trimmed of ASCII whitespace with A-Z lowercased and every other byte unchanged
// (upstream's normalizeDeviceMetadataForAuth, for platform and deviceFamily).
std::string normalize_device_metadata(std::string_view text);

// The fields the signed payload binds, as the server resolves them from the connect params.
struct SignedFields {
  std::string device_id;
  std::string client_id;
  std::string client_mode;
  std::string role;
  std::vector<std::string> scopes;  // joined with ',' in the order sent
  std::int64_t signed_at_ms = 0;
  std::string token;  // empty when no token was sent
  std::string nonce;
  std::string platform;       // v3 only; normalized by the builder
  std::string device_family;  // v3 only; normalized by the builder
};

// "v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily"
std::string device_auth_payload_v3(const SignedFields& fields);
// "v2|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce"
std::string device_auth_payload_v2(const SignedFields& fields);

// Why a device proof was refused: upstream's message, details.code and details.reason.
struct DeviceAuthFailure {
  std::string message;  // e.g. "device signature invalid"
  std::string code;     // e.g. "DEVICE_AUTH_SIGNATURE_INVALID"
  std::string reason;   // e.g. "device-signature"

  // INVALID_REQUEST <message> with details {code, reason}; upstream then closes 1008
  // with the message as reason.
  ErrorShape to_error() const;
};

struct VerifiedDevice {
  std::string device_id;
  std::string raw_public_key;  // 32 bytes
  std::string public_key_base64url;
  int payload_version = 0;  // 3 or 2
};

// Verifies `params.device` against the challenge this socket issued. Checks, in upstream's
// order, each failing with its own message/code/reason:
//  1. device.id is the SHA-256 hex of the public key (a key that does not parse also fails
//     here)                                       -> "device identity mismatch"
//  2. |now_ms - signedAt| <= kDeviceSignatureSkewMs -> "device signature expired"
//  3. device.nonce, trimmed, is not empty         -> "device nonce required"
//  4. it equals `challenge_nonce`                 -> "device nonce mismatch"
//  5. the signature verifies over the v3 payload, else the v2 payload; the token slot is
//     auth.token ?? auth.deviceToken ?? auth.bootstrapToken ?? "" (first one sent, even if
//     empty), role and scopes as sent       -> "device signature invalid"
// A connect without a device fails with "device identity required" (callers decide about
// device-less connects before calling this).
std::expected<VerifiedDevice, DeviceAuthFailure> verify_device_proof(
    const ConnectParams& params, std::string_view challenge_nonce, std::int64_t now_ms);

}  // namespace openclaw::protocol
