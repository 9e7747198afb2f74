#include "client/tls_fingerprint.h"
#include "core/crypto/certificate_fingerprint.h"

#include <gtest/gtest.h>

namespace openclaw::client {
namespace {

constexpr char kHex[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

TEST(TlsFingerprintTest, AcceptsTheFormsOperatorsPaste) {
  EXPECT_EQ(*normalize_tls_fingerprint(kHex), kHex);
  EXPECT_EQ(*normalize_tls_fingerprint("SHA256:9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:"
                                       "D1:5D:6C:15:B0:F0:0A:08"),
            kHex);
  EXPECT_EQ(*normalize_tls_fingerprint(std::string("sha256=") + kHex), kHex);
}

TEST(TlsFingerprintTest, RefusesWhatIsNotASha256Fingerprint) {
  auto short_one = normalize_tls_fingerprint("abcd");
  ASSERT_FALSE(short_one);
  EXPECT_NE(short_one.error().message.find("64 hex digits"), std::string::npos);
  auto not_hex = normalize_tls_fingerprint(std::string(64, 'g'));
  ASSERT_FALSE(not_hex);
  EXPECT_NE(not_hex.error().message.find("not hex"), std::string::npos);
}

TEST(TlsFingerprintTest, PemWithoutACertificateFails) {
  EXPECT_FALSE(crypto::certificate_fingerprint_from_pem("not a certificate"));
  EXPECT_EQ(crypto::certificate_fingerprint_from_der("test"), kHex) << "SHA-256 of the DER bytes";
}

}  // namespace
}  // namespace openclaw::client
