#include "core/state/file_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace openclaw::state {
namespace {

namespace fs = std::filesystem;

class FileReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/openclaw-reader-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FileReaderTest, ReadsTheWholeFile) {
  std::ofstream(dir_ / "a") << "line one\nline two\n";
  auto content = read_file_limited(dir_ / "a", 1024);
  ASSERT_TRUE(content);
  EXPECT_EQ(*content, "line one\nline two\n");
}

TEST_F(FileReaderTest, MissingFileIsNotFound) {
  auto missing = read_file_limited(dir_ / "nope", 1024);
  ASSERT_FALSE(missing);
  EXPECT_TRUE(missing.error().not_found());
  EXPECT_EQ(missing.error().reason, "No such file or directory");
  auto below_missing_dir = read_file_limited(dir_ / "no-dir" / "x", 1024);
  EXPECT_TRUE(below_missing_dir.error().not_found());
}

TEST_F(FileReaderTest, DirectoryAndOversizedFileAreRefusedWithoutContent) {
  auto directory = read_file_limited(dir_, 1024);
  ASSERT_FALSE(directory);
  EXPECT_FALSE(directory.error().not_found());
  EXPECT_EQ(directory.error().reason, "is a directory");
  std::ofstream(dir_ / "big") << std::string(2048, 's');
  auto big = read_file_limited(dir_ / "big", 1024);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().reason, "is larger than the limit of 1024 bytes");
}

TEST_F(FileReaderTest, ReadFileMessageNamesThePath) {
  auto missing = read_file(dir_ / "token");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "cannot read " + (dir_ / "token").string() + ": No such file or directory");
}

}  // namespace
}  // namespace openclaw::state
