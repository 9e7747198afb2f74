#include "core/state/write_health.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"

namespace openclaw::state {
namespace {

namespace fs = std::filesystem;

std::uint64_t failures_of(std::string_view store) {
  const auto counts = state_write_health().failures();
  for (std::size_t i = 0; i < kStateStores.size(); ++i) {
    if (kStateStores[i] == store) return counts[i];
  }
  ADD_FAILURE() << "unknown store " << store;
  return 0;
}

TEST(StoreOf, NamesTheStoreFromTheFilesPlaceInTheStateDirectory) {
  EXPECT_EQ(store_of("/var/lib/openclaw/openclaw.json"), "config");
  EXPECT_EQ(store_of("/var/lib/openclaw/openclaw.json.bak"), "config");
  EXPECT_EQ(store_of("/var/lib/openclaw/devices/paired.json"), "devices");
  EXPECT_EQ(store_of("/var/lib/openclaw/devices/pending.json"), "devices");
  EXPECT_EQ(store_of("/s/agents/main/sessions/sessions.json"), "sessions");
  EXPECT_EQ(store_of("/s/agents/main/sessions/0b5c.jsonl"), "transcripts");
  EXPECT_EQ(store_of("/s/identity/device.json"), "identity");
  EXPECT_EQ(store_of("/s/credentials/gateway-token"), "credentials");
  EXPECT_EQ(store_of("/s/gateway/tls/gateway-key.pem"), "tls");
  EXPECT_EQ(store_of("/s/workspace/AGENTS.md"), "other");
}

TEST(StorageCondition, IsTheDiskNotTheRequest) {
  EXPECT_TRUE(is_storage_condition(ENOSPC));
  EXPECT_TRUE(is_storage_condition(EROFS));
  EXPECT_TRUE(is_storage_condition(EACCES));
  EXPECT_FALSE(is_storage_condition(EEXIST));
  EXPECT_FALSE(is_storage_condition(ENOENT));
  EXPECT_EQ(error_code_name(ENOSPC), "ENOSPC");
  EXPECT_EQ(error_code_name(EROFS), "EROFS");
  EXPECT_EQ(error_code_name(EEXIST), "errno " + std::to_string(EEXIST));
}

TEST(StateWriteHealth, AFailureMakesTheDirectoryUnwritableUntilTheNextSuccess) {
  StateWriteHealth health;
  EXPECT_FALSE(health.unwritable());
  health.record_failure("/s/devices/paired.json", ENOSPC, "cannot write /s/devices/paired.json: No space left");
  auto condition = health.unwritable();
  ASSERT_TRUE(condition);
  EXPECT_EQ(condition->store, "devices");
  EXPECT_EQ(condition->code, "ENOSPC");
  EXPECT_EQ(condition->path, "/s/devices/paired.json");
  EXPECT_GT(condition->since_ms, 0);
  const auto since = condition->since_ms;

  health.record_failure("/s/openclaw.json", EROFS, "cannot write /s/openclaw.json: Read-only file system");
  EXPECT_EQ(health.unwritable()->store, "config");
  EXPECT_EQ(health.unwritable()->since_ms, since) << "the condition started with the first failure";

  health.record_failure("/s/agents/main/sessions/x.jsonl", EEXIST, "exists");
  EXPECT_EQ(health.unwritable()->store, "config") << "a request's own error is not a disk condition";

  health.record_success("/s/openclaw.json");
  EXPECT_FALSE(health.unwritable());
  const auto counts = health.failures();
  EXPECT_EQ(counts[0], 1u);  // config
  EXPECT_EQ(counts[1], 1u);  // devices
  EXPECT_EQ(counts[3], 1u);  // transcripts
}

class WriteHealthOnDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/openclaw-health-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    fs::create_directory(dir_ / "devices");
  }
  void TearDown() override {
    ::chmod((dir_ / "devices").c_str(), 0700);
    fs::remove_all(dir_);
    state_write_health().record_success(dir_);
  }
  fs::path dir_;
};

TEST_F(WriteHealthOnDiskTest, AtomicWritesReportTheirOutcome) {
  const auto path = dir_ / "devices" / "paired.json";
  ASSERT_TRUE(write_file_atomically(path, "{}\n"));
  EXPECT_FALSE(state_write_health().unwritable());
  const auto before = failures_of("devices");

  // A missing directory is the caller's mistake (ENOENT): counted, not a disk condition.
  EXPECT_FALSE(write_file_atomically(dir_ / "devices" / "missing" / "x.json", "{}"));
  EXPECT_EQ(failures_of("devices"), before + 1);
  EXPECT_FALSE(state_write_health().unwritable());
}

TEST_F(WriteHealthOnDiskTest, APermissionDeniedWriteKeepsTheFileAndMarksTheDirectoryUnwritable) {
  const auto path = dir_ / "devices" / "paired.json";
  ASSERT_TRUE(write_file_atomically(path, "{}\n"));
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into a 0500 directory; the e2e lane covers EROFS";
  ASSERT_EQ(::chmod((dir_ / "devices").c_str(), 0500), 0);
  auto refused = write_file_atomically(path, "{\"new\":1}\n");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("Permission denied"), std::string::npos);
  ASSERT_TRUE(state_write_health().unwritable());
  EXPECT_EQ(state_write_health().unwritable()->code, "EACCES");
  EXPECT_EQ(*read_file(path), "{}\n");
  ASSERT_EQ(::chmod((dir_ / "devices").c_str(), 0700), 0);
  ASSERT_TRUE(probe_state_directory(dir_ / "devices"));
  EXPECT_FALSE(state_write_health().unwritable());
}

TEST_F(WriteHealthOnDiskTest, AProbeOfAWritableDirectoryClearsTheConditionAndLeavesNoFile) {
  state_write_health().record_failure(dir_ / "openclaw.json", ENOSPC, "full");
  ASSERT_TRUE(state_write_health().unwritable());
  ASSERT_TRUE(probe_state_directory(dir_));
  EXPECT_FALSE(state_write_health().unwritable());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);  // only devices/
  EXPECT_FALSE(probe_state_directory(dir_ / "missing"));
}

}  // namespace
}  // namespace openclaw::state
