#include "core/crypto/random.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace openclaw::crypto {
namespace {

TEST(RandomBytes, ReturnsRequestedCount) {
  for (std::size_t count : {0u, 1u, 16u, 32u, 1000u}) {
    auto bytes = random_bytes(count);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
    EXPECT_EQ(bytes->size(), count);
  }
}

TEST(RandomBytes, SuccessiveDrawsDiffer) {
  EXPECT_NE(random_bytes(32).value(), random_bytes(32).value());
}

TEST(RandomBytes, UsesAllByteValuesRoughlyUniformly) {
  // 64 KiB: every byte value is expected ~256 times; missing one would mean a broken source.
  const Bytes bytes = random_bytes(65536).value();
  std::set<unsigned char> seen(bytes.begin(), bytes.end());
  EXPECT_EQ(seen.size(), 256u);
}

TEST(RandomToken, Is43Base64UrlCharacters) {
  const std::string token = random_token().value();
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(base64url_decode(token).value().size(), kDeviceTokenBytes);
}

TEST(RandomToken, TokensAreUnique) {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(random_token().value());
  EXPECT_EQ(tokens.size(), 100u);
}

TEST(RandomHex, GatewayTokenIs48LowercaseHexCharacters) {
  const std::string token = random_hex(kGatewayTokenBytes).value();
  EXPECT_EQ(token.size(), 48u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RandomHex, ZeroBytesIsEmpty) { EXPECT_EQ(random_hex(0).value(), ""); }

TEST(RandomUuid, IsALowercaseVersion4UuidAndFreshEachTime) {
  auto first = random_uuid();
  auto second = random_uuid();
  ASSERT_TRUE(first && second);
  EXPECT_THAT(*first, ::testing::MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  EXPECT_NE(*first, *second);
}

}  // namespace
}  // namespace openclaw::crypto
