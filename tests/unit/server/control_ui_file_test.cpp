#include "server/http/control_ui_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A UI root with an index, a bundle and its .br, next to a secret it must never reach.
class ControlUiFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("control-ui-file-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "ui";
    write(root_ / "index.html", "<html>index</html>");
    write(root_ / "assets" / "app.js", "console.log(1)");
    write(root_ / "assets" / "app.js.br", "BR");
    write(base_ / "secret.txt", "SECRET");
    fs::create_directories(root_ / "empty-dir");
    auto opened = open_ui_root(root_.string());
    ASSERT_TRUE(opened) << opened.error().message;
    root_fd_ = *opened;
  }
  void TearDown() override { fs::remove_all(base_); }

  UiFileLookup open(std::vector<std::string> segments, bool directory = false) {
    return open_ui_file(root_fd_->get(), UiRelativePath{.segments = std::move(segments), .directory = directory});
  }

  fs::path base_, root_;
  std::shared_ptr<state::FileDescriptor> root_fd_;
};

TEST_F(ControlUiFileTest, FindsFilesAndTheIndexOfDirectories) {
  auto asset = open({"assets", "app.js"});
  ASSERT_EQ(asset.status, UiFileStatus::Found);
  EXPECT_EQ(asset.file->size, 14u);
  auto body = read_ui_file(*asset.file, 1024);
  ASSERT_TRUE(body);
  EXPECT_EQ(*body, "console.log(1)");

  auto index = open({}, true);
  ASSERT_EQ(index.status, UiFileStatus::Found);
  EXPECT_EQ(*read_ui_file(*index.file, 1024), "<html>index</html>");
}

TEST_F(ControlUiFileTest, PrecompressedSiblingsOpenFromTheSameDirectory) {
  auto asset = open({"assets", "app.js"});
  auto br = open_ui_sibling(asset, "app.js.br");
  ASSERT_TRUE(br);
  EXPECT_EQ(*read_ui_file(*br, 1024), "BR");
  EXPECT_FALSE(open_ui_sibling(asset, "app.js.gz"));
}

TEST_F(ControlUiFileTest, MissingFilesAndDirectoriesAreMissing) {
  EXPECT_EQ(open({"nope.js"}).status, UiFileStatus::Missing);
  EXPECT_EQ(open({"nope", "x.js"}).status, UiFileStatus::Missing);
  EXPECT_EQ(open({"index.html", "x.js"}).status, UiFileStatus::Missing) << "a file used as a directory";
  EXPECT_EQ(open({"empty-dir"}).status, UiFileStatus::Missing) << "a directory is the SPA's, not a file";
  EXPECT_EQ(open({"empty-dir"}, true).status, UiFileStatus::Missing) << "no index.html in it";
}

TEST_F(ControlUiFileTest, LinksAreNeverFollowedWhereverTheyPoint) {
  fs::create_symlink(base_ / "secret.txt", root_ / "secret.txt");
  fs::create_symlink(base_, root_ / "up");
  fs::create_symlink(root_ / "assets" / "app.js", root_ / "inside.js");  // even inside the root
  fs::create_symlink(root_ / "assets", root_ / "bundles");
  EXPECT_EQ(open({"secret.txt"}).status, UiFileStatus::Refused);
  EXPECT_EQ(open({"up", "secret.txt"}).status, UiFileStatus::Refused);
  EXPECT_EQ(open({"inside.js"}).status, UiFileStatus::Refused);
  EXPECT_EQ(open({"bundles", "app.js"}).status, UiFileStatus::Refused);
  EXPECT_EQ(open({"up"}, true).status, UiFileStatus::Refused);
}

TEST_F(ControlUiFileTest, SpecialFilesAreRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root_ / "pipe.js").c_str(), 0600), 0);
  EXPECT_EQ(open({"pipe.js"}).status, UiFileStatus::Refused);
}

TEST_F(ControlUiFileTest, ALinkedRootIsFollowedOnce) {
  fs::create_symlink(root_, base_ / "current");
  auto linked = open_ui_root((base_ / "current").string());
  ASSERT_TRUE(linked);
  EXPECT_EQ(open_ui_file((*linked)->get(), UiRelativePath{.segments = {"assets", "app.js"}, .directory = false}).status,
            UiFileStatus::Found);
}

TEST_F(ControlUiFileTest, ABadRootIsNamed) {
  auto missing = open_ui_root((base_ / "absent").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find((base_ / "absent").string()), std::string::npos);
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos) << missing.error().message;
  auto file = open_ui_root((base_ / "secret.txt").string());
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("not a directory"), std::string::npos) << file.error().message;
}

TEST_F(ControlUiFileTest, ReadsRefuseFilesOverTheLimit) {
  write(root_ / "big.txt", std::string(kUiReadPieceBytes * 2 + 7, 'x'));
  auto big = open({"big.txt"});
  ASSERT_EQ(big.status, UiFileStatus::Found);
  auto whole = read_ui_file(*big.file, kUiReadPieceBytes * 4);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->size(), kUiReadPieceBytes * 2 + 7) << "read across several pieces";
  auto capped = read_ui_file(*big.file, 100);
  ASSERT_FALSE(capped);
  EXPECT_NE(capped.error().message.find("over the limit"), std::string::npos);
}

}  // namespace
}  // namespace openclaw::server
