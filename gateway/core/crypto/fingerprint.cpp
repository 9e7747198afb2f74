#include "core/crypto/fingerprint.h"

#include "core/crypto/sha256.h"

namespace openclaw::crypto {
namespace {
constexpr std::size_t kFingerprintHexChars = 12;
}

std::string token_fingerprint(std::string_view secret) {
  return "sha256:" + sha256_hex(secret).substr(0, kFingerprintHexChars);
}

}  // namespace openclaw::crypto
