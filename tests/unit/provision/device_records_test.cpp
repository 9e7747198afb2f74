#include "provision/device_records.h"

#include <gtest/gtest.h>

#include "core/crypto/ed25519.h"
#include "core/pairing/paired_record.h"
#include "core/pairing/scopes.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

constexpr std::int64_t kT0 = 1'700'000'000'000;

DeviceApproval approval_for(const crypto::KeyPair& key) {
  DeviceApproval approval;
  approval.public_key = key.public_key_pem();  // the provisioner accepts PEM too
  approval.display_name = "laptop";
  return approval;
}

TEST(DeviceRecordsTest, AnOperatorWithoutScopesGetsTheOwnerScopesAndAToken) {
  auto key = crypto::KeyPair::generate();
  ASSERT_TRUE(key);
  json paired;
  auto approved = approve_device(paired, approval_for(*key), kT0, "devices[0]");
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->device_id, key->device_id());
  EXPECT_EQ(approved->scopes, pairing::normalize_scopes(owner_operator_scopes()));
  const json& entry = paired[key->device_id()];
  EXPECT_EQ(entry["publicKey"], key->public_key_base64url());
  EXPECT_EQ(entry["tokens"]["operator"]["token"], approved->token);
  EXPECT_EQ(pairing::paired_file_problem(paired), std::nullopt);
}

TEST(DeviceRecordsTest, ReApplyingKeepsTheEntryAndItsTokenByteForByte) {
  auto key = crypto::KeyPair::generate();
  ASSERT_TRUE(key);
  json paired;
  auto first = approve_device(paired, approval_for(*key), kT0, "devices[0]");
  ASSERT_TRUE(first);
  const json before = paired;
  auto second = approve_device(paired, approval_for(*key), kT0 + 60'000, "devices[0]");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->token, first->token);
  EXPECT_EQ(paired, before);
}

TEST(DeviceRecordsTest, ABadKeyNamesWhereItCameFrom) {
  json paired;
  DeviceApproval approval;
  approval.public_key = "not-a-key";
  auto approved = approve_device(paired, approval, kT0, "devices[3]");
  ASSERT_FALSE(approved);
  EXPECT_EQ(approved.error().message.rfind("devices[3].publicKey: not an Ed25519 public key", 0), 0u);
}

TEST(DeviceRecordsTest, TheCliIdentityIsReusedAndItsStoredTokenMatchesThePairedOne) {
  json paired;
  auto created = ensure_cli_identity(std::nullopt, std::nullopt, paired, kT0);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->device["version"], 1);
  const std::string token = paired[created->device_id]["tokens"]["operator"]["token"];
  EXPECT_EQ(created->device_auth["tokens"]["operator"]["token"], token);

  auto again = ensure_cli_identity(created->device, created->device_auth, paired, kT0 + 1);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->device_id, created->device_id);
  EXPECT_EQ(again->device_auth, created->device_auth);

  json broken = created->device;
  broken.erase("privateKeyPem");
  auto refused = ensure_cli_identity(broken, std::nullopt, paired, kT0 + 2);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("identity/device.json: has no privateKeyPem"), std::string::npos);
}

}  // namespace
}  // namespace openclaw::provision
