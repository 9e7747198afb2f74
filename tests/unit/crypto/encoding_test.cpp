#include "core/crypto/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::crypto {
namespace {

using namespace std::string_literals;

// RFC 4648 §10 test vectors.
struct Rfc4648Vector {
  std::string plain;
  std::string base64;
  std::string base64url_unpadded;
};

class Rfc4648Test : public ::testing::TestWithParam<Rfc4648Vector> {};

TEST_P(Rfc4648Test, EncodesStandardWithPaddingAndUrlWithout) {
  EXPECT_EQ(base64_encode(GetParam().plain), GetParam().base64);
  EXPECT_EQ(base64url_encode(GetParam().plain), GetParam().base64url_unpadded);
}

TEST_P(Rfc4648Test, DecodesPaddedAndUnpaddedForms) {
  auto padded = base64url_decode(GetParam().base64);
  ASSERT_TRUE(padded.has_value()) << padded.error().message;
  EXPECT_EQ(*padded, GetParam().plain);
  auto unpadded = base64url_decode(GetParam().base64url_unpadded);
  ASSERT_TRUE(unpadded.has_value()) << unpadded.error().message;
  EXPECT_EQ(*unpadded, GetParam().plain);
}

INSTANTIATE_TEST_SUITE_P(Vectors, Rfc4648Test,
                         ::testing::Values(Rfc4648Vector{"", "", ""},
                                           Rfc4648Vector{"f", "Zg==", "Zg"},
                                           Rfc4648Vector{"fo", "Zm8=", "Zm8"},
                                           Rfc4648Vector{"foo", "Zm9v", "Zm9v"},
                                           Rfc4648Vector{"foob", "Zm9vYg==", "Zm9vYg"},
                                           Rfc4648Vector{"fooba", "Zm9vYmE=", "Zm9vYmE"},
                                           Rfc4648Vector{"foobar", "Zm9vYmFy", "Zm9vYmFy"}));

TEST(Base64Url, UsesUrlSafeAlphabet) {
  const std::string bytes = "\xfb\xff\xbf"s;
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64url_encode(bytes), "-_-_");
}

TEST(Base64Url, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t length = 0; length <= all.size(); length += 37) {
    const std::string slice = all.substr(0, length);
    auto decoded = base64url_decode(base64url_encode(slice));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, slice) << "length " << length;
  }
}

TEST(Base64Url, DecodeAcceptsStandardAlphabetAndMixedAlphabets) {
  EXPECT_EQ(base64url_decode("+/+/").value(), "\xfb\xff\xbf"s);
  EXPECT_EQ(base64url_decode("-/+_").value(), "\xfb\xff\xbf"s);
}

TEST(Base64Url, DecodeAcceptsPartialPaddingAsUpstreamRepadding) {
  // Upstream appends the missing '=' itself, so "Zg=" (one of two) decodes too.
  EXPECT_EQ(base64url_decode("Zg=").value(), "f");
}

TEST(Base64Url, DecodeOfA32ByteKeyIs43Characters) {
  const std::string key(32, '\x42');
  const std::string text = base64url_encode(key);
  EXPECT_EQ(text.size(), 43u);
  EXPECT_EQ(base64url_decode(text).value(), key);
}

TEST(Base64Url, DecodeRejectsInvalidCharacters) {
  EXPECT_FALSE(base64url_decode("Zm9v!").has_value());
  EXPECT_FALSE(base64url_decode("Zm 9v").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v\n").has_value());
  EXPECT_FALSE(base64url_decode("Zm\xc3\xa9").has_value());
}

TEST(Base64Url, DecodeErrorNamesTheOffset) {
  auto result = base64url_decode("Zm9v!x");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("offset 4"), std::string::npos) << result.error().message;
}

TEST(Base64Url, DecodeRejectsImpossibleLength) {
  EXPECT_FALSE(base64url_decode("A").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vY").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vY===").has_value());
}

TEST(Base64Url, DecodeRejectsMisplacedOrExcessPadding) {
  EXPECT_FALSE(base64url_decode("Zg==Zg==").has_value());
  EXPECT_FALSE(base64url_decode("Z=g=").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v=").has_value());
  EXPECT_FALSE(base64url_decode("Zm9=v").has_value());
  EXPECT_FALSE(base64url_decode("Zg===").has_value());
  EXPECT_FALSE(base64url_decode("=").has_value());
}

TEST(Hex, EncodesLowercase) {
  EXPECT_EQ(hex_encode(""), "");
  EXPECT_EQ(hex_encode("\x00\x01\xab\xff"s), "0001abff");
}

TEST(Hex, DecodesBothCases) {
  EXPECT_EQ(hex_decode("0001abff").value(), "\x00\x01\xab\xff"s);
  EXPECT_EQ(hex_decode("0001ABFF").value(), "\x00\x01\xab\xff"s);
  EXPECT_EQ(hex_decode("").value(), "");
}

TEST(Hex, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(hex_decode(hex_encode(all)).value(), all);
}

TEST(Hex, DecodeRejectsOddLength) {
  auto result = hex_decode("abc");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("odd length"), std::string::npos);
}

TEST(Hex, DecodeRejectsNonHexCharacters) {
  EXPECT_FALSE(hex_decode("zz").has_value());
  EXPECT_FALSE(hex_decode("0g").has_value());
  EXPECT_FALSE(hex_decode("0x12").has_value());
  EXPECT_FALSE(hex_decode("12 3").has_value());
  auto result = hex_decode("00g0");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("offset 2"), std::string::npos) << result.error().message;
}

}  // namespace
}  // namespace openclaw::crypto
