// Log sinks for the daemon's log file: RotatingFileSink keeps one JSON-lines file under a
// size cap with a few rotated generations beside it; TeeSink sends each line to several
// sinks (stderr and the file).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/log/sink.h"
#include "core/util/result.h"

namespace openclaw::log {

inline constexpr std::uint64_t kDefaultLogFileMaxBytes = 10 * 1024 * 1024;
inline constexpr int kDefaultLogFileGenerations = 3;

struct RotatingFileOptions {
  std::filesystem::path path;
  // The file is rotated before a line would take it past this size. A single line longer
  // than the cap is still written whole, to a fresh file.
  std::uint64_t max_bytes = kDefaultLogFileMaxBytes;
  // Rotated generations kept: path.1 (newest) ... path.N; 0 keeps none (the file is
  // simply started afresh).
  int generations = kDefaultLogFileGenerations;
};

// Appends lines to `path`, created with mode 0600 (an existing regular file is set to 0600
// too: log lines can name users and hosts) in a directory created with mode 0700 when
// missing (existing directories are left alone). Symbolic links are not followed at the
// last path component, so a planted link in a shared directory such as /tmp cannot redirect
// the log. Rotation renames path.(N-1) -> path.N, ..., path -> path.1 and starts a new file.
//
// Writing never throws and never stops the process: a line that cannot be written
// completely (disk full, file removed from under us, I/O error) is dropped and counted in
// dropped_lines(). When the file cannot be (re)opened, lines are dropped and a new open is
// tried at most once a second. Thread-safe; each line is written with one write under the
// sink's mutex.
class RotatingFileSink final : public LogSink {
 public:
  // Opens the file now; when that fails the sink still exists and keeps retrying (see
  // above). Use open() instead to learn about the failure at startup.
  explicit RotatingFileSink(RotatingFileOptions options);
  ~RotatingFileSink() override;
  RotatingFileSink(const RotatingFileSink&) = delete;
  RotatingFileSink& operator=(const RotatingFileSink&) = delete;

  // A sink whose file is open. Fails when the directory or the file cannot be created or
  // opened, naming the path and the system's reason (e.g. "cannot open log file
  // /var/log/openclaw/gateway.log: Permission denied").
  static Result<std::shared_ptr<RotatingFileSink>> open(RotatingFileOptions options);

  void write_line(std::string_view line) override;

  // Lines dropped because they could not be written (since construction).
  std::uint64_t dropped_lines() const { return dropped_.load(std::memory_order_relaxed); }
  // Completed rotations (since construction).
  std::uint64_t rotations() const { return rotations_.load(std::memory_order_relaxed); }

  const std::filesystem::path& path() const { return options_.path; }

 private:
  // Opens options_.path; on failure returns the reason and leaves fd_ at -1.
  Status open_file();
  void close_file();
  void rotate();
  // False when the line could not be written completely.
  bool write_all(std::string_view bytes);

  const RotatingFileOptions options_;
  std::mutex mutex_;
  int fd_ = -1;
  bool regular_file_ = false;  // only regular files are rotated (not /dev/stderr, say)
  std::uint64_t size_ = 0;     // bytes in the current file
  bool owes_newline_ = false;  // a failed write may have left half a line
  std::chrono::steady_clock::time_point next_open_attempt_{};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> rotations_{0};
};

// Writes every line to each of its sinks, in order. Null sinks are ignored. Thread-safe when
// its sinks are (every LogSink is).
class TeeSink final : public LogSink {
 public:
  explicit TeeSink(std::vector<std::shared_ptr<LogSink>> sinks);
  void write_line(std::string_view line) override;

 private:
  std::vector<std::shared_ptr<LogSink>> sinks_;
};

}  // namespace openclaw::log
