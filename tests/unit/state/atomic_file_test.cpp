#include "core/state/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/state/file_reader.h"

namespace openclaw::state {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/openclaw-atomic-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }

  mode_t mode_of(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0);
    return info.st_mode & 07777;
  }
  std::size_t entries() { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {})); }

  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesContentWithTheRequestedModeWhateverTheUmask) {
  const auto path = dir_ / "paired.json";
  ::umask(0);
  ASSERT_TRUE(write_file_atomically(path, "{}\n"));
  ::umask(022);
  EXPECT_EQ(*read_file(path), "{}\n");
  EXPECT_EQ(mode_of(path), 0600u);
  ASSERT_TRUE(write_file_atomically(path, "x", {.mode = 0640, .owner = std::nullopt}));
  EXPECT_EQ(mode_of(path), 0640u);
}

TEST_F(AtomicFileTest, ReplacesAnExistingFileAndLeavesNoTemporaryBehind) {
  const auto path = dir_ / "openclaw.json";
  ASSERT_TRUE(write_file_atomically(path, "old"));
  ASSERT_TRUE(write_file_atomically(path, "new content"));
  EXPECT_EQ(*read_file(path), "new content");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFileTest, MissingDirectoryFailsNamingThePath) {
  const auto path = dir_ / "missing" / "file.json";
  auto status = write_file_atomically(path, "x");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find(path.string()), std::string::npos);
  EXPECT_NE(status.error().message.find("No such file or directory"), std::string::npos);
}

TEST_F(AtomicFileTest, FailedRenameKeepsTheTargetAndRemovesTheTemporary) {
  const auto target = dir_ / "occupied";
  fs::create_directory(target);
  fs::create_directory(target / "child");  // rename(2) cannot replace a non-empty directory
  auto status = write_file_atomically(target, "x");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("rename"), std::string::npos);
  EXPECT_TRUE(fs::is_directory(target / "child"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFileTest, OwnerIsAppliedBeforeTheFileAppears) {
  if (::geteuid() != 0) GTEST_SKIP() << "chown needs root";
  const auto path = dir_ / "owned";
  ASSERT_TRUE(write_file_atomically(path, "x", {.mode = 0600, .owner = FileOwner{4242, 4343}}));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 4242u);
  EXPECT_EQ(info.st_gid, 4343u);
}

TEST_F(AtomicFileTest, CreateDirectoryIsIdempotentAndRefusesAFileInTheWay) {
  const auto path = dir_ / "devices";
  ::umask(077);
  ASSERT_TRUE(create_directory_durably(path, 0700));
  EXPECT_EQ(mode_of(path), 0700u);
  EXPECT_TRUE(create_directory_durably(path, 0700));
  std::ofstream(dir_ / "blocker") << "x";
  auto status = create_directory_durably(dir_ / "blocker", 0700);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("a file is in the way"), std::string::npos);
  ::umask(022);
}

}  // namespace
}  // namespace openclaw::state
