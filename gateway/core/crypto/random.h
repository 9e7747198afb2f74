// Cryptographically secure random bytes and the token formats built from them.
// Every function reports a failing random generator as an error: a gateway must never fall
// back to weaker randomness for tokens or keys.
#pragma once

#include <cstddef>
#include <string>

#include "core/crypto/encoding.h"
#include "core/util/result.h"

namespace openclaw::crypto {

// Bytes in a device token (spec §3.9: randomBytes(32).toString("base64url"), 43 chars).
inline constexpr std::size_t kDeviceTokenBytes = 32;
// Bytes in a generated gateway token (spec §3.2: randomBytes(24).toString("hex"), 48 chars).
inline constexpr std::size_t kGatewayTokenBytes = 24;

// `count` bytes from OpenSSL's CSPRNG (RAND_bytes). Fails when the generator cannot be
// seeded or errors; the message names OpenSSL's reason. `count` == 0 yields an empty buffer.
Result<Bytes> random_bytes(std::size_t count);

// A fresh device token: base64url (no padding) of kDeviceTokenBytes random bytes.
Result<std::string> random_token();

// A random (version 4) UUID, lowercase "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", as
// crypto.randomUUID() makes them: challenge nonces, connection and request ids.
Result<std::string> random_uuid();

// Lowercase hex of `byte_count` random bytes (2 * byte_count characters). The generated
// gateway token is random_hex(kGatewayTokenBytes).
Result<std::string> random_hex(std::size_t byte_count);

}  // namespace openclaw::crypto
