#include "core/log/rotating_file_sink.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/log/logger.h"

namespace openclaw::log {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class RotatingFileSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/openclaw-rotating-sink-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }
  static mode_t mode_of(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
  }

  fs::path root_;
};

TEST_F(RotatingFileSinkTest, CreatesPrivateDirectoriesAndFileAndAppendsLines) {
  const fs::path file = root_ / "logs" / "gateway" / "openclaw.log";
  auto sink = RotatingFileSink::open({.path = file});
  ASSERT_TRUE(sink) << sink.error().message;
  (*sink)->write_line("{\"msg\":\"one\"}\n");
  (*sink)->write_line("{\"msg\":\"two\"}\n");
  EXPECT_EQ(read(file), "{\"msg\":\"one\"}\n{\"msg\":\"two\"}\n");
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(mode_of(root_ / "logs"), 0700u);
  EXPECT_EQ(mode_of(root_ / "logs" / "gateway"), 0700u);
  EXPECT_EQ((*sink)->dropped_lines(), 0u);
}

TEST_F(RotatingFileSinkTest, AppendsToAnExistingFileAndTightensItsMode) {
  const fs::path file = root_ / "openclaw.log";
  std::ofstream(file) << "old\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  RotatingFileSink sink({.path = file});
  sink.write_line("new\n");
  EXPECT_EQ(read(file), "old\nnew\n");
  EXPECT_EQ(mode_of(file), 0600u);
}

TEST_F(RotatingFileSinkTest, EndsAHalfLineLeftByAnEarlierProcess) {
  const fs::path file = root_ / "openclaw.log";
  std::ofstream(file) << "{\"msg\":\"cut sh";
  RotatingFileSink sink({.path = file});
  sink.write_line("next\n");
  EXPECT_EQ(read(file), "{\"msg\":\"cut sh\nnext\n");
}

TEST_F(RotatingFileSinkTest, RotatesAtTheSizeCapKeepingNGenerations) {
  const fs::path file = root_ / "openclaw.log";
  // Each line is 10 bytes; the cap holds two lines per file.
  RotatingFileSink sink({.path = file, .max_bytes = 20, .generations = 2});
  for (char c : std::string("abcdefgh")) sink.write_line(std::string(9, c) + "\n");

  EXPECT_EQ(read(file), "ggggggggg\nhhhhhhhhh\n");
  EXPECT_EQ(read(fs::path(file.string() + ".1")), "eeeeeeeee\nfffffffff\n");
  EXPECT_EQ(read(fs::path(file.string() + ".2")), "ccccccccc\nddddddddd\n");
  EXPECT_FALSE(fs::exists(file.string() + ".3"));
  EXPECT_EQ(sink.rotations(), 3u);
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(sink.dropped_lines(), 0u);
}

TEST_F(RotatingFileSinkTest, CountsAnExistingFilesSizeTowardsTheCap) {
  const fs::path file = root_ / "openclaw.log";
  std::ofstream(file) << std::string(15, 'x') << "\n";
  RotatingFileSink sink({.path = file, .max_bytes = 20, .generations = 1});
  sink.write_line("0123456789\n");
  EXPECT_EQ(read(file), "0123456789\n");
  EXPECT_EQ(read(fs::path(file.string() + ".1")), std::string(15, 'x') + "\n");
}

TEST_F(RotatingFileSinkTest, ZeroGenerationsStartsAfreshWithoutKeepingOldLines) {
  const fs::path file = root_ / "openclaw.log";
  RotatingFileSink sink({.path = file, .max_bytes = 10, .generations = 0});
  sink.write_line("aaaaaaaa\n");
  sink.write_line("bbbbbbbb\n");
  EXPECT_EQ(read(file), "bbbbbbbb\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 1);
}

TEST_F(RotatingFileSinkTest, OversizedLineIsWrittenWholeToAFreshFile) {
  const fs::path file = root_ / "openclaw.log";
  RotatingFileSink sink({.path = file, .max_bytes = 8, .generations = 1});
  sink.write_line("short\n");
  const std::string big = std::string(30, 'z') + "\n";
  sink.write_line(big);
  EXPECT_EQ(read(file), big);
  EXPECT_EQ(read(fs::path(file.string() + ".1")), "short\n");
}

TEST_F(RotatingFileSinkTest, FullDiskDropsAndCountsLinesWithoutThrowing) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "/dev/full not available";
  const mode_t before = mode_of("/dev/full");
  auto sink = RotatingFileSink::open({.path = "/dev/full", .max_bytes = 4});
  ASSERT_TRUE(sink) << sink.error().message;
  for (int i = 0; i < 5; ++i) (*sink)->write_line("line that cannot be written\n");
  EXPECT_EQ((*sink)->dropped_lines(), 5u);
  EXPECT_EQ((*sink)->rotations(), 0u);      // a device is never renamed
  EXPECT_EQ(mode_of("/dev/full"), before);  // nor chmod'ed
}

TEST_F(RotatingFileSinkTest, UnopenablePathFailsOpenWithThePathAndReason) {
  const fs::path blocker = root_ / "not-a-directory";
  std::ofstream(blocker) << "x";
  auto sink = RotatingFileSink::open({.path = blocker / "openclaw.log"});
  ASSERT_FALSE(sink);
  EXPECT_THAT(sink.error().message, HasSubstr((blocker / "openclaw.log").string()));
  EXPECT_THAT(sink.error().message, HasSubstr("Not a directory"));

  // The constructor form keeps going, dropping lines.
  RotatingFileSink dropping({.path = blocker / "openclaw.log"});
  dropping.write_line("lost\n");
  dropping.write_line("lost\n");
  EXPECT_EQ(dropping.dropped_lines(), 2u);
}

TEST_F(RotatingFileSinkTest, DoesNotFollowASymlinkPlantedAtThePath) {
  const fs::path target = root_ / "victim";
  std::ofstream(target) << "precious\n";
  const fs::path file = root_ / "openclaw.log";
  fs::create_symlink(target, file);
  auto sink = RotatingFileSink::open({.path = file});
  EXPECT_FALSE(sink);
  RotatingFileSink dropping({.path = file});
  dropping.write_line("injected\n");
  EXPECT_EQ(read(target), "precious\n");
  EXPECT_EQ(dropping.dropped_lines(), 1u);
}

TEST_F(RotatingFileSinkTest, ConcurrentWritersProduceWholeLinesAcrossRotations) {
  const fs::path file = root_ / "openclaw.log";
  {
    RotatingFileSink sink({.path = file, .max_bytes = 4096, .generations = 50});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&sink, t] {
        for (int i = 0; i < 200; ++i) {
          sink.write_line("{\"thread\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) +
                          ",\"pad\":\"" + std::string(40, 'p') + "\"}\n");
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_GT(sink.rotations(), 0u);
    EXPECT_EQ(sink.dropped_lines(), 0u);
  }
  int lines = 0;
  for (const auto& entry : fs::directory_iterator(root_)) {
    std::istringstream in(read(entry.path()));
    for (std::string line; std::getline(in, line); ++lines) {
      EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    }
  }
  EXPECT_EQ(lines, 800);
}

TEST_F(RotatingFileSinkTest, LoggerWritesJsonLinesThroughTheSink) {
  const fs::path file = root_ / "openclaw.log";
  auto sink = std::make_shared<RotatingFileSink>(RotatingFileOptions{.path = file});
  Logger logger({.sink = sink});
  logger.info("gateway started", {{"port", 18789}});
  auto record = nlohmann::json::parse(read(file));
  EXPECT_EQ(record["msg"], "gateway started");
  EXPECT_EQ(record["port"], 18789);
}

// ---------------------------------------------------------------- TeeSink

TEST(TeeSink, WritesEachLineToEverySinkInOrder) {
  std::ostringstream first;
  std::ostringstream second;
  TeeSink tee({std::make_shared<StreamSink>(first), nullptr, std::make_shared<StreamSink>(second)});
  tee.write_line("a\n");
  tee.write_line("b\n");
  EXPECT_EQ(first.str(), "a\nb\n");
  EXPECT_EQ(second.str(), "a\nb\n");
}

TEST(TeeSink, AFailingSinkDoesNotStopTheOthers) {
  std::ostringstream out;
  TeeSink tee({std::make_shared<FdSink>(-1), std::make_shared<StreamSink>(out)});
  tee.write_line("still here\n");
  EXPECT_EQ(out.str(), "still here\n");
}

}  // namespace
}  // namespace openclaw::log
