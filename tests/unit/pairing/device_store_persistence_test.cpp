// DeviceStore and its files: reopening, noticing another process's rewrite, refusing corrupt
// files, and leaving everything as it was when a write fails.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/pairing/device_store.h"
#include "core/pairing/paired_record.h"
#include "core/pairing/store_file.h"
#include "core/state/atomic_file.h"
#include "test_support.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;
using testing::FileSizeLimit;
using testing::TempStateDir;
using testing::TestDevice;
namespace fs = std::filesystem;

constexpr std::int64_t kT0 = 1'700'000'000'000;

std::shared_ptr<DeviceStore> open_store(const TempStateDir& dir) {
  auto opened = DeviceStore::open(dir.layout());
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? *opened : nullptr;
}

// Pairs `device` as an operator with read access; returns its token.
std::string pair(DeviceStore& store, const TestDevice& device, std::int64_t now = kT0) {
  auto pending = store.request_pairing(device.request("operator", {"operator.read"}), PairingNeed::NotPaired, false,
                                       now);
  EXPECT_TRUE(pending);
  EXPECT_TRUE(store.approve((*pending)["requestId"].get<std::string>(), now));
  auto token = store.ensure_device_token(device.id(), "operator", {"operator.read"}, now);
  EXPECT_TRUE(token);
  return token ? token->token : "";
}

// What another process (the provisioner's `device add`) does: approve a device in
// paired.json and replace the file atomically.
void approve_from_outside(const TempStateDir& dir, const TestDevice& device) {
  json paired = dir.exists("devices/paired.json") ? json::parse(dir.read("devices/paired.json")) : json::object();
  DeviceGrant grant;
  grant.device_id = device.id();
  grant.public_key = device.key.public_key_base64url();
  grant.role = "operator";
  grant.scopes = {"operator.admin"};
  ASSERT_TRUE(record_grant(paired, grant, GrantStyle::Provisioned, kT0));
  fs::create_directories(dir.path() / "devices");
  ASSERT_TRUE(state::write_file_atomically(dir.path() / "devices" / "paired.json", render_store_json(paired)));
}

TEST(DeviceStorePersistenceTest, EverythingSurvivesAReopen) {
  TempStateDir dir;
  TestDevice phone, waiting;
  std::string token;
  {
    auto store = open_store(dir);
    token = pair(*store, phone);
    ASSERT_TRUE(store->request_pairing(waiting.request(), PairingNeed::NotPaired, false, kT0));
  }
  auto reopened = open_store(dir);
  EXPECT_EQ(reopened->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::None);
  EXPECT_EQ(reopened->verify_device_token(phone.id(), "operator", token, {}, kT0), TokenCheck::Ok);
  EXPECT_EQ(reopened->pending_count(kT0), 1u);
}

TEST(DeviceStorePersistenceTest, ADeviceAddedByAnotherProcessIsSeenWithoutRestart) {
  TempStateDir dir;
  auto store = open_store(dir);
  TestDevice laptop;
  ASSERT_EQ(store->evaluate(laptop.request("operator", {"operator.admin"})), PairingNeed::NotPaired);

  approve_from_outside(dir, laptop);
  EXPECT_EQ(store->evaluate(laptop.request("operator", {"operator.admin"})), PairingNeed::None);
  const json on_disk = json::parse(dir.read("devices/paired.json"));
  const std::string token = on_disk[laptop.id()]["tokens"]["operator"]["token"];
  EXPECT_EQ(store->verify_device_token(laptop.id(), "operator", token, {"operator.read"}, kT0), TokenCheck::Ok);
}

TEST(DeviceStorePersistenceTest, AnOutsideRewriteIsMergedWithNotOverwritten) {
  TempStateDir dir;
  auto store = open_store(dir);
  TestDevice phone, laptop, tablet;
  pair(*store, phone);
  approve_from_outside(dir, laptop);
  pair(*store, tablet, kT0 + 10);  // the store's next write must keep the laptop
  const json on_disk = json::parse(dir.read("devices/paired.json"));
  EXPECT_TRUE(on_disk.contains(phone.id()));
  EXPECT_TRUE(on_disk.contains(laptop.id()));
  EXPECT_TRUE(on_disk.contains(tablet.id()));
}

TEST(DeviceStorePersistenceTest, AnInPlaceEditIsNoticedToo) {
  TempStateDir dir;
  auto store = open_store(dir);
  TestDevice phone;
  const std::string token = pair(*store, phone);
  json paired = json::parse(dir.read("devices/paired.json"));
  paired[phone.id()]["tokens"]["operator"]["revokedAtMs"] = kT0 + 1;
  dir.write("devices/paired.json", paired.dump(2) + "\n");  // truncate-and-write, same inode
  EXPECT_EQ(store->verify_device_token(phone.id(), "operator", token, {}, kT0 + 2), TokenCheck::Revoked);
}

TEST(DeviceStorePersistenceTest, DeletedFilesMeanAnEmptyStore) {
  TempStateDir dir;
  auto store = open_store(dir);
  TestDevice phone;
  pair(*store, phone);
  fs::remove(dir.path() / "devices" / "paired.json");
  EXPECT_EQ(store->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::NotPaired);
}

TEST(DeviceStorePersistenceTest, ACorruptFileStopsOpenNamingTheFileAndIsLeftAlone) {
  struct Case {
    const char* file;
    const char* content;
    const char* expected;
  };
  const Case cases[] = {
      {"devices/paired.json", "{\"abc\": ", "not valid JSON"},
      {"devices/paired.json", "[]", "must be a JSON object keyed by deviceId"},
      {"devices/paired.json", "{\"d1\": {\"deviceId\": \"d1\"}}", "entry \"d1\" has no publicKey string"},
      {"devices/pending.json", "{\"r1\": 7}", "request \"r1\" is not an object"},
      {"devices/pending.json", "nope", "not valid JSON"},
  };
  for (const auto& c : cases) {
    TempStateDir dir;
    dir.write(c.file, c.content);
    auto opened = DeviceStore::open(dir.layout());
    ASSERT_FALSE(opened) << c.file << ": " << c.content;
    const std::string& message = opened.error().message;
    EXPECT_NE(message.find((dir.path() / c.file).string()), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    EXPECT_EQ(dir.read(c.file), c.content);
  }
}

TEST(DeviceStorePersistenceTest, AnUnreadableFileStopsOpenWithTheSystemReason) {
  TempStateDir dir;
  fs::create_directories(dir.path() / "devices" / "paired.json");
  auto opened = DeviceStore::open(dir.layout());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("paired.json: is a directory"), std::string::npos) << opened.error().message;
}

TEST(DeviceStorePersistenceTest, CorruptionAfterOpenBlocksChangesButNotReads) {
  TempStateDir dir;
  auto store = open_store(dir);
  TestDevice phone, newcomer;
  const std::string token = pair(*store, phone);
  const std::string good = dir.read("devices/paired.json");
  dir.write("devices/paired.json", "{ half written");

  auto refused = store->request_pairing(newcomer.request(), PairingNeed::NotPaired, false, kT0 + 1);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("paired.json: not valid JSON"), std::string::npos);
  EXPECT_FALSE(store->revoke_token(phone.id(), "operator", kT0 + 1));
  EXPECT_EQ(dir.read("devices/paired.json"), "{ half written");  // never overwritten
  // Connects keep working from the last good state meanwhile.
  EXPECT_EQ(store->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::None);
  EXPECT_EQ(store->verify_device_token(phone.id(), "operator", token, {}, kT0 + 1), TokenCheck::Ok);
  EXPECT_EQ(dir.read("devices/paired.json"), "{ half written");  // not even for lastUsedAtMs

  dir.write("devices/paired.json", good);  // the operator repairs the file
  approve_from_outside(dir, newcomer);
  EXPECT_TRUE(store->revoke_token(newcomer.id(), "operator", kT0 + 2));
  EXPECT_EQ(store->evaluate(phone.request("operator", {"operator.read"})), PairingNeed::None);
}

TEST(DeviceStorePersistenceTest, AStateDirectoryThatCannotHoldDevicesFailsTheWriteAndChangesNothing) {
  TempStateDir dir;
  dir.write("not-a-directory", "x");
  const state::StateLayout layout(dir.path() / "not-a-directory");  // devices/ cannot be created here
  auto opened = DeviceStore::open(layout);
  ASSERT_TRUE(opened) << opened.error().message;
  auto store = *opened;
  TestDevice phone;
  auto refused = store->request_pairing(phone.request(), PairingNeed::NotPaired, false, kT0);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find((layout.devices_dir()).string()), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(store->pending_count(kT0), 0u);
  EXPECT_EQ(store->list(kT0)["pending"], json::array());
}

TEST(DeviceStorePersistenceTest, AFailedWriteLeavesMemoryAndDiskAsTheyWere) {
  TempStateDir dir;
  auto store = open_store(dir);
  TestDevice phone, waiting;
  const std::string token = pair(*store, phone);
  auto pending = store->request_pairing(waiting.request(), PairingNeed::NotPaired, false, kT0);
  ASSERT_TRUE(pending);
  const std::string paired_before = dir.read("devices/paired.json");
  const std::string pending_before = dir.read("devices/pending.json");
  const json list_before = store->list(kT0);
  {
    FileSizeLimit disk_full(1);  // every write of these files now fails (EFBIG)
    auto approve = store->approve((*pending)["requestId"].get<std::string>(), kT0 + 1);
    ASSERT_FALSE(approve);
    EXPECT_NE(approve.error().message.find("paired.json"), std::string::npos) << approve.error().message;
    EXPECT_FALSE(store->reject((*pending)["requestId"].get<std::string>(), kT0 + 1));
    EXPECT_FALSE(store->revoke_token(phone.id(), "operator", kT0 + 1));
    EXPECT_FALSE(store->rotate_token(phone.id(), "operator", std::nullopt, kT0 + 1));
    EXPECT_FALSE(store->remove(phone.id()));
    EXPECT_FALSE(store->request_pairing(TestDevice().request(), PairingNeed::NotPaired, false, kT0 + 1));
    // A token check still succeeds; only its lastUsedAtMs bookkeeping is not written.
    EXPECT_EQ(store->verify_device_token(phone.id(), "operator", token, {}, kT0 + 1), TokenCheck::Ok);
  }
  EXPECT_EQ(dir.read("devices/paired.json"), paired_before);
  EXPECT_EQ(dir.read("devices/pending.json"), pending_before);
  EXPECT_EQ(store->list(kT0)["pending"], list_before["pending"]);
  EXPECT_EQ(store->evaluate(waiting.request()), PairingNeed::NotPaired);
  EXPECT_EQ(store->verify_device_token(phone.id(), "operator", token, {}, kT0 + 2), TokenCheck::Ok);
  for (const auto& entry : fs::directory_iterator(dir.path() / "devices")) {
    EXPECT_TRUE(entry.path().filename() == "paired.json" || entry.path().filename() == "pending.json")
        << "left behind: " << entry.path();
  }
}

TEST(DeviceStorePersistenceTest, WhenTheSecondFileCannotBeWrittenTheFirstIsRolledBack) {
  TempStateDir dir;
  auto store = open_store(dir);
  // Many waiting devices make pending.json large; one approval makes paired.json small.
  std::vector<TestDevice> waiting(20);
  std::string first_request;
  for (const auto& device : waiting) {
    auto pending = store->request_pairing(device.request(), PairingNeed::NotPaired, false, kT0);
    ASSERT_TRUE(pending);
    if (first_request.empty()) first_request = (*pending)["requestId"];
  }
  ASSERT_GT(dir.read("devices/pending.json").size(), 4096u);
  ASSERT_FALSE(dir.exists("devices/paired.json"));
  {
    FileSizeLimit limit(4096);  // paired.json (~1 KB) fits, pending.json does not
    auto approve = store->approve(first_request, kT0 + 1);
    ASSERT_FALSE(approve);
    EXPECT_NE(approve.error().message.find("pending.json"), std::string::npos) << approve.error().message;
  }
  EXPECT_FALSE(dir.exists("devices/paired.json"));  // the half of the change that was written is undone
  EXPECT_EQ(store->pending_count(kT0 + 1), waiting.size());
  EXPECT_EQ(store->evaluate(waiting.front().request()), PairingNeed::NotPaired);
  ASSERT_TRUE(store->approve(first_request, kT0 + 2));  // and it works once there is room
  EXPECT_EQ(store->evaluate(waiting.front().request()), PairingNeed::None);
}

}  // namespace
}  // namespace openclaw::pairing
