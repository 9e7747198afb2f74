#include "core/log/sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace openclaw::log {
namespace {

TEST(StreamSink, WritesLinesInOrder) {
  std::ostringstream out;
  StreamSink sink(out);
  sink.write_line("one\n");
  sink.write_line("two\n");
  EXPECT_EQ(out.str(), "one\ntwo\n");
}

TEST(FdSink, WritesToDescriptor) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  {
    FdSink sink(fds[1]);
    sink.write_line("hello\n");
  }
  close(fds[1]);
  char buffer[64];
  const ssize_t n = read(fds[0], buffer, sizeof buffer);
  close(fds[0]);
  ASSERT_EQ(n, 6);
  EXPECT_EQ(std::string(buffer, 6), "hello\n");
}

TEST(FdSink, WriteErrorsAreDropped) {
  FdSink sink(-1);
  sink.write_line("nowhere\n");  // must neither crash nor spin
}

TEST(FdSink, ConcurrentLinesNeverInterleave) {
  char path[] = "/tmp/openclaw-sink-test-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  unlink(path);
  {
    FdSink sink(fd);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&sink, t] {
        const std::string line = std::string(1000, static_cast<char>('a' + t)) + "\n";
        for (int i = 0; i < 200; ++i) sink.write_line(line);
      });
    }
    for (auto& thread : threads) thread.join();
  }
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  std::string contents;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    contents.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  std::istringstream lines(contents);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_EQ(line.size(), 1000u);
    EXPECT_EQ(line.find_first_not_of(line[0]), std::string::npos) << "interleaved line " << count;
  }
  EXPECT_EQ(count, 800);
}

}  // namespace
}  // namespace openclaw::log
