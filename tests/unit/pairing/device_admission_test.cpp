// DeviceStore::admit: the device half of a connect, decided and written together, so that a
// burst of new devices costs one write of paired.json each and a known device none.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/pairing/device_store.h"
#include "test_support.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;
using testing::TempStateDir;
using testing::TestDevice;

constexpr std::int64_t kT0 = 1'700'000'000'000;

// An atomic write replaces the file, so a new inode means the file was written.
ino_t inode_of(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_ino : 0;
}

class DeviceAdmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = DeviceStore::open(dir_.layout());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = *opened;
  }

  std::filesystem::path paired_path() const { return dir_.path() / "devices/paired.json"; }

  TempStateDir dir_;
  std::shared_ptr<DeviceStore> store_;
};

TEST_F(DeviceAdmissionTest, ANewLocalDeviceIsPairedWithItsTokenWithoutTouchingPendingJson) {
  TestDevice laptop;
  auto admission = store_->admit(laptop.request("operator", {"operator.read"}), PairingPolicy::ApproveSilently, kT0);
  ASSERT_TRUE(admission) << admission.error().message;
  EXPECT_EQ(admission->need, PairingNeed::NotPaired);
  ASSERT_TRUE(admission->request);
  EXPECT_TRUE(admission->request->created);
  EXPECT_TRUE(admission->approved);
  EXPECT_FALSE(admission->awaiting_operator());
  ASSERT_TRUE(admission->token);
  EXPECT_EQ(admission->token->role, "operator");
  EXPECT_FALSE(dir_.exists("devices/pending.json"));  // filed and granted in the same write

  // What was handed out is what the files hold: a fresh store accepts the token.
  auto reopened = DeviceStore::open(dir_.layout());
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->verify_device_token(laptop.id(), "operator", admission->token->token, {"operator.read"}, kT0),
            TokenCheck::Ok);
  EXPECT_EQ((*reopened)->pending_count(kT0), 0u);
}

TEST_F(DeviceAdmissionTest, AKnownDeviceThatChangedNothingCausesNoWrite) {
  TestDevice laptop;
  auto request = laptop.request("operator", {"operator.read"});
  auto first = store_->admit(request, PairingPolicy::ApproveSilently, kT0);
  ASSERT_TRUE(first && first->token);
  const ino_t written = inode_of(paired_path());

  auto again = store_->admit(request, PairingPolicy::ApproveSilently, kT0 + 1000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->need, PairingNeed::None);
  EXPECT_FALSE(again->request);
  ASSERT_TRUE(again->token);
  EXPECT_EQ(again->token->token, first->token->token);
  EXPECT_EQ(inode_of(paired_path()), written);

  request.display_name = "Work laptop";  // something new to record: one write
  ASSERT_TRUE(store_->admit(request, PairingPolicy::ApproveSilently, kT0 + 2000));
  EXPECT_NE(inode_of(paired_path()), written);
  EXPECT_EQ((*store_->paired_device(laptop.id()))["displayName"], "Work laptop");
}

TEST_F(DeviceAdmissionTest, ARemoteDeviceWaitsForAnOperatorAndIsNotPaired) {
  TestDevice phone;
  auto admission = store_->admit(phone.request("operator", {"operator.read"}), PairingPolicy::AskOperator, kT0);
  ASSERT_TRUE(admission);
  EXPECT_TRUE(admission->awaiting_operator());
  EXPECT_FALSE(admission->token);
  EXPECT_EQ(admission->request->request["silent"], false);
  EXPECT_FALSE(dir_.exists("devices/paired.json"));
  EXPECT_EQ(store_->pending_count(kT0), 1u);
}

TEST_F(DeviceAdmissionTest, AScopeUpgradeIsNeverApprovedSilently) {
  TestDevice laptop;
  ASSERT_TRUE(store_->admit(laptop.request("operator", {"operator.read"}), PairingPolicy::ApproveSilently, kT0));
  auto upgrade = store_->admit(laptop.request("operator", {"operator.admin"}), PairingPolicy::ApproveSilently, kT0);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->need, PairingNeed::ScopeUpgrade);
  EXPECT_TRUE(upgrade->awaiting_operator());
  EXPECT_EQ((*store_->paired_device(laptop.id()))["approvedScopes"], json({"operator.read"}));
}

TEST_F(DeviceAdmissionTest, SkippedPairingLetsAnUnpairedDeviceInWithoutATokenOrAnyWrite) {
  TestDevice backend;
  auto admission = store_->admit(backend.request("operator"), PairingPolicy::Skip, kT0);
  ASSERT_TRUE(admission);
  EXPECT_EQ(admission->need, PairingNeed::NotPaired);
  EXPECT_FALSE(admission->request);
  EXPECT_FALSE(admission->token);
  EXPECT_TRUE(admission->token_problem.empty());
  EXPECT_FALSE(dir_.exists("devices"));
}

TEST_F(DeviceAdmissionTest, ABrokenFileOnDiskRefusesPairingButNotAKnownDevice) {
  TestDevice laptop;
  auto request = laptop.request("operator");
  ASSERT_TRUE(store_->admit(request, PairingPolicy::ApproveSilently, kT0));
  dir_.write("devices/paired.json", "{ not json");

  auto known = store_->admit(request, PairingPolicy::ApproveSilently, kT0 + 1000);
  ASSERT_TRUE(known);
  EXPECT_FALSE(known->token);
  EXPECT_NE(known->token_problem.find("paired.json"), std::string::npos) << known->token_problem;

  auto stranger = store_->admit(TestDevice().request("operator"), PairingPolicy::ApproveSilently, kT0 + 1000);
  ASSERT_FALSE(stranger);
  EXPECT_NE(stranger.error().message.find("paired.json"), std::string::npos) << stranger.error().message;
  EXPECT_EQ(dir_.read("devices/paired.json"), "{ not json");  // nothing written over it
}

}  // namespace
}  // namespace openclaw::pairing
