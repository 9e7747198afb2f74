#include "core/crypto/constant_time.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::crypto {
namespace {

using namespace std::string_literals;

TEST(ConstantTimeEqual, EqualInputs) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("s3cret-token", "s3cret-token"));
  EXPECT_TRUE(constant_time_equal("a\0b"s, "a\0b"s));
}

TEST(ConstantTimeEqual, DifferentContentSameLength) {
  EXPECT_FALSE(constant_time_equal("s3cret-token", "s3cret-tokeN"));
  EXPECT_FALSE(constant_time_equal("Xs3cret-token", "Ys3cret-token"));
  EXPECT_FALSE(constant_time_equal("a\0b"s, "a\0c"s));
}

TEST(ConstantTimeEqual, PrefixIsNotEqual) {
  EXPECT_FALSE(constant_time_equal("s3cret", "s3cret-token"));
  EXPECT_FALSE(constant_time_equal("s3cret-token", "s3cret"));
  EXPECT_FALSE(constant_time_equal("", "x"));
  EXPECT_FALSE(constant_time_equal("a"s, "a\0"s));
}

TEST(ConstantTimeEqual, CaseMatters) { EXPECT_FALSE(constant_time_equal("Token", "token")); }

}  // namespace
}  // namespace openclaw::crypto
