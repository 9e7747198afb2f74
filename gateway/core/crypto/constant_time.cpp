#include "core/crypto/constant_time.h"

#include <openssl/crypto.h>

#include "core/crypto/sha256.h"

namespace openclaw::crypto {

bool constant_time_equal(std::string_view a, std::string_view b) {
  const Bytes digest_a = sha256(a);
  const Bytes digest_b = sha256(b);
  const bool digests_equal = CRYPTO_memcmp(digest_a.data(), digest_b.data(), kSha256Size) == 0;
  // The length check guards the (theoretical) collision case; `&` rather than `&&` keeps
  // both operands evaluated.
  const bool lengths_equal = a.size() == b.size();
  return digests_equal & lengths_equal;
}

}  // namespace openclaw::crypto
