#include "core/auth/shared_secret.h"

#include <gtest/gtest.h>

namespace openclaw::auth {
namespace {

const std::optional<std::string> kConfigured = std::string("4f1c0b0e9a7d4e1f8b2c3d4e5f6a7b8c");

TEST(CheckSharedSecret, EqualSecretIsOk) {
  EXPECT_EQ(check_shared_secret(kConfigured, std::string("4f1c0b0e9a7d4e1f8b2c3d4e5f6a7b8c")),
            SharedSecretOutcome::Ok);
}

TEST(CheckSharedSecret, AnyDifferenceIsAMismatch) {
  for (const char* provided :
       {"4f1c0b0e9a7d4e1f8b2c3d4e5f6a7b8d", "4f1c0b0e9a7d4e1f8b2c3d4e5f6a7b8",
        "4f1c0b0e9a7d4e1f8b2c3d4e5f6a7b8c ", "4F1C0B0E9A7D4E1F8B2C3D4E5F6A7B8C", "x"}) {
    EXPECT_EQ(check_shared_secret(kConfigured, std::string(provided)),
              SharedSecretOutcome::Mismatch)
        << provided;
  }
}

TEST(CheckSharedSecret, NothingOrEmptyProvidedIsMissing) {
  EXPECT_EQ(check_shared_secret(kConfigured, std::nullopt), SharedSecretOutcome::Missing);
  EXPECT_EQ(check_shared_secret(kConfigured, std::string()), SharedSecretOutcome::Missing);
}

TEST(CheckSharedSecret, NoConfiguredSecretMatchesNothing) {
  EXPECT_EQ(check_shared_secret(std::nullopt, std::string("anything")),
            SharedSecretOutcome::NotConfigured);
  EXPECT_EQ(check_shared_secret(std::string(), std::string()), SharedSecretOutcome::NotConfigured);
  EXPECT_EQ(check_shared_secret(std::nullopt, std::nullopt), SharedSecretOutcome::NotConfigured);
}

TEST(SharedSecretOutcome, NamesAreStableLabels) {
  EXPECT_EQ(to_string(SharedSecretOutcome::Ok), "ok");
  EXPECT_EQ(to_string(SharedSecretOutcome::Missing), "missing");
  EXPECT_EQ(to_string(SharedSecretOutcome::Mismatch), "mismatch");
  EXPECT_EQ(to_string(SharedSecretOutcome::NotConfigured), "not_configured");
}

}  // namespace
}  // namespace openclaw::auth
