#include "core/pairing/paired_record.h"

#include <gtest/gtest.h>

#include "core/pairing/scopes.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;
using Scopes = std::vector<std::string>;

constexpr std::int64_t kT0 = 1'700'000'000'000;

DeviceGrant grant_for(const std::string& device_id, std::string role, Scopes scopes) {
  DeviceGrant grant;
  grant.device_id = device_id;
  grant.public_key = "key-" + device_id;
  grant.role = std::move(role);
  grant.scopes = std::move(scopes);
  return grant;
}

std::string token_of(const json& paired, const std::string& device_id, const std::string& role) {
  return paired[device_id]["tokens"][role]["token"].get<std::string>();
}

TEST(PairedRecordTest, MintedTokenIsA43CharacterBase64urlSecretWithItsRoleAndScopes) {
  auto entry = mint_token_entry("operator", {"operator.write", "operator.read"}, kT0);
  ASSERT_TRUE(entry);
  const std::string token = (*entry)["token"];
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ((*entry)["role"], "operator");
  EXPECT_EQ((*entry)["scopes"], json({"operator.read", "operator.write"}));
  EXPECT_EQ((*entry)["createdAtMs"], kT0);
  EXPECT_FALSE(entry->contains("rotatedAtMs"));
  EXPECT_NE((*mint_token_entry("operator", {}, kT0))["token"], token);
}

TEST(PairedRecordTest, ReplacingATokenKeepsItsBirthAndLastUseAndRecordsTheRotation) {
  const json old = {{"token", "old"}, {"role", "operator"}, {"scopes", json::array()},
                    {"createdAtMs", kT0}, {"lastUsedAtMs", kT0 + 5}, {"revokedAtMs", kT0 + 6}};
  auto entry = mint_token_entry("operator", {}, kT0 + 10, &old);
  ASSERT_TRUE(entry);
  EXPECT_EQ((*entry)["createdAtMs"], kT0);
  EXPECT_EQ((*entry)["rotatedAtMs"], kT0 + 10);
  EXPECT_EQ((*entry)["lastUsedAtMs"], kT0 + 5);
  EXPECT_FALSE(entry->contains("revokedAtMs"));
  EXPECT_EQ(token_issued_at(*entry), kT0 + 10);
  EXPECT_EQ(token_issued_at(old), kT0);
}

TEST(PairedRecordTest, ApprovedRolesJoinRolesAndRoleWithoutDuplicates) {
  EXPECT_EQ(approved_roles(json{{"role", "operator"}, {"roles", {"node", " operator", ""}}}),
            (Scopes{"node", "operator"}));
  EXPECT_EQ(approved_roles(json{{"role", "operator"}}), (Scopes{"operator"}));
  EXPECT_TRUE(approved_roles(json::object()).empty());
}

TEST(PairedRecordTest, EffectiveRolesNeedAnUnrevokedTokenOnceTokensExist) {
  json device = {{"role", "operator"}, {"roles", {"operator", "node"}}};
  EXPECT_EQ(effective_roles(device), (Scopes{"operator", "node"}));  // no token issued yet

  device["tokens"] = {{"operator", {{"token", "a"}, {"role", "operator"}}},
                      {"node", {{"token", "b"}, {"role", "node"}, {"revokedAtMs", kT0}}},
                      {"admin", {{"token", "c"}, {"role", "admin"}}}};  // never approved
  EXPECT_EQ(effective_roles(device), (Scopes{"operator"}));

  device["tokens"]["operator"]["revokedAtMs"] = kT0;
  EXPECT_TRUE(effective_roles(device).empty());
}

TEST(PairedRecordTest, BaselineIsApprovedScopesElseScopesElseNothing) {
  EXPECT_EQ(approved_scope_baseline(json{{"approvedScopes", {"operator.read"}}, {"scopes", {"operator.admin"}}}),
            Scopes{"operator.read"});
  EXPECT_EQ(approved_scope_baseline(json{{"scopes", {"operator.admin"}}}), Scopes{"operator.admin"});
  EXPECT_EQ(approved_scope_baseline(json{{"approvedScopes", json::array()}}), Scopes{});
  EXPECT_EQ(approved_scope_baseline(json{{"role", "operator"}}), std::nullopt);
}

TEST(PairedRecordTest, RedactedDeviceShowsTokenLifecycleButNoSecretAndNoBaseline) {
  const json device = {{"deviceId", "d1"},
                       {"approvedScopes", {"operator.admin"}},
                       {"scopes", {"operator.admin"}},
                       {"tokens",
                        {{"operator", {{"token", "SECRET-1"}, {"role", "operator"}, {"scopes", {"operator.admin"}},
                                       {"createdAtMs", kT0}, {"lastUsedAtMs", kT0 + 1}}},
                         {"node", {{"token", "SECRET-2"}, {"role", "node"}, {"scopes", json::array()},
                                   {"createdAtMs", kT0}, {"revokedAtMs", kT0 + 2}}}}}};
  const json redacted = redact_paired_device(device);
  const std::string text = redacted.dump();
  EXPECT_EQ(text.find("SECRET"), std::string::npos);
  EXPECT_FALSE(redacted.contains("approvedScopes"));
  EXPECT_EQ(redacted["scopes"], json({"operator.admin"}));
  ASSERT_TRUE(redacted["tokens"].is_array());
  ASSERT_EQ(redacted["tokens"].size(), 2u);
  EXPECT_EQ(redacted["tokens"][0], (json{{"role", "node"}, {"scopes", json::array()}, {"createdAtMs", kT0},
                                         {"revokedAtMs", kT0 + 2}}));
  EXPECT_EQ(redacted["tokens"][1]["role"], "operator");
  EXPECT_EQ(redacted["tokens"][1]["lastUsedAtMs"], kT0 + 1);

  const json internal = without_token_values(device);
  EXPECT_EQ(internal.dump().find("SECRET"), std::string::npos);
  EXPECT_EQ(internal["approvedScopes"], json({"operator.admin"}));
  EXPECT_EQ(internal["tokens"]["node"]["revokedAtMs"], kT0 + 2);
}

TEST(PairedRecordTest, PairingGrantCreatesAnEntryInTheUpstreamShape) {
  json paired;
  auto grant = grant_for("d1", "operator", {"operator.write", "operator.read"});
  grant.display_name = "laptop";
  grant.platform = "macos";
  grant.device_family = "Mac";
  grant.client_id = "cli";
  grant.client_mode = "cli";
  grant.remote_ip = "10.0.0.7";
  ASSERT_TRUE(record_grant(paired, grant, GrantStyle::Pairing, kT0));
  const json& entry = paired["d1"];
  EXPECT_EQ(entry["deviceId"], "d1");
  EXPECT_EQ(entry["publicKey"], "key-d1");
  EXPECT_EQ(entry["role"], "operator");
  EXPECT_EQ(entry["roles"], json({"operator"}));
  EXPECT_EQ(entry["scopes"], json({"operator.read", "operator.write"}));
  EXPECT_EQ(entry["approvedScopes"], json({"operator.read", "operator.write"}));
  EXPECT_EQ(entry["displayName"], "laptop");
  EXPECT_EQ(entry["platform"], "macos");
  EXPECT_EQ(entry["deviceFamily"], "Mac");
  EXPECT_EQ(entry["clientId"], "cli");
  EXPECT_EQ(entry["clientMode"], "cli");
  EXPECT_EQ(entry["remoteIp"], "10.0.0.7");
  EXPECT_EQ(entry["createdAtMs"], kT0);
  EXPECT_EQ(entry["approvedAtMs"], kT0);
  EXPECT_EQ(entry["tokens"]["operator"]["scopes"], json({"operator.read", "operator.write"}));
  EXPECT_EQ(entry["tokens"]["operator"]["createdAtMs"], kT0);
  EXPECT_EQ(paired_file_problem(paired), std::nullopt);
}

TEST(PairedRecordTest, PairingGrantMergesIntoTheExistingEntryAndMintsFreshTokens) {
  json paired;
  auto first = grant_for("d1", "operator", {"operator.read"});
  first.platform = "linux";
  first.display_name = "box";
  ASSERT_TRUE(record_grant(paired, first, GrantStyle::Pairing, kT0));
  paired["d1"]["nodeSurface"] = {{"kept", true}};  // a field from a newer gateway
  const std::string first_token = token_of(paired, "d1", "operator");

  auto second = grant_for("d1", "node", {"operator.write", "node.camera"});
  second.roles = {"operator"};
  ASSERT_TRUE(record_grant(paired, second, GrantStyle::Pairing, kT0 + 100));
  const json& entry = paired["d1"];
  EXPECT_EQ(entry["role"], "node");
  EXPECT_EQ(entry["roles"], json({"operator", "node"}));
  EXPECT_EQ(entry["approvedScopes"], json({"node.camera", "operator.read", "operator.write"}));
  EXPECT_EQ(entry["createdAtMs"], kT0);
  EXPECT_EQ(entry["approvedAtMs"], kT0 + 100);
  EXPECT_EQ(entry["displayName"], "box");        // not in the request: kept
  EXPECT_FALSE(entry.contains("platform"));       // re-pinned to what the request said: nothing
  EXPECT_EQ(entry["nodeSurface"]["kept"], true);
  // Each requested role gets a fresh token carrying its share of the requested scopes.
  EXPECT_NE(token_of(paired, "d1", "operator"), first_token);
  EXPECT_EQ(entry["tokens"]["operator"]["scopes"], json({"operator.write"}));
  EXPECT_EQ(entry["tokens"]["operator"]["rotatedAtMs"], kT0 + 100);
  EXPECT_EQ(entry["tokens"]["operator"]["createdAtMs"], kT0);
  EXPECT_EQ(entry["tokens"]["node"]["scopes"], json({"node.camera"}));
  EXPECT_FALSE(entry["tokens"]["node"].contains("rotatedAtMs"));
}

TEST(PairedRecordTest, PairingGrantWithoutScopesKeepsThePreviousTokenScopes) {
  json paired;
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.admin"}), GrantStyle::Pairing, kT0));
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {}), GrantStyle::Pairing, kT0 + 1));
  EXPECT_EQ(paired["d1"]["tokens"]["operator"]["scopes"], json({"operator.admin"}));
  EXPECT_EQ(paired["d1"]["approvedScopes"], json({"operator.admin"}));
}

TEST(PairedRecordTest, ProvisionedGrantIsIdempotent) {
  json paired;
  auto grant = grant_for("d1", "operator", cli_default_operator_scopes());
  grant.display_name = "owner";
  ASSERT_TRUE(record_grant(paired, grant, GrantStyle::Provisioned, kT0));
  const json first = paired;
  ASSERT_TRUE(record_grant(paired, grant, GrantStyle::Provisioned, kT0 + 5000));
  EXPECT_EQ(paired, first);
}

TEST(PairedRecordTest, ProvisionedGrantReplacesTheBaselineAndReMintsAChangedToken) {
  json paired;
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.admin", "operator.read"}),
                           GrantStyle::Provisioned, kT0));
  const std::string first_token = token_of(paired, "d1", "operator");
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.read"}), GrantStyle::Provisioned, kT0 + 7));
  const json& entry = paired["d1"];
  EXPECT_EQ(entry["approvedScopes"], json({"operator.read"}));  // replaced, not merged
  EXPECT_EQ(entry["approvedAtMs"], kT0);
  EXPECT_NE(token_of(paired, "d1", "operator"), first_token);
  EXPECT_EQ(entry["tokens"]["operator"]["scopes"], json({"operator.read"}));
  EXPECT_EQ(entry["tokens"]["operator"]["rotatedAtMs"], kT0 + 7);
}

TEST(PairedRecordTest, ProvisionedGrantReplacesARevokedToken) {
  json paired;
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.read"}), GrantStyle::Provisioned, kT0));
  paired["d1"]["tokens"]["operator"]["revokedAtMs"] = kT0 + 1;
  const std::string revoked = token_of(paired, "d1", "operator");
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.read"}), GrantStyle::Provisioned, kT0 + 2));
  EXPECT_NE(token_of(paired, "d1", "operator"), revoked);
  EXPECT_FALSE(paired["d1"]["tokens"]["operator"].contains("revokedAtMs"));
}

TEST(PairedRecordTest, ProvisionedGrantKeepsATokenWhoseScopesAreOnlyOrderedDifferently) {
  json paired;
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.read"}), GrantStyle::Provisioned, kT0));
  // As an older provisioner wrote it: unsorted.
  paired["d1"]["tokens"]["operator"]["scopes"] = {"operator.write", "operator.read"};
  const std::string token = token_of(paired, "d1", "operator");
  ASSERT_TRUE(record_grant(paired, grant_for("d1", "operator", {"operator.read", "operator.write"}),
                           GrantStyle::Provisioned, kT0 + 1));
  EXPECT_EQ(token_of(paired, "d1", "operator"), token);
}

TEST(PairedRecordTest, FileProblemsNameTheEntryAndWhatIsWrong) {
  EXPECT_EQ(paired_file_problem(json::object()), std::nullopt);
  EXPECT_NE(paired_file_problem(json::array())->find("object keyed by deviceId"), std::string::npos);
  EXPECT_NE(paired_file_problem(json{{"d1", 5}})->find("entry \"d1\" is not an object"), std::string::npos);
  EXPECT_NE(paired_file_problem(json{{"d1", json::object()}})->find("publicKey"), std::string::npos);
  EXPECT_NE(paired_file_problem(json{{"d1", {{"publicKey", "k"}, {"tokens", json::array()}}}})->find("tokens"),
            std::string::npos);
  EXPECT_NE(paired_file_problem(json{{"d1", {{"publicKey", "k"}, {"tokens", {{"operator", {{"role", "x"}}}}}}}})
                ->find("tokens.operator"),
            std::string::npos);
}

}  // namespace
}  // namespace openclaw::pairing
