#include "core/protocol/device_signature.h"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto/ed25519.h"
#include "core/crypto/encoding.h"

namespace openclaw::protocol {
namespace {

constexpr std::int64_t kNow = 1700000000000;
constexpr char kNonce[] = "2f2520ee-9e37-4257-98a9-1b61a84743e7";

// A connect signed by Node's crypto.sign (same vector as tests/unit/crypto/ed25519_test.cpp).
constexpr char kNodePublicKey[] = "6tYl4bduPplnSRevRPC8LhAgxDoGc3i-vm6MIG1A418";
constexpr char kNodeDeviceId[] = "00b3dc4022e8edb9e83dc253a081f753d8bb2f3cd815047a057af264d519e0fa";
constexpr char kNodeSignature[] =
    "xgY3WaFZ7g7WyLsut8sTP4qLHak8mTvq6D97B7D4e1m7yfvn63CJxfNWuPODGUFVU-rPpbNH7Rsl7khID1IvDA";

ConnectParams base_params() {
  ConnectParams params;
  params.min_protocol = 3;
  params.max_protocol = 4;
  params.client.id = "cli";
  params.client.mode = "cli";
  params.client.version = "1.0.0";
  params.client.platform = "linux";
  params.role = "operator";
  params.scopes = {"operator.read", "operator.write"};
  params.scopes_present = true;
  return params;
}

SignedFields fields_for(const ConnectParams& params, const crypto::KeyPair& key,
                        std::string token) {
  return SignedFields{key.device_id(),        params.client.id,
                      params.client.mode,     params.role,
                      params.scopes,          kNow,
                      std::move(token),       kNonce,
                      params.client.platform, params.client.device_family.value_or("")};
}

// `params` with a device proof signed by `key` over `payload`.
ConnectParams with_proof(ConnectParams params, const crypto::KeyPair& key, std::string_view payload,
                         std::int64_t signed_at = kNow) {
  params.device = DeviceProof{key.device_id(), key.public_key_base64url(),
                              crypto::base64url_encode(key.sign(payload)), signed_at, kNonce};
  return params;
}

DeviceAuthFailure failure_of(const ConnectParams& params, std::int64_t now = kNow,
                             std::string_view nonce = kNonce) {
  auto verified = verify_device_proof(params, nonce, now);
  EXPECT_FALSE(verified.has_value());
  return verified ? DeviceAuthFailure{} : verified.error();
}

class DeviceProofTest : public ::testing::Test {
 protected:
  crypto::KeyPair key = crypto::KeyPair::generate().value();
};

TEST(NormalizeDeviceMetadata, TrimsAndLowercasesAsciiOnly) {
  EXPECT_EQ(normalize_device_metadata("  MacBook Pro \t"), "macbook pro");
  EXPECT_EQ(normalize_device_metadata("iPhone"), "iphone");
  // Only A-Z are folded; non-ASCII letters stay as sent.
  EXPECT_EQ(normalize_device_metadata("\xC3\x84PFEL"), "\xC3\x84pfel");
  EXPECT_EQ(normalize_device_metadata(""), "");
}

TEST(DeviceAuthPayload, BuildsV3AndV2) {
  SignedFields fields{
      "dev",         "openclaw-ios", "ui",    "operator", {"operator.write", "operator.read"},
      1700000000123, "tok",          "nonce", " iOS ",    "iPhone"};
  EXPECT_EQ(device_auth_payload_v3(fields),
            "v3|dev|openclaw-ios|ui|operator|operator.write,operator.read|1700000000123|tok|nonce|"
            "ios|iphone");
  EXPECT_EQ(device_auth_payload_v2(fields),
            "v2|dev|openclaw-ios|ui|operator|operator.write,operator.read|1700000000123|tok|nonce");
  fields.scopes.clear();
  fields.token.clear();
  EXPECT_EQ(device_auth_payload_v2(fields),
            "v2|dev|openclaw-ios|ui|operator||1700000000123||nonce");
}

TEST(VerifyDeviceProof, AcceptsASignatureMadeByNode) {
  ConnectParams params = base_params();
  params.device = DeviceProof{kNodeDeviceId, kNodePublicKey, kNodeSignature, kNow, "n0nce"};
  auto verified = verify_device_proof(params, "n0nce", kNow);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->device_id, kNodeDeviceId);
  EXPECT_EQ(verified->payload_version, 3);
  EXPECT_EQ(verified->public_key_base64url, kNodePublicKey);
  EXPECT_EQ(verified->raw_public_key.size(), 32u);
}

TEST_F(DeviceProofTest, AcceptsV3) {
  const ConnectParams unsigned_params = base_params();
  const auto params = with_proof(unsigned_params, key,
                                 device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  auto verified = verify_device_proof(params, kNonce, kNow);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->payload_version, 3);
  EXPECT_EQ(verified->device_id, key.device_id());
  EXPECT_EQ(verified->raw_public_key, key.public_key());
  EXPECT_EQ(verified->public_key_base64url, key.public_key_base64url());
}

TEST_F(DeviceProofTest, AcceptsV2) {
  const ConnectParams unsigned_params = base_params();
  const auto params = with_proof(unsigned_params, key,
                                 device_auth_payload_v2(fields_for(unsigned_params, key, "")));
  auto verified = verify_device_proof(params, kNonce, kNow);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->payload_version, 2);
}

TEST_F(DeviceProofTest, AcceptsPemKeysAndStandardBase64Signatures) {
  ConnectParams params = base_params();
  const std::string payload = device_auth_payload_v3(fields_for(params, key, ""));
  params.device = DeviceProof{key.device_id(), key.public_key_pem(),
                              crypto::base64_encode(key.sign(payload)), kNow, kNonce};
  auto verified = verify_device_proof(params, kNonce, kNow);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->public_key_base64url, key.public_key_base64url());
}

TEST_F(DeviceProofTest, V3BindsNormalizedPlatformAndDeviceFamily) {
  ConnectParams params = base_params();
  params.client.platform = "Linux ";
  params.client.device_family = "Laptop";
  SignedFields fields = fields_for(params, key, "");
  fields.platform = "linux";
  fields.device_family = "laptop";
  EXPECT_TRUE(
      verify_device_proof(with_proof(params, key, device_auth_payload_v3(fields)), kNonce, kNow));
  fields.device_family = "desktop";
  EXPECT_EQ(failure_of(with_proof(params, key, device_auth_payload_v3(fields))).reason,
            "device-signature");
}

TEST_F(DeviceProofTest, TokenSlotIsTheFirstTokenSent) {
  ConnectParams params = base_params();
  params.auth = ConnectAuth{std::nullopt, "boot", "devtok", std::nullopt};
  EXPECT_TRUE(verify_device_proof(
      with_proof(params, key, device_auth_payload_v3(fields_for(params, key, "devtok"))), kNonce,
      kNow));
  EXPECT_FALSE(verify_device_proof(
      with_proof(params, key, device_auth_payload_v3(fields_for(params, key, "boot"))), kNonce,
      kNow));
  params.auth->device_token.reset();
  EXPECT_TRUE(verify_device_proof(
      with_proof(params, key, device_auth_payload_v3(fields_for(params, key, "boot"))), kNonce,
      kNow));
  // An empty auth.token is still "sent": it takes the slot before the device token.
  params.auth = ConnectAuth{"", std::nullopt, "devtok", std::nullopt};
  EXPECT_TRUE(verify_device_proof(
      with_proof(params, key, device_auth_payload_v3(fields_for(params, key, ""))), kNonce, kNow));
  // A password is never signed.
  params.auth = ConnectAuth{std::nullopt, std::nullopt, std::nullopt, "pw"};
  EXPECT_TRUE(verify_device_proof(
      with_proof(params, key, device_auth_payload_v3(fields_for(params, key, ""))), kNonce, kNow));
}

TEST_F(DeviceProofTest, WrongDeviceIdIsIdentityMismatch) {
  const ConnectParams unsigned_params = base_params();
  auto params = with_proof(unsigned_params, key,
                           device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  params.device->id = std::string(64, '0');
  const DeviceAuthFailure failure = failure_of(params);
  EXPECT_EQ(failure.message, "device identity mismatch");
  EXPECT_EQ(failure.code, "DEVICE_AUTH_DEVICE_ID_MISMATCH");
  EXPECT_EQ(failure.reason, "device-id-mismatch");
  params.device->id = key.device_id();
  params.device->public_key = "not a key";
  EXPECT_EQ(failure_of(params).reason, "device-id-mismatch");
}

TEST_F(DeviceProofTest, SignedAtMustBeWithinTwoMinutes) {
  const ConnectParams unsigned_params = base_params();
  const auto params = with_proof(unsigned_params, key,
                                 device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  EXPECT_TRUE(verify_device_proof(params, kNonce, kNow + kDeviceSignatureSkewMs));
  EXPECT_TRUE(verify_device_proof(params, kNonce, kNow - kDeviceSignatureSkewMs));
  for (const std::int64_t now :
       {kNow + kDeviceSignatureSkewMs + 1, kNow - kDeviceSignatureSkewMs - 1}) {
    const DeviceAuthFailure failure = failure_of(params, now);
    EXPECT_EQ(failure.message, "device signature expired");
    EXPECT_EQ(failure.code, "DEVICE_AUTH_SIGNATURE_EXPIRED");
    EXPECT_EQ(failure.reason, "device-signature-stale");
  }
}

TEST_F(DeviceProofTest, BlankNonceIsRequired) {
  const ConnectParams unsigned_params = base_params();
  auto params = with_proof(unsigned_params, key,
                           device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  params.device->nonce = "  \t ";
  const DeviceAuthFailure failure = failure_of(params);
  EXPECT_EQ(failure.message, "device nonce required");
  EXPECT_EQ(failure.code, "DEVICE_AUTH_NONCE_REQUIRED");
  EXPECT_EQ(failure.reason, "device-nonce-missing");
}

TEST_F(DeviceProofTest, NonceMustBeThisSocketsChallenge) {
  const ConnectParams unsigned_params = base_params();
  const auto params = with_proof(unsigned_params, key,
                                 device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  const DeviceAuthFailure failure = failure_of(params, kNow, "another-challenge");
  EXPECT_EQ(failure.message, "device nonce mismatch");
  EXPECT_EQ(failure.code, "DEVICE_AUTH_NONCE_MISMATCH");
  EXPECT_EQ(failure.reason, "device-nonce-mismatch");
  // Surrounding whitespace in the sent nonce is ignored, as upstream trims it.
  auto padded = params;
  padded.device->nonce = std::string(" ") + kNonce + " ";
  EXPECT_TRUE(verify_device_proof(padded, kNonce, kNow));
}

TEST_F(DeviceProofTest, SignatureOverOtherScopesIsInvalid) {
  const ConnectParams unsigned_params = base_params();
  SignedFields fields = fields_for(unsigned_params, key, "");
  fields.scopes = {"operator.read"};  // the client asks for more than it signed
  const DeviceAuthFailure failure =
      failure_of(with_proof(unsigned_params, key, device_auth_payload_v3(fields)));
  EXPECT_EQ(failure.message, "device signature invalid");
  EXPECT_EQ(failure.code, "DEVICE_AUTH_SIGNATURE_INVALID");
  EXPECT_EQ(failure.reason, "device-signature");
  // Order matters too: scopes are signed as sent.
  fields.scopes = {"operator.write", "operator.read"};
  EXPECT_EQ(failure_of(with_proof(unsigned_params, key, device_auth_payload_v3(fields))).reason,
            "device-signature");
}

TEST_F(DeviceProofTest, SignatureThatIsNotBase64IsInvalid) {
  const ConnectParams unsigned_params = base_params();
  auto params = with_proof(unsigned_params, key,
                           device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  params.device->signature = "!!!";
  EXPECT_EQ(failure_of(params).reason, "device-signature");
}

TEST_F(DeviceProofTest, SignatureByAnotherKeyIsInvalid) {
  const auto other = crypto::KeyPair::generate().value();
  const ConnectParams unsigned_params = base_params();
  auto params = with_proof(unsigned_params, key,
                           device_auth_payload_v3(fields_for(unsigned_params, key, "")));
  params.device->signature = crypto::base64url_encode(
      other.sign(device_auth_payload_v3(fields_for(unsigned_params, key, ""))));
  EXPECT_EQ(failure_of(params).reason, "device-signature");
}

TEST(VerifyDeviceProof, RequiresADevice) {
  const DeviceAuthFailure failure = failure_of(base_params());
  EXPECT_EQ(failure.message, "device identity required");
  EXPECT_EQ(failure.code, "DEVICE_IDENTITY_REQUIRED");
}

TEST(DeviceAuthFailure, BecomesAnInvalidRequestWithCodeAndReason) {
  const DeviceAuthFailure failure{"device nonce mismatch", "DEVICE_AUTH_NONCE_MISMATCH",
                                  "device-nonce-mismatch"};
  EXPECT_EQ(failure.to_error().to_json(), nlohmann::json::parse(R"({
    "code": "INVALID_REQUEST", "message": "device nonce mismatch",
    "details": {"code": "DEVICE_AUTH_NONCE_MISMATCH", "reason": "device-nonce-mismatch"}})"));
}

}  // namespace
}  // namespace openclaw::protocol
