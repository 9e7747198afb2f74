#include "core/state/stale_temporaries.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"

namespace openclaw::state {
namespace {

namespace fs = std::filesystem;

class StaleTemporariesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/openclaw-stale-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path make(const std::string& name, const std::string& content = "partial") {
    std::ofstream(dir_ / name) << content;
    return dir_ / name;
  }

  fs::path dir_;
};

TEST(AtomicWriteTemporaryName, MatchesOnlyTheWritersOwnPattern) {
  EXPECT_TRUE(is_atomic_write_temporary(".paired.json.tmp-0123456789abcdef"));
  EXPECT_TRUE(is_atomic_write_temporary(".openclaw.json.tmp-ffffffffffffffff"));
  EXPECT_FALSE(is_atomic_write_temporary("paired.json.tmp-0123456789abcdef"));   // no leading dot
  EXPECT_FALSE(is_atomic_write_temporary(".paired.json.tmp-0123456789ABCDEF"));  // upper case
  EXPECT_FALSE(is_atomic_write_temporary(".paired.json.tmp-0123456789abcde"));   // 15 digits
  EXPECT_FALSE(is_atomic_write_temporary(".paired.json.tmp-0123456789abcdefa"));
  EXPECT_FALSE(is_atomic_write_temporary(".tmp-0123456789abcdef"));  // no file name
  EXPECT_FALSE(is_atomic_write_temporary("notes.tmp"));
  EXPECT_FALSE(is_atomic_write_temporary(".session.jsonl.tmp"));
}

TEST_F(StaleTemporariesTest, RemovesTemporariesOfDeadWritersAndNothingElse) {
  const auto target = make("paired.json", "{\"kept\":true}\n");
  make(".paired.json.tmp-0123456789abcdef");
  make(".openclaw.json.tmp-fedcba9876543210");
  const auto foreign = make("notes.tmp");
  const auto almost = make(".paired.json.tmp-0123");
  fs::create_directory(dir_ / ".dir.json.tmp-0123456789abcdef");
  fs::create_symlink(target, dir_ / ".link.json.tmp-0123456789abcdef");

  auto removed = remove_stale_temporaries(dir_);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, 2u);
  EXPECT_FALSE(fs::exists(dir_ / ".paired.json.tmp-0123456789abcdef"));
  EXPECT_FALSE(fs::exists(dir_ / ".openclaw.json.tmp-fedcba9876543210"));
  EXPECT_EQ(*read_file(target), "{\"kept\":true}\n");
  EXPECT_TRUE(fs::exists(foreign));
  EXPECT_TRUE(fs::exists(almost));
  EXPECT_TRUE(fs::is_directory(dir_ / ".dir.json.tmp-0123456789abcdef"));
  EXPECT_TRUE(fs::is_symlink(dir_ / ".link.json.tmp-0123456789abcdef"));
}

TEST_F(StaleTemporariesTest, LeavesATemporaryThatALiveWriterHoldsLocked) {
  const auto live = make(".paired.json.tmp-00000000000000aa");
  const int fd = ::open(live.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto removed = remove_stale_temporaries(dir_);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 0u);
  EXPECT_TRUE(fs::exists(live));
  ::close(fd);  // the writer died: its lock is gone with it
  removed = remove_stale_temporaries(dir_);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 1u);
  EXPECT_FALSE(fs::exists(live));
}

TEST_F(StaleTemporariesTest, AMissingDirectoryHasNothingToRemove) {
  auto removed = remove_stale_temporaries(dir_ / "missing");
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 0u);
}

TEST_F(StaleTemporariesTest, AFinishedAtomicWriteLeavesNothingForTheSweep) {
  ASSERT_TRUE(write_file_atomically(dir_ / "paired.json", "{}\n"));
  auto removed = remove_stale_temporaries(dir_);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 0u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);
}

}  // namespace
}  // namespace openclaw::state
