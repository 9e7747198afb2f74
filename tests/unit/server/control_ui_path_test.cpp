#include "server/http/control_ui_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ControlUiPathTest, MountAndDirectoriesNameTheirIndex) {
  for (const char* mount : {"", "/"}) {
    auto path = parse_ui_path(mount);
    ASSERT_TRUE(path) << mount;
    EXPECT_THAT(path->segments, IsEmpty());
    EXPECT_TRUE(path->directory);
  }
  auto deep = parse_ui_path("/chat/session/");
  ASSERT_TRUE(deep);
  EXPECT_THAT(deep->segments, ElementsAre("chat", "session"));
  EXPECT_TRUE(deep->directory);
}

TEST(ControlUiPathTest, FilesAreDecodedOnce) {
  auto asset = parse_ui_path("/assets/app-abc.js");
  ASSERT_TRUE(asset);
  EXPECT_THAT(asset->segments, ElementsAre("assets", "app-abc.js"));
  EXPECT_FALSE(asset->directory);
  auto encoded = parse_ui_path("/%61ssets/my%20file.svg");
  ASSERT_TRUE(encoded);
  EXPECT_THAT(encoded->segments, ElementsAre("assets", "my file.svg"));
}

TEST(ControlUiPathTest, DeepLinkedBundlesComeFromAssets) {
  // index.html links "./assets/x.js"; from /chat/session the browser asks /chat/assets/x.js.
  auto path = parse_ui_path("/chat/assets/index-D1.js");
  ASSERT_TRUE(path);
  EXPECT_THAT(path->segments, ElementsAre("assets", "index-D1.js"));
  auto route = parse_ui_path("/chat/assets");  // nothing after it: a client-side route
  ASSERT_TRUE(route);
  EXPECT_THAT(route->segments, ElementsAre("chat", "assets"));
}

TEST(ControlUiPathTest, EveryTraversalSpellingIsRefused) {
  for (const char* target : {
           "/../outside.txt",           // plain
           "/assets/../../outside.txt",  // after a real directory
           "/..",                        // bare
           "/.",                         // current directory
           "/%2e%2e/outside.txt",        // encoded dots
           "/%2E%2E/outside.txt",        // upper-case escapes
           "/.%2e/outside.txt",          // half encoded
           "/%2e%2e%2foutside.txt",      // encoded slash inside a segment
           "/..%2foutside.txt",          // dots then an encoded slash
           "/assets%2f..%2f..%2foutside.txt",
           "/%252e%252e/outside.txt",  // double encoding
           "/%252e%252e%252foutside.txt",
           "/..\\outside.txt",       // raw backslash
           "/..%5coutside.txt",      // encoded backslash
           "/%5c..%5coutside.txt",   // encoded backslashes only
           "/outside.txt%00.html",   // encoded NUL
           "//etc/passwd",           // empty segment (absolute path after the mount)
           "/assets//app.js",        // empty segment inside
           "/.env",                  // dotfiles
           "/.git/config",
           "/assets/.hidden.js",
           "/%2eenv",                // encoded dotfile
           "/%zz",                   // malformed escapes
           "/%4",
           "/abc%",
           "/a%0ab",                 // control characters, encoded and raw
           "/a\tb",
       }) {
    EXPECT_FALSE(parse_ui_path(target)) << target;
  }
  EXPECT_FALSE(parse_ui_path(std::string_view("/a\0b", 4))) << "raw NUL";
}

TEST(ControlUiPathTest, OverlongUtf8DotsAreJustBytesNotDots) {
  // %c0%ae is an overlong '.', which no UTF-8 decoder (and no kernel) treats as one.
  auto path = parse_ui_path("/%c0%ae%c0%ae/outside.txt");
  ASSERT_TRUE(path);
  EXPECT_NE(path->segments.front(), "..");
}

TEST(ControlUiPathTest, ExtensionsAreLowercaseWithoutTheDot) {
  EXPECT_EQ(file_extension("app-abc.JS"), "js");
  EXPECT_EQ(file_extension("manifest.webmanifest"), "webmanifest");
  EXPECT_EQ(file_extension("app.js.br"), "br");
  EXPECT_EQ(file_extension("settings"), "");
  EXPECT_EQ(file_extension(".env"), "");
}

}  // namespace
}  // namespace openclaw::server
