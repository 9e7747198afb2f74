#include "server/log_tail.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace openclaw::server {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class LogTailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/openclaw-log-tail-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    file_ = dir_ / "gateway.log";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void append(const std::string& text, const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << text;
  }
  void append(const std::string& text) { append(text, file_); }

  // What RotatingFileSink does: file -> file.1, a fresh file.
  void rotate() {
    std::filesystem::path rotated = file_;
    rotated += ".1";
    std::filesystem::rename(file_, rotated);
    append("");
  }

  LogTail tail(std::optional<std::uint64_t> cursor, std::size_t limit = kLogTailDefaultLimit,
               std::size_t max_bytes = kLogTailDefaultMaxBytes) {
    auto result = read_log_tail(file_, LogTailRequest{cursor, limit, max_bytes});
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    return result.value_or(LogTail{});
  }

  std::filesystem::path dir_;
  std::filesystem::path file_;
};

TEST_F(LogTailTest, MissingFileReadsAsEmpty) {
  const auto result = tail(std::nullopt);
  EXPECT_EQ(result.cursor, 0u);
  EXPECT_EQ(result.size, 0u);
  EXPECT_THAT(result.lines, IsEmpty());
  EXPECT_FALSE(result.truncated);
  EXPECT_FALSE(result.reset);
}

TEST_F(LogTailTest, WithoutCursorReturnsTheLastLinesAndTheEnd) {
  append("one\ntwo\nthree\n");
  const auto all = tail(std::nullopt);
  EXPECT_THAT(all.lines, ElementsAre("one", "two", "three"));
  EXPECT_EQ(all.cursor, 14u);
  EXPECT_EQ(all.size, 14u);
  EXPECT_FALSE(all.truncated);
  EXPECT_FALSE(all.reset);

  EXPECT_THAT(tail(std::nullopt, 2).lines, ElementsAre("two", "three"));
}

TEST_F(LogTailTest, CursorContinuesWithWhatWasAppended) {
  append("one\ntwo\n");
  const auto first = tail(std::nullopt);
  append("three\nfour\n");
  const auto next = tail(first.cursor);
  EXPECT_THAT(next.lines, ElementsAre("three", "four"));
  EXPECT_EQ(next.cursor, 19u);
  EXPECT_FALSE(next.reset);
  const auto idle = tail(next.cursor);
  EXPECT_THAT(idle.lines, IsEmpty());
  EXPECT_EQ(idle.cursor, next.cursor);
}

TEST_F(LogTailTest, LimitKeepsTheNewestLines) {
  append("a\nb\nc\nd\n");
  const auto result = tail(std::uint64_t{2}, 2);
  EXPECT_THAT(result.lines, ElementsAre("c", "d"));
  EXPECT_EQ(result.cursor, 8u);
  EXPECT_FALSE(result.truncated);
}

TEST_F(LogTailTest, AnUnfinishedLastLineIsHeldBackUntilItIsComplete) {
  append("done\nhalf");
  const auto first = tail(std::nullopt);
  EXPECT_THAT(first.lines, ElementsAre("done"));
  EXPECT_EQ(first.cursor, 5u);
  EXPECT_EQ(first.size, 9u);
  append(" of a line\n");
  const auto next = tail(first.cursor);
  EXPECT_THAT(next.lines, ElementsAre("half of a line"));
  EXPECT_FALSE(next.reset);
}

TEST_F(LogTailTest, MaxBytesWithoutCursorDropsTheCutLineAndSaysTruncated) {
  append("first line\nsecond\nthird\n");  // 24 bytes
  const auto result = tail(std::nullopt, kLogTailDefaultLimit, 10);
  // The last 10 bytes are "ond\nthird\n": the cut "ond" is not a line.
  EXPECT_THAT(result.lines, ElementsAre("third"));
  EXPECT_TRUE(result.truncated);
  EXPECT_FALSE(result.reset);
  EXPECT_EQ(result.cursor, 24u);
}

TEST_F(LogTailTest, MaxBytesAfterCursorSkipsAheadWithResetAndTruncated) {
  append("a\n");
  const auto first = tail(std::nullopt);
  append("bbbbbbbbbb\ncc\ndd\n");
  const auto next = tail(first.cursor, kLogTailDefaultLimit, 6);
  EXPECT_THAT(next.lines, ElementsAre("cc", "dd"));
  EXPECT_TRUE(next.truncated);
  EXPECT_TRUE(next.reset);
  EXPECT_EQ(next.cursor, next.size);
}

TEST_F(LogTailTest, AfterRotationTheRestOfTheOldFileComesFirst) {
  append("old 1\nold 2\n");
  const auto first = tail(std::nullopt);
  append("old 3\n");
  rotate();
  append("new 1\n");
  const auto next = tail(first.cursor);
  EXPECT_TRUE(next.reset);
  EXPECT_FALSE(next.truncated);
  EXPECT_THAT(next.lines, ElementsAre("old 3", "new 1"));
  EXPECT_EQ(next.cursor, 6u);
  EXPECT_EQ(next.size, 6u);

  append("new 2\n");
  const auto after = tail(next.cursor);
  EXPECT_FALSE(after.reset);
  EXPECT_THAT(after.lines, ElementsAre("new 2"));
}

TEST_F(LogTailTest, RotationDetectedWhenTheNewFileGrewPastTheCursorMidLine) {
  append("old 1\n");  // cursor 6
  const auto first = tail(std::nullopt);
  append("old 2\n");
  rotate();
  append("a much longer new line\n");  // offset 6 is inside this line
  const auto next = tail(first.cursor);
  EXPECT_TRUE(next.reset);
  EXPECT_THAT(next.lines, ElementsAre("old 2", "a much longer new line"));
}

TEST_F(LogTailTest, RotationWithNothingLeftInTheOldFile) {
  append("old 1\n");
  const auto first = tail(std::nullopt);
  rotate();
  const auto empty = tail(first.cursor);
  EXPECT_TRUE(empty.reset);
  EXPECT_THAT(empty.lines, IsEmpty());
  EXPECT_EQ(empty.cursor, 0u);
  append("new 1\n");
  EXPECT_THAT(tail(empty.cursor).lines, ElementsAre("new 1"));
}

TEST_F(LogTailTest, AfterRotationMaxBytesKeepsTheNewestAcrossBothFiles) {
  append("x\n");
  const auto first = tail(std::nullopt);
  append("old line 2\nold 3\n");
  rotate();
  append("new 1\n");
  // 6 bytes of the new file + the last 8 of the old one ("2\nold 3\n": "2" is cut).
  const auto next = tail(first.cursor, kLogTailDefaultLimit, 14);
  EXPECT_TRUE(next.reset);
  EXPECT_TRUE(next.truncated);
  EXPECT_THAT(next.lines, ElementsAre("old 3", "new 1"));
}

TEST_F(LogTailTest, AnUnidentifiableCursorRestartsAtTheCurrentFile) {
  append("new 1\nnew 2\n");
  // Past the end, and no rotated file to continue: a fresh tail, flagged as a reset.
  const auto past = tail(std::uint64_t{500});
  EXPECT_TRUE(past.reset);
  EXPECT_FALSE(past.truncated);
  EXPECT_THAT(past.lines, ElementsAre("new 1", "new 2"));
  EXPECT_EQ(past.cursor, 12u);
  // Not at a line start of either file.
  append("0123456789\n", std::filesystem::path(file_.string() + ".1"));
  const auto mid = tail(std::uint64_t{3});
  EXPECT_TRUE(mid.reset);
  EXPECT_THAT(mid.lines, ElementsAre("new 1", "new 2"));
}

TEST_F(LogTailTest, RotatedFileWithoutFinalNewlineKeepsItsLastLine) {
  append("old 1\n");
  const auto first = tail(std::nullopt);
  append("cut short");
  rotate();
  append("the first new line\n");
  EXPECT_THAT(tail(first.cursor).lines, ElementsAre("cut short", "the first new line"));
}

TEST_F(LogTailTest, ALineLongerThanMaxBytesIsSkipped) {
  append(std::string(50, 'x') + "\n");
  const auto result = tail(std::nullopt, kLogTailDefaultLimit, 10);
  EXPECT_THAT(result.lines, IsEmpty());
  EXPECT_TRUE(result.truncated);
  EXPECT_EQ(result.cursor, 51u);
}

TEST_F(LogTailTest, NotARegularFileIsAnErrorNamingThePath) {
  std::filesystem::create_directory(file_);
  auto result = read_log_tail(file_, LogTailRequest{});
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find(file_.string()), std::string::npos)
      << result.error().message;
}

TEST_F(LogTailTest, ASymbolicLinkIsNotFollowed) {
  const auto target = dir_ / "elsewhere";
  append("secret-ish\n", target);
  std::filesystem::create_symlink(target, file_);
  EXPECT_FALSE(read_log_tail(file_, LogTailRequest{}).has_value());
}

TEST_F(LogTailTest, GatewayLogFileIsTheConfiguredOneOrTheStateDefault) {
  RuntimeSettings settings;
  settings.layout = state::StateLayout(dir_);
  EXPECT_EQ(gateway_log_file(settings), dir_ / "logs" / "gateway.log");
  settings.config.logging.file = "/var/log/openclaw/gw.log";
  EXPECT_EQ(gateway_log_file(settings), std::filesystem::path("/var/log/openclaw/gw.log"));
}

}  // namespace
}  // namespace openclaw::server
