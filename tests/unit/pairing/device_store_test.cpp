// DeviceStore: the pairing flow and device tokens, as the gateway's connect handler and the
// device.pair.* / device.token.* methods use them. (Files and failures:
// device_store_persistence_test.cpp.)
#include "core/pairing/device_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "test_support.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;
using testing::TempStateDir;
using testing::TestDevice;
using Scopes = std::vector<std::string>;

constexpr std::int64_t kT0 = 1'700'000'000'000;

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class DeviceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = DeviceStore::open(dir_.layout());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = *opened;
  }

  // Pairs `device` for `role`/`scopes` through request + approve; returns the token
  // ensure_device_token hands out afterwards.
  std::string pair(const TestDevice& device, const std::string& role, const Scopes& scopes,
                   std::int64_t now = kT0) {
    auto request = device.request(role, scopes);
    auto pending = store_->request_pairing(request, store_->evaluate(request), false, now);
    EXPECT_TRUE(pending) << pending.error().message;
    auto approved = store_->approve((*pending)["requestId"].get<std::string>(), now);
    EXPECT_TRUE(approved) << approved.error().message;
    auto token = store_->ensure_device_token(device.id(), role, scopes, now);
    EXPECT_TRUE(token) << token.error().message;
    return token ? token->token : "";
  }

  TempStateDir dir_;
  std::shared_ptr<DeviceStore> store_;
};

TEST_F(DeviceStoreTest, AnEmptyStateDirectoryOpensEmptyAndStaysUntouched) {
  EXPECT_EQ(store_->list(kT0), (json{{"pending", json::array()}, {"paired", json::array()}}));
  EXPECT_EQ(store_->pending_count(kT0), 0u);
  EXPECT_FALSE(dir_.exists("devices"));
}

TEST_F(DeviceStoreTest, ReasonsHaveTheirWireNames) {
  EXPECT_EQ(pairing_reason_name(PairingNeed::NotPaired), "not-paired");
  EXPECT_EQ(pairing_reason_name(PairingNeed::RoleUpgrade), "role-upgrade");
  EXPECT_EQ(pairing_reason_name(PairingNeed::ScopeUpgrade), "scope-upgrade");
  EXPECT_EQ(pairing_reason_name(PairingNeed::MetadataUpgrade), "metadata-upgrade");
  EXPECT_EQ(pairing_reason_name(PairingNeed::None), "");
}

TEST_F(DeviceStoreTest, RequestThenApprovePairsTheDevice) {
  TestDevice laptop;
  auto request = laptop.request("operator", {"operator.read", "operator.write"});
  request.display_name = "laptop";
  request.platform = "linux";
  ASSERT_EQ(store_->evaluate(request), PairingNeed::NotPaired);

  auto pending = store_->request_pairing(request, PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending) << pending.error().message;
  const std::string request_id = (*pending)["requestId"];
  EXPECT_EQ((*pending)["deviceId"], laptop.id());
  EXPECT_EQ((*pending)["isRepair"], false);
  EXPECT_EQ(store_->pending_count(kT0), 1u);
  EXPECT_EQ(store_->pending_request(request_id), *pending);
  EXPECT_EQ(store_->list(kT0)["pending"], json::array({*pending}));
  EXPECT_EQ(mode_of(dir_.path() / "devices"), 0700u);
  EXPECT_EQ(mode_of(dir_.path() / "devices" / "pending.json"), 0600u);

  auto approval = store_->approve(request_id, kT0 + 1000);
  ASSERT_TRUE(approval) << approval.error().message;
  EXPECT_EQ(approval->request_id, request_id);
  EXPECT_EQ(approval->device_id, laptop.id());
  EXPECT_EQ(approval->device["displayName"], "laptop");
  EXPECT_EQ(approval->device["approvedAtMs"], kT0 + 1000);
  EXPECT_FALSE(approval->device.contains("approvedScopes"));
  ASSERT_TRUE(approval->device["tokens"].is_array());
  EXPECT_EQ(approval->device["tokens"][0]["role"], "operator");
  EXPECT_FALSE(approval->device["tokens"][0].contains("token"));

  EXPECT_EQ(store_->pending_count(kT0 + 1000), 0u);
  EXPECT_FALSE(store_->pending_request(request_id));
  EXPECT_EQ(store_->evaluate(request), PairingNeed::None);
  EXPECT_EQ(mode_of(dir_.path() / "devices" / "paired.json"), 0600u);

  // The token minted at approval is what the device gets in hello-ok.
  const json on_disk = json::parse(dir_.read("devices/paired.json"));
  auto issued = store_->ensure_device_token(laptop.id(), "operator", {"operator.read"}, kT0 + 2000);
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(issued->token, on_disk[laptop.id()]["tokens"]["operator"]["token"]);
  EXPECT_EQ(issued->role, "operator");
  EXPECT_EQ(issued->scopes, (Scopes{"operator.read", "operator.write"}));
  EXPECT_EQ(issued->issued_at_ms, kT0 + 1000);
}

TEST_F(DeviceStoreTest, AnotherKeyForAPairedDeviceIdIsNotPaired) {
  TestDevice laptop;
  pair(laptop, "operator", {"operator.read"});
  TestDevice impostor;
  auto request = impostor.request("operator", {"operator.read"});
  request.device_id = laptop.id();
  EXPECT_EQ(store_->evaluate(request), PairingNeed::NotPaired);
}

TEST_F(DeviceStoreTest, AnUnapprovedRoleIsARoleUpgrade) {
  TestDevice phone;
  pair(phone, "operator", {"operator.read"});
  EXPECT_EQ(store_->evaluate(phone.request("node")), PairingNeed::RoleUpgrade);
  EXPECT_EQ(store_->evaluate(phone.request("operator")), PairingNeed::None);
}

TEST_F(DeviceStoreTest, ARoleWhoseTokenWasRevokedIsARoleUpgrade) {
  TestDevice phone;
  pair(phone, "operator", {"operator.read"});
  ASSERT_TRUE(store_->revoke_token(phone.id(), "operator", kT0 + 5));
  EXPECT_EQ(store_->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::RoleUpgrade);
}

TEST_F(DeviceStoreTest, ScopesBeyondTheApprovedBaselineAreAScopeUpgrade) {
  TestDevice tablet;
  pair(tablet, "operator", {"operator.write"});
  EXPECT_EQ(store_->evaluate(tablet.request("operator", {"operator.read"})), PairingNeed::None);  // write covers read
  EXPECT_EQ(store_->evaluate(tablet.request("operator", {"operator.talk"})), PairingNeed::None);
  EXPECT_EQ(store_->evaluate(tablet.request("operator", {"operator.admin"})), PairingNeed::ScopeUpgrade);
  EXPECT_EQ(store_->evaluate(tablet.request("operator", {"operator.pairing"})), PairingNeed::ScopeUpgrade);

  TestDevice owner;
  pair(owner, "operator", {"operator.admin"});
  EXPECT_EQ(store_->evaluate(owner.request("operator", {"operator.pairing", "operator.read"})), PairingNeed::None);
}

TEST_F(DeviceStoreTest, APairedDeviceWithNoScopesIsAScopeUpgradeForAnyScope) {
  TestDevice node;
  pair(node, "node", {});
  EXPECT_EQ(store_->evaluate(node.request("node")), PairingNeed::None);
  EXPECT_EQ(store_->evaluate(node.request("node", {"node.camera"})), PairingNeed::ScopeUpgrade);
}

TEST_F(DeviceStoreTest, ADifferentPinnedPlatformOrFamilyIsAMetadataUpgrade) {
  TestDevice mac;
  auto request = mac.request("operator", {"operator.read"});
  request.platform = "macOS";
  request.device_family = "Mac";
  auto pending = store_->request_pairing(request, PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  ASSERT_TRUE(store_->approve((*pending)["requestId"].get<std::string>(), kT0));

  request.platform = " macos ";  // normalised: same
  request.device_family = "mac";
  EXPECT_EQ(store_->evaluate(request), PairingNeed::None);
  request.platform = "windows";
  EXPECT_EQ(store_->evaluate(request), PairingNeed::MetadataUpgrade);
  request.platform = "macos";
  request.device_family = std::nullopt;
  EXPECT_EQ(store_->evaluate(request), PairingNeed::MetadataUpgrade);
  // Metadata is checked before roles, as upstream does.
  request.device_family = "iPad";
  request.role = "node";
  EXPECT_EQ(store_->evaluate(request), PairingNeed::MetadataUpgrade);
}

TEST_F(DeviceStoreTest, UnpinnedMetadataNeverMismatches) {
  TestDevice box;
  pair(box, "operator", {});
  auto request = box.request("operator");
  request.platform = "anything";
  request.device_family = "else";
  EXPECT_EQ(store_->evaluate(request), PairingNeed::None);
}

TEST_F(DeviceStoreTest, ScopeAndMetadataUpgradesAreNeverSilent) {
  TestDevice a, b, c;
  EXPECT_EQ((*store_->request_pairing(a.request(), PairingNeed::NotPaired, true, kT0))["silent"], true);
  EXPECT_EQ((*store_->request_pairing(b.request(), PairingNeed::ScopeUpgrade, true, kT0))["silent"], false);
  EXPECT_EQ((*store_->request_pairing(c.request(), PairingNeed::MetadataUpgrade, true, kT0))["silent"], false);
}

TEST_F(DeviceStoreTest, ARepairRequestIsMarkedAsSuch) {
  TestDevice phone;
  pair(phone, "operator", {"operator.read"});
  auto upgrade = store_->request_pairing(phone.request("operator", {"operator.admin"}), PairingNeed::ScopeUpgrade,
                                         false, kT0 + 10);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ((*upgrade)["isRepair"], true);
}

TEST_F(DeviceStoreTest, ASupersedingRequestReplacesTheOldIdAndMergesWhatWasAsked) {
  TestDevice phone;
  auto first = store_->submit_pairing_request(phone.request("operator", {"operator.read"}), PairingNeed::NotPaired,
                                              false, kT0);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->created);
  auto same = store_->submit_pairing_request(phone.request("operator", {"operator.read"}), PairingNeed::NotPaired,
                                             false, kT0 + 1);
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->created);
  EXPECT_EQ(same->request["requestId"], first->request["requestId"]);

  auto broader = store_->submit_pairing_request(phone.request("node", {"node.camera"}), PairingNeed::NotPaired, false,
                                                kT0 + 2);
  ASSERT_TRUE(broader);
  EXPECT_TRUE(broader->created);
  const std::string old_id = first->request["requestId"];
  EXPECT_EQ(broader->superseded_request_ids, Scopes{old_id});
  EXPECT_EQ(store_->pending_count(kT0 + 2), 1u);

  auto stale = store_->approve(old_id, kT0 + 3);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().message, "unknown requestId");

  auto approval = store_->approve(broader->request["requestId"].get<std::string>(), kT0 + 3);
  ASSERT_TRUE(approval) << approval.error().message;
  EXPECT_EQ(store_->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::None);
  EXPECT_EQ(store_->evaluate(phone.request("node", {"node.camera"})), PairingNeed::None);
  EXPECT_TRUE(store_->ensure_device_token(phone.id(), "node", {"node.camera"}, kT0 + 4));
}

TEST_F(DeviceStoreTest, PendingRequestsExpireAfterFiveMinutes) {
  TestDevice phone;
  auto pending = store_->request_pairing(phone.request(), PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  const std::string id = (*pending)["requestId"];
  const std::int64_t last_valid = kT0 + kPendingRequestTtlMs;
  EXPECT_EQ(store_->pending_count(last_valid), 1u);
  EXPECT_TRUE(store_->pending_request(id, last_valid));

  EXPECT_EQ(store_->pending_count(last_valid + 1), 0u);
  EXPECT_EQ(store_->list(last_valid + 1)["pending"], json::array());
  EXPECT_FALSE(store_->pending_request(id, last_valid + 1));
  auto late = store_->approve(id, last_valid + 1);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "unknown requestId");
  EXPECT_EQ(store_->evaluate(phone.request()), PairingNeed::NotPaired);
}

TEST_F(DeviceStoreTest, RejectRemovesAndReturnsTheRequest) {
  TestDevice phone;
  auto pending = store_->request_pairing(phone.request(), PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  const std::string id = (*pending)["requestId"];
  auto rejected = store_->reject(id, kT0 + 1);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(*rejected, *pending);
  EXPECT_EQ(store_->pending_count(kT0 + 1), 0u);
  EXPECT_EQ(store_->reject(id, kT0 + 2).error().message, "unknown requestId");
  EXPECT_EQ(store_->approve(id, kT0 + 2).error().message, "unknown requestId");
  EXPECT_EQ(store_->evaluate(phone.request()), PairingNeed::NotPaired);
}

TEST_F(DeviceStoreTest, ApprovalRefusesScopesThatFitNoRequestedRole) {
  TestDevice node;
  auto pending = store_->request_pairing(node.request("node", {"operator.admin"}), PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  auto approval = store_->approve((*pending)["requestId"].get<std::string>(), kT0);
  ASSERT_FALSE(approval);
  EXPECT_EQ(approval.error().message, "invalid scope for requested roles: operator.admin");
  EXPECT_EQ(store_->pending_count(kT0), 1u);
  EXPECT_EQ(store_->evaluate(node.request("node")), PairingNeed::NotPaired);
}

TEST_F(DeviceStoreTest, RemoveUnpairsTheDeviceAndDropsItsPendingRequests) {
  TestDevice phone, other;
  pair(phone, "operator", {"operator.read"});
  ASSERT_TRUE(store_->request_pairing(phone.request("operator", {"operator.admin"}), PairingNeed::ScopeUpgrade, false,
                                      kT0 + 1));
  ASSERT_TRUE(store_->request_pairing(other.request(), PairingNeed::NotPaired, false, kT0 + 1));

  auto removed = store_->remove(phone.id());
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, (json{{"deviceId", phone.id()}}));
  EXPECT_EQ(store_->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::NotPaired);
  EXPECT_FALSE(store_->paired_device(phone.id()));
  EXPECT_EQ(store_->pending_count(kT0 + 1), 1u);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", "anything", {}, kT0 + 2), TokenCheck::NotPaired);
  EXPECT_EQ(store_->remove(phone.id()).error().message, "unknown deviceId");
}

TEST_F(DeviceStoreTest, ListRedactsTokensAndSortsNewestFirst) {
  TestDevice first, second;
  const std::string token1 = pair(first, "operator", {"operator.read"}, kT0);
  const std::string token2 = pair(second, "operator", {"operator.admin"}, kT0 + 100);
  TestDevice waiting_a, waiting_b;
  ASSERT_TRUE(store_->request_pairing(waiting_a.request(), PairingNeed::NotPaired, false, kT0 + 200));
  ASSERT_TRUE(store_->request_pairing(waiting_b.request(), PairingNeed::NotPaired, false, kT0 + 300));

  const json listed = store_->list(kT0 + 400);
  const std::string text = listed.dump();
  EXPECT_EQ(text.find(token1), std::string::npos);
  EXPECT_EQ(text.find(token2), std::string::npos);
  ASSERT_EQ(listed["paired"].size(), 2u);
  EXPECT_EQ(listed["paired"][0]["deviceId"], second.id());
  EXPECT_EQ(listed["paired"][1]["deviceId"], first.id());
  EXPECT_FALSE(listed["paired"][0].contains("approvedScopes"));
  EXPECT_EQ(listed["paired"][0]["tokens"][0]["scopes"], json({"operator.admin"}));
  ASSERT_EQ(listed["pending"].size(), 2u);
  EXPECT_EQ(listed["pending"][0]["deviceId"], waiting_b.id());
  EXPECT_EQ(listed["pending"][1]["deviceId"], waiting_a.id());
}

TEST_F(DeviceStoreTest, PairedDeviceKeepsTheBaselineButNoTokenValue) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.read"});
  auto device = store_->paired_device(phone.id());
  ASSERT_TRUE(device);
  EXPECT_EQ(device->dump().find(token), std::string::npos);
  EXPECT_EQ((*device)["approvedScopes"], json({"operator.read"}));
  EXPECT_EQ((*device)["tokens"]["operator"]["role"], "operator");
  EXPECT_FALSE(store_->paired_device("no-such-device"));
}

TEST_F(DeviceStoreTest, VerifyAcceptsOnlyTheExactTokenForItsRoleAndScopes) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.write"});
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token, {"operator.read"}, kT0), TokenCheck::Ok);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token, {}, kT0), TokenCheck::Ok);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token + "x", {}, kT0), TokenCheck::Mismatch);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token.substr(1), {}, kT0), TokenCheck::Mismatch);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", "", {}, kT0), TokenCheck::Mismatch);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "node", token, {}, kT0), TokenCheck::NoToken);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "", token, {}, kT0), TokenCheck::NoToken);
  EXPECT_EQ(store_->verify_device_token("unknown", "operator", token, {}, kT0), TokenCheck::NotPaired);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token, {"operator.admin"}, kT0),
            TokenCheck::ScopeNotAllowed);
}

TEST_F(DeviceStoreTest, ARevokedTokenIsRevokedEvenWhenPresentedCorrectly) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.read"});
  auto revoked_at = store_->revoke_token(phone.id(), "operator", kT0 + 50);
  ASSERT_TRUE(revoked_at);
  EXPECT_EQ(*revoked_at, kT0 + 50);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token, {}, kT0 + 60), TokenCheck::Revoked);
  EXPECT_EQ((*store_->paired_device(phone.id()))["tokens"]["operator"]["revokedAtMs"], kT0 + 50);
  EXPECT_EQ(store_->revoke_token(phone.id(), "node", kT0).error().message, "unknown deviceId/role");
  EXPECT_EQ(store_->revoke_token("unknown", "operator", kT0).error().message, "unknown deviceId/role");
}

TEST_F(DeviceStoreTest, ATokenBeyondAShrunkenBaselineIsNoLongerAccepted) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.admin"});
  // The owner narrows the approval by hand (or with the provisioner).
  json paired = json::parse(dir_.read("devices/paired.json"));
  paired[phone.id()]["approvedScopes"] = {"operator.read"};
  dir_.write("devices/paired.json", paired.dump(2));
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token, {"operator.read"}, kT0),
            TokenCheck::ScopeNotAllowed);
}

TEST_F(DeviceStoreTest, VerifyRecordsLastUseAndWritesItAtMostOncePerMinute) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.read"});
  auto last_used_on_disk = [&]() -> json {
    return json::parse(dir_.read("devices/paired.json"))[phone.id()]["tokens"]["operator"].value("lastUsedAtMs", json());
  };
  ASSERT_EQ(store_->verify_device_token(phone.id(), "operator", token, {}, kT0 + 1000), TokenCheck::Ok);
  EXPECT_EQ(last_used_on_disk(), kT0 + 1000);

  ASSERT_EQ(store_->verify_device_token(phone.id(), "operator", token, {}, kT0 + 30'000), TokenCheck::Ok);
  EXPECT_EQ(last_used_on_disk(), kT0 + 1000);  // not written again within the minute
  EXPECT_EQ((*store_->paired_device(phone.id()))["tokens"]["operator"]["lastUsedAtMs"], kT0 + 30'000);

  ASSERT_EQ(store_->verify_device_token(phone.id(), "operator", token, {}, kT0 + 61'000), TokenCheck::Ok);
  EXPECT_EQ(last_used_on_disk(), kT0 + 61'000);
}

TEST_F(DeviceStoreTest, EnsureKeepsACoveringTokenAndReMintsWithinTheBaselineOtherwise) {
  TestDevice phone;
  // Approved for admin, but its first token only carries read.
  auto request = phone.request("operator", {"operator.admin"});
  auto pending = store_->request_pairing(request, PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  ASSERT_TRUE(store_->approve((*pending)["requestId"].get<std::string>(), kT0));
  auto narrowed = store_->rotate_token(phone.id(), "operator", Scopes{"operator.read"}, kT0 + 1);
  ASSERT_TRUE(narrowed) << narrowed.error().message;

  auto same = store_->ensure_device_token(phone.id(), "operator", {"operator.read"}, kT0 + 2);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->token, narrowed->token);

  auto wider = store_->ensure_device_token(phone.id(), "operator", {"operator.write", "operator.read"}, kT0 + 3);
  ASSERT_TRUE(wider) << wider.error().message;
  EXPECT_NE(wider->token, narrowed->token);
  EXPECT_EQ(wider->scopes, (Scopes{"operator.read", "operator.write"}));
  EXPECT_EQ(wider->issued_at_ms, kT0 + 3);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", narrowed->token, {}, kT0 + 4), TokenCheck::Mismatch);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", wider->token, {"operator.write"}, kT0 + 4),
            TokenCheck::Ok);
  const json stored = (*store_->paired_device(phone.id()))["tokens"]["operator"];
  EXPECT_EQ(stored["rotatedAtMs"], kT0 + 3);
  EXPECT_EQ(stored["createdAtMs"], kT0);
}

TEST_F(DeviceStoreTest, EnsureRefusesWhatWasNeverApproved) {
  TestDevice phone;
  pair(phone, "operator", {"operator.read"});
  EXPECT_EQ(store_->ensure_device_token(phone.id(), "operator", {"operator.admin"}, kT0).error().message,
            "requested scopes exceed the device's approved scopes");
  EXPECT_EQ(store_->ensure_device_token(phone.id(), "node", {}, kT0).error().message,
            "role node is not approved for this device");
  EXPECT_EQ(store_->ensure_device_token("unknown", "operator", {}, kT0).error().message, "unknown deviceId");
}

TEST_F(DeviceStoreTest, EnsureReplacesARevokedToken) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.read"});
  ASSERT_TRUE(store_->revoke_token(phone.id(), "operator", kT0 + 1));
  auto fresh = store_->ensure_device_token(phone.id(), "operator", {"operator.read"}, kT0 + 2);
  ASSERT_TRUE(fresh);
  EXPECT_NE(fresh->token, token);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", fresh->token, {}, kT0 + 3), TokenCheck::Ok);
}

TEST_F(DeviceStoreTest, RotateMintsANewTokenWithinTheBaselineOnly) {
  TestDevice phone;
  const std::string token = pair(phone, "operator", {"operator.read", "operator.write"});
  auto rotated = store_->rotate_token(phone.id(), "operator", std::nullopt, kT0 + 10);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_NE(rotated->token, token);
  EXPECT_EQ(rotated->scopes, (Scopes{"operator.read", "operator.write"}));  // the current token's scopes
  EXPECT_EQ(rotated->issued_at_ms, kT0 + 10);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", token, {}, kT0 + 11), TokenCheck::Mismatch);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", rotated->token, {}, kT0 + 11), TokenCheck::Ok);

  auto narrower = store_->rotate_token(phone.id(), "operator", Scopes{"operator.read"}, kT0 + 20);
  ASSERT_TRUE(narrower);
  EXPECT_EQ(narrower->scopes, Scopes{"operator.read"});

  const std::string before = dir_.read("devices/paired.json");
  auto beyond = store_->rotate_token(phone.id(), "operator", Scopes{"operator.admin"}, kT0 + 30);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().message, "device token rotation denied");
  EXPECT_EQ(dir_.read("devices/paired.json"), before);
  EXPECT_EQ(store_->verify_device_token(phone.id(), "operator", narrower->token, {}, kT0 + 31), TokenCheck::Ok);

  EXPECT_EQ(store_->rotate_token(phone.id(), "node", std::nullopt, kT0).error().message, "unknown deviceId/role");
  EXPECT_EQ(store_->rotate_token("unknown", "operator", std::nullopt, kT0).error().message, "unknown deviceId/role");
}

TEST_F(DeviceStoreTest, NoteConnectionRefreshesAccessMetadataButNotPinsOrApprovals) {
  TestDevice phone;
  auto request = phone.request("operator", {"operator.write"});
  request.platform = "ios";
  auto pending = store_->request_pairing(request, PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  ASSERT_TRUE(store_->approve((*pending)["requestId"].get<std::string>(), kT0));

  auto connect = phone.request("operator", {"operator.read"});
  connect.display_name = "Anna's phone";
  connect.remote_ip = "10.1.1.1";
  connect.platform = "android";  // a claim, not a re-pin
  ASSERT_TRUE(store_->note_connection(connect));
  const json device = *store_->paired_device(phone.id());
  EXPECT_EQ(device["displayName"], "Anna's phone");
  EXPECT_EQ(device["remoteIp"], "10.1.1.1");
  EXPECT_EQ(device["platform"], "ios");
  EXPECT_EQ(device["approvedScopes"], json({"operator.write"}));
  EXPECT_EQ(device["scopes"], json({"operator.read", "operator.write"}));
  EXPECT_EQ(store_->note_connection(TestDevice().request()).error().message, "unknown deviceId");
}

TEST_F(DeviceStoreTest, ConcurrentCallersSeeEveryChange) {
  std::vector<TestDevice> devices(8);
  std::vector<std::thread> threads;
  for (const auto& device : devices) {
    threads.emplace_back([&, request = device.request()] {
      auto pending = store_->request_pairing(request, PairingNeed::NotPaired, false, kT0);
      ASSERT_TRUE(pending);
      ASSERT_TRUE(store_->approve((*pending)["requestId"].get<std::string>(), kT0));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(store_->list(kT0)["paired"].size(), devices.size());
  EXPECT_EQ(json::parse(dir_.read("devices/paired.json")).size(), devices.size());
}

}  // namespace
}  // namespace openclaw::pairing
