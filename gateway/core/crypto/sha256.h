// SHA-256 (OpenSSL EVP). Used for device ids (hash of the raw public key), token
// fingerprints and constant-time comparison.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/crypto/encoding.h"

namespace openclaw::crypto {

inline constexpr std::size_t kSha256Size = 32;

// The 32-byte SHA-256 digest of `bytes`.
// Hashing cannot fail for a valid input; an OpenSSL failure here means the library is
// unusable (allocation failure, broken provider), so it aborts the process with a message
// on stderr rather than return a digest that is not one.
Bytes sha256(std::string_view bytes);

// Lowercase hex (64 characters) of sha256(bytes).
std::string sha256_hex(std::string_view bytes);

}  // namespace openclaw::crypto
