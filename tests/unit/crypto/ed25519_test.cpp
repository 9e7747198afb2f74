#include "core/crypto/ed25519.h"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto/encoding.h"

namespace openclaw::crypto {
namespace {

Bytes from_hex(std::string_view hex) { return hex_decode(hex).value(); }

// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
const Bytes kTest1Secret =
    from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const Bytes kTest1Public =
    from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const Bytes kTest1Signature = from_hex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
    "b46bd25bf5f0595bbe24655141438e7a100b");
const Bytes kTest2Secret =
    from_hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
const Bytes kTest2Public =
    from_hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
const Bytes kTest2Signature = from_hex(
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f1"
    "1d8c387b2eaeb4302aeeb00d291612bb0c00");

// What Node 20 prints for the RFC 8032 TEST 1 key:
// createPrivateKey(pkcs8 der of the seed).export({type:"pkcs8",format:"pem"}) and the SPKI export.
constexpr std::string_view kTest1PrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view kTest1PublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";

// A key pair from Node's generateKeyPairSync("ed25519"), and a v3 connect payload it signed
// with crypto.sign(null, payload, privateKey), signature as base64url.
constexpr std::string_view kNodePrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIHIagRJ+oXWqd5m7bcpEGxkzrc+I3uY/TarSTKMGTq+8\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view kNodePublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA6tYl4bduPplnSRevRPC8LhAgxDoGc3i+vm6MIG1A418=\n"
    "-----END PUBLIC KEY-----\n";
constexpr std::string_view kNodePublicKeyBase64Url = "6tYl4bduPplnSRevRPC8LhAgxDoGc3i-vm6MIG1A418";
constexpr std::string_view kNodeDeviceId =
    "00b3dc4022e8edb9e83dc253a081f753d8bb2f3cd815047a057af264d519e0fa";
constexpr std::string_view kNodeSignedPayload =
    "v3|00b3dc4022e8edb9e83dc253a081f753d8bb2f3cd815047a057af264d519e0fa|cli|cli|operator|"
    "operator.read,operator.write|1700000000000||n0nce|linux|";
constexpr std::string_view kNodeSignature =
    "xgY3WaFZ7g7WyLsut8sTP4qLHak8mTvq6D97B7D4e1m7yfvn63CJxfNWuPODGUFVU-rPpbNH7Rsl7khID1IvDA";

// Not Ed25519: a P-256 key (openssl genpkey -algorithm EC), an encrypted Ed25519 key
// (password "secret") and an Ed448 public key.
constexpr std::string_view kEcPrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKVCJnsDVzGYRmhI8\n"
    "JLx/Sem8KO2wxQjolk2KWvgs08KhRANCAAQDV/96t3vm+lZ816DPdXrJwQEKRldp\n"
    "DsYqMRjJW5pJNg8sH0IrN7iPER0WLj4zke2zALwzzSMgEDNNIp4+Qbxn\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view kEncryptedPrivatePem =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgeBhl5CltccQICCAAw\n"
    "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEFxFracNXkn9hFhj/AAH3LMEQDdR\n"
    "TT+qnuIjTNe3ke1WXdBcZ5Qy2+PyGJ+Rz0ftbdzQMZcIpRKOm6cIpGjTzHiBj/pL\n"
    "6wZ00fpyxiVoYWf3elQ=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";
constexpr std::string_view kEd448PublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MEMwBQYDK2VxAzoAA90S1Zvom8Sf/0Bg83MLshoj1ZPgPY/kvMOZV6bkbnJWbnjF\n"
    "HLUXQUgTYJ73KWNroLrHFAqv3kYA\n"
    "-----END PUBLIC KEY-----\n";

TEST(Ed25519Rfc8032, Test1DerivesPublicKeyAndSignature) {
  auto pair = KeyPair::from_seed(kTest1Secret);
  ASSERT_TRUE(pair.has_value()) << pair.error().message;
  EXPECT_EQ(hex_encode(pair->public_key()), hex_encode(kTest1Public));
  EXPECT_EQ(hex_encode(pair->sign("")), hex_encode(kTest1Signature));
  EXPECT_TRUE(verify(kTest1Public, "", kTest1Signature));
}

TEST(Ed25519Rfc8032, Test2DerivesPublicKeyAndSignature) {
  auto pair = KeyPair::from_seed(kTest2Secret);
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(hex_encode(pair->public_key()), hex_encode(kTest2Public));
  EXPECT_EQ(hex_encode(pair->sign("\x72")), hex_encode(kTest2Signature));
  EXPECT_TRUE(verify(kTest2Public, "\x72", kTest2Signature));
}

TEST(Ed25519Rfc8032, SignatureDoesNotVerifyUnderOtherKeyOrMessage) {
  EXPECT_FALSE(verify(kTest2Public, "", kTest1Signature));
  EXPECT_FALSE(verify(kTest1Public, "x", kTest1Signature));
}

TEST(Ed25519KeyPair, ExportsPemByteIdenticalToNode) {
  auto pair = KeyPair::from_seed(kTest1Secret).value();
  EXPECT_EQ(pair.private_key_pem(), kTest1PrivatePem);
  EXPECT_EQ(pair.public_key_pem(), kTest1PublicPem);
}

TEST(Ed25519KeyPair, ImportsNodePrivatePemAndReexportsIdentically) {
  auto pair = KeyPair::from_private_key_pem(kNodePrivatePem);
  ASSERT_TRUE(pair.has_value()) << pair.error().message;
  EXPECT_EQ(pair->public_key_pem(), kNodePublicPem);
  EXPECT_EQ(pair->private_key_pem(), kNodePrivatePem);
  EXPECT_EQ(pair->public_key_base64url(), kNodePublicKeyBase64Url);
  EXPECT_EQ(pair->device_id(), kNodeDeviceId);
}

TEST(Ed25519KeyPair, ImportsPemWithCrlfLineEndings) {
  std::string crlf;
  for (char c : kNodePrivatePem) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto pair = KeyPair::from_private_key_pem(crlf);
  ASSERT_TRUE(pair.has_value()) << pair.error().message;
  EXPECT_EQ(pair->device_id(), kNodeDeviceId);
}

TEST(Ed25519KeyPair, SignatureFromNodeVerifies) {
  const Bytes signature = base64url_decode(kNodeSignature).value();
  const Bytes raw = base64url_decode(kNodePublicKeyBase64Url).value();
  EXPECT_TRUE(verify(raw, kNodeSignedPayload, signature));
  EXPECT_TRUE(verify(kNodePublicPem, kNodeSignedPayload, signature));
}

TEST(Ed25519KeyPair, SigningMatchesNodeDeterministically) {
  auto pair = KeyPair::from_private_key_pem(kNodePrivatePem).value();
  EXPECT_EQ(base64url_encode(pair.sign(kNodeSignedPayload)), kNodeSignature);
}

TEST(Ed25519KeyPair, TamperedPayloadOrSignatureFails) {
  const Bytes raw = base64url_decode(kNodePublicKeyBase64Url).value();
  Bytes signature = base64url_decode(kNodeSignature).value();
  std::string payload(kNodeSignedPayload);
  payload.back() = 'x';
  EXPECT_FALSE(verify(raw, payload, signature));
  signature[10] = static_cast<char>(signature[10] ^ 0x01);
  EXPECT_FALSE(verify(raw, kNodeSignedPayload, signature));
}

TEST(Ed25519KeyPair, GenerateProducesWorkingDistinctKeys) {
  auto first = KeyPair::generate();
  auto second = KeyPair::generate();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->public_key().size(), kEd25519PublicKeySize);
  EXPECT_EQ(first->private_key_seed().size(), kEd25519SeedSize);
  EXPECT_NE(first->public_key(), second->public_key());
  const Bytes signature = first->sign("hello");
  EXPECT_EQ(signature.size(), kEd25519SignatureSize);
  EXPECT_TRUE(verify(first->public_key(), "hello", signature));
  EXPECT_FALSE(verify(second->public_key(), "hello", signature));
}

TEST(Ed25519KeyPair, GeneratedKeyRoundTripsThroughPem) {
  auto pair = KeyPair::generate().value();
  auto reloaded = KeyPair::from_private_key_pem(pair.private_key_pem());
  ASSERT_TRUE(reloaded.has_value());
  EXPECT_EQ(reloaded->public_key(), pair.public_key());
  EXPECT_EQ(reloaded->private_key_seed(), pair.private_key_seed());
  EXPECT_EQ(public_key_from_pem(pair.public_key_pem()).value(), pair.public_key());
}

TEST(Ed25519KeyPair, CopiesAndMovesKeepTheKey) {
  auto pair = KeyPair::from_seed(kTest1Secret).value();
  KeyPair copy = pair;
  KeyPair moved = std::move(pair);
  EXPECT_EQ(copy.public_key(), kTest1Public);
  EXPECT_EQ(moved.public_key(), kTest1Public);
  EXPECT_EQ(moved.sign(""), kTest1Signature);
  KeyPair assigned = KeyPair::from_seed(kTest2Secret).value();
  assigned = std::move(moved);
  EXPECT_EQ(assigned.public_key(), kTest1Public);
  assigned = copy;
  EXPECT_EQ(assigned.private_key_seed(), kTest1Secret);
}

TEST(Ed25519KeyPair, FromSeedRejectsWrongSize) {
  EXPECT_FALSE(KeyPair::from_seed(Bytes(31, 'a')).has_value());
  EXPECT_FALSE(KeyPair::from_seed(Bytes(64, 'a')).has_value());
  EXPECT_FALSE(KeyPair::from_seed("").has_value());
}

TEST(Ed25519KeyPair, FromPemRejectsGarbageAndOtherKeyTypes) {
  EXPECT_FALSE(KeyPair::from_private_key_pem("").has_value());
  EXPECT_FALSE(KeyPair::from_private_key_pem("not a pem").has_value());
  EXPECT_FALSE(KeyPair::from_private_key_pem(kNodePublicPem).has_value());
  auto ec = KeyPair::from_private_key_pem(kEcPrivatePem);
  ASSERT_FALSE(ec.has_value());
  EXPECT_NE(ec.error().message.find("not an Ed25519"), std::string::npos) << ec.error().message;
}

TEST(Ed25519KeyPair, FromPemRejectsEncryptedKeyWithoutPrompting) {
  auto result = KeyPair::from_private_key_pem(kEncryptedPrivatePem);
  EXPECT_FALSE(result.has_value());
}

TEST(Ed25519KeyPair, FromPemRejectsCorruptedBody) {
  std::string pem(kNodePrivatePem);
  pem.replace(pem.find("MC4C"), 4, "MC5C");
  EXPECT_FALSE(KeyPair::from_private_key_pem(pem).has_value());
}

TEST(Ed25519PublicKey, FromPemExtractsRawKey) {
  EXPECT_EQ(public_key_from_pem(kTest1PublicPem).value(), kTest1Public);
}

TEST(Ed25519PublicKey, FromPemRejectsOtherAlgorithmsAndGarbage) {
  EXPECT_FALSE(public_key_from_pem(kEd448PublicPem).has_value());
  EXPECT_FALSE(public_key_from_pem(kTest1PrivatePem).has_value());
  EXPECT_FALSE(
      public_key_from_pem("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n").has_value());
}

TEST(Ed25519PublicKey, ToPemMatchesNodeAndValidatesSize) {
  EXPECT_EQ(public_key_to_pem(kTest1Public).value(), kTest1PublicPem);
  EXPECT_FALSE(public_key_to_pem(Bytes(33, 'a')).has_value());
}

TEST(Ed25519PublicKey, ParseAcceptsBase64UrlStandardBase64AndPem) {
  EXPECT_EQ(parse_public_key(kNodePublicKeyBase64Url).value(),
            public_key_from_pem(kNodePublicPem).value());
  EXPECT_EQ(parse_public_key("6tYl4bduPplnSRevRPC8LhAgxDoGc3i+vm6MIG1A418=").value(),
            public_key_from_pem(kNodePublicPem).value());
  EXPECT_EQ(parse_public_key(kNodePublicPem).value(), public_key_from_pem(kNodePublicPem).value());
}

TEST(Ed25519PublicKey, ParseRejectsWrongLengthOrEncoding) {
  EXPECT_FALSE(parse_public_key("").has_value());
  EXPECT_FALSE(parse_public_key(base64url_encode(Bytes(31, 'k'))).has_value());
  EXPECT_FALSE(parse_public_key("not base64 at all!").has_value());
  EXPECT_FALSE(parse_public_key("-----BEGIN PUBLIC KEY----- junk").has_value());
}

TEST(Ed25519Verify, RejectsMalformedInputs) {
  EXPECT_FALSE(verify(kTest1Public, "", kTest1Signature.substr(0, 63)));
  EXPECT_FALSE(verify(kTest1Public, "", kTest1Signature + "x"));
  EXPECT_FALSE(verify(kTest1Public.substr(0, 31), "", kTest1Signature));
  EXPECT_FALSE(verify("", "", kTest1Signature));
  EXPECT_FALSE(verify(kEd448PublicPem, "", kTest1Signature));
  EXPECT_FALSE(verify(Bytes(64, '\0'), "", kTest1Signature));
}

TEST(Ed25519Verify, AcceptsPemPublicKey) {
  EXPECT_TRUE(verify(kTest1PublicPem, "", kTest1Signature));
}

TEST(Ed25519DeviceId, IsLowercaseHexSha256OfRawKey) {
  EXPECT_EQ(device_id_from_public_key(kTest1Public),
            "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9");
  EXPECT_EQ(public_key_base64url(kTest1Public), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
}

}  // namespace
}  // namespace openclaw::crypto
