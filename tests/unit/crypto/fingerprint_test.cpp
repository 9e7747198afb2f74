#include "core/crypto/fingerprint.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::crypto {
namespace {

TEST(TokenFingerprint, IsSha256PrefixWithTwelveHexCharacters) {
  // SHA-256("abc") = ba7816bf8f01cfea...
  EXPECT_EQ(token_fingerprint("abc"), "sha256:ba7816bf8f01");
}

TEST(TokenFingerprint, NeverContainsTheSecret) {
  const std::string secret = "0123456789abcdef0123456789abcdef0123456789abcdef";
  const std::string fingerprint = token_fingerprint(secret);
  EXPECT_EQ(fingerprint.size(), std::string("sha256:").size() + 12);
  EXPECT_EQ(fingerprint.find(secret.substr(0, 12)), std::string::npos);
}

TEST(TokenFingerprint, DistinguishesTokens) {
  EXPECT_NE(token_fingerprint("token-one"), token_fingerprint("token-two"));
  EXPECT_EQ(token_fingerprint("token-one"), token_fingerprint("token-one"));
}

}  // namespace
}  // namespace openclaw::crypto
