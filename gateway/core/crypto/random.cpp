#include "core/crypto/random.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>

namespace openclaw::crypto {
namespace {

std::string openssl_error_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no error reported";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

}  // namespace

Result<Bytes> random_bytes(std::size_t count) {
  Bytes out(count, '\0');
  // RAND_bytes takes an int; draw in chunks so no size is silently truncated.
  std::size_t filled = 0;
  while (filled < count) {
    const std::size_t chunk = std::min<std::size_t>(count - filled, INT_MAX);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data() + filled),
                   static_cast<int>(chunk)) != 1) {
      return fail("the system random number generator failed (" + openssl_error_reason() + ")");
    }
    filled += chunk;
  }
  return out;
}

Result<std::string> random_token() {
  // (No std::expected::transform in GCC 12's library.)
  auto bytes = random_bytes(kDeviceTokenBytes);
  if (!bytes) return std::unexpected(bytes.error());
  return base64url_encode(*bytes);
}

Result<std::string> random_hex(std::size_t byte_count) {
  auto bytes = random_bytes(byte_count);
  if (!bytes) return std::unexpected(bytes.error());
  return hex_encode(*bytes);
}

Result<std::string> random_uuid() {
  auto bytes = random_bytes(16);
  if (!bytes) return std::unexpected(bytes.error());
  auto& b = *bytes;
  b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = hex_encode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

}  // namespace openclaw::crypto
