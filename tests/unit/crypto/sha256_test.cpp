#include "core/crypto/sha256.h"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto/encoding.h"

namespace openclaw::crypto {
namespace {

// FIPS 180-2 / NIST examples.
TEST(Sha256, EmptyInput) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, DigestIs32RawBytesMatchingHex) {
  const Bytes digest = sha256("abc");
  EXPECT_EQ(digest.size(), kSha256Size);
  EXPECT_EQ(hex_encode(digest), sha256_hex("abc"));
}

TEST(Sha256, HashesEmbeddedNulBytes) {
  using namespace std::string_literals;
  EXPECT_NE(sha256_hex("a\0b"s), sha256_hex("a"));
}

}  // namespace
}  // namespace openclaw::crypto
