// Where log lines go. A sink writes each line with one write under its own mutex, so lines
// from concurrent threads (and from several Logger objects sharing the sink) never
// interleave.
#pragma once

#include <mutex>
#include <ostream>
#include <string_view>

namespace openclaw::log {

class LogSink {
 public:
  virtual ~LogSink() = default;
  // Writes one complete line. `line` already ends with '\n'. Write failures are dropped:
  // there is nowhere left to report them.
  virtual void write_line(std::string_view line) = 0;
};

// Writes to a file descriptor (default: stderr). Does not own or close the descriptor.
class FdSink final : public LogSink {
 public:
  explicit FdSink(int fd = 2) : fd_(fd) {}
  void write_line(std::string_view line) override;

 private:
  std::mutex mutex_;
  int fd_;
};

// Writes to a std::ostream and flushes after each line. The stream must outlive the sink.
class StreamSink final : public LogSink {
 public:
  explicit StreamSink(std::ostream& stream) : stream_(stream) {}
  void write_line(std::string_view line) override;

 private:
  std::mutex mutex_;
  std::ostream& stream_;
};

}  // namespace openclaw::log
