#include "core/crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace openclaw::crypto {

Bytes sha256(std::string_view bytes) {
  Bytes digest(kSha256Size, '\0');
  unsigned int digest_length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(digest.data()),
                 &digest_length, EVP_sha256(), nullptr) != 1 ||
      digest_length != kSha256Size) {
    std::fputs("openclaw: fatal: OpenSSL SHA-256 failed\n", stderr);
    std::abort();
  }
  return digest;
}

std::string sha256_hex(std::string_view bytes) { return hex_encode(sha256(bytes)); }

}  // namespace openclaw::crypto
