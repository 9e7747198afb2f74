#include "core/log/rotating_file_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace openclaw::log {
namespace {

constexpr auto kReopenInterval = std::chrono::seconds(1);

std::string system_reason(int error) { return std::generic_category().message(error); }

// mkdir -p with mode 0700 for each directory it creates.
Status create_private_directories(const std::filesystem::path& directory) {
  if (directory.empty()) return {};
  std::filesystem::path partial;
  for (const auto& component : directory) {
    partial /= component;
    if (::mkdir(partial.c_str(), 0700) == 0 || errno == EEXIST) continue;
    return fail("cannot create log directory " + partial.string() + ": " + system_reason(errno));
  }
  return {};
}

std::filesystem::path generation(const std::filesystem::path& path, int number) {
  std::filesystem::path out = path;
  out += "." + std::to_string(number);
  return out;
}

}  // namespace

RotatingFileSink::RotatingFileSink(RotatingFileOptions options) : options_(std::move(options)) {
  std::lock_guard lock(mutex_);
  (void)open_file();
}

RotatingFileSink::~RotatingFileSink() { close_file(); }

Result<std::shared_ptr<RotatingFileSink>> RotatingFileSink::open(RotatingFileOptions options) {
  auto sink = std::make_shared<RotatingFileSink>(std::move(options));
  std::lock_guard lock(sink->mutex_);
  if (sink->fd_ < 0) {
    // The constructor's attempt failed; repeat it for the reason.
    if (auto opened = sink->open_file(); !opened) return std::unexpected(opened.error());
  }
  return sink;
}

Status RotatingFileSink::open_file() {
  if (options_.path.empty()) return fail("no log file path configured");
  next_open_attempt_ = std::chrono::steady_clock::now() + kReopenInterval;
  if (auto made = create_private_directories(options_.path.parent_path()); !made) return made;
  // Read access only to look at the last byte (see below); a write-only file will do.
  constexpr int kFlags = O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  int fd = ::open(options_.path.c_str(), O_RDWR | kFlags, 0600);
  if (fd < 0 && errno == EACCES) fd = ::open(options_.path.c_str(), O_WRONLY | kFlags, 0600);
  if (fd < 0) {
    return fail("cannot open log file " + options_.path.string() + ": " + system_reason(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return fail("cannot inspect log file " + options_.path.string() + ": " + system_reason(error));
  }
  regular_file_ = S_ISREG(info.st_mode);
  // Only a regular file is ours to restrict; chmod on a device (/dev/stderr) would change it
  // for everyone.
  if (regular_file_ && (info.st_mode & 07777) != 0600) (void)::fchmod(fd, 0600);
  fd_ = fd;
  size_ = regular_file_ ? static_cast<std::uint64_t>(info.st_size) : 0;
  // A line cut short by an earlier process (crash, full disk) is ended before ours.
  owes_newline_ = false;
  if (size_ > 0) {
    char last = '\n';
    owes_newline_ = ::pread(fd, &last, 1, static_cast<off_t>(size_ - 1)) == 1 && last != '\n';
  }
  return {};
}

void RotatingFileSink::close_file() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void RotatingFileSink::rotate() {
  close_file();
  // Oldest first, so each rename moves into a name just vacated. Missing generations
  // (ENOENT) are normal; any other rename failure only costs an old generation.
  for (int number = options_.generations; number >= 2; --number) {
    (void)::rename(generation(options_.path, number - 1).c_str(),
                   generation(options_.path, number).c_str());
  }
  if (options_.generations >= 1) {
    (void)::rename(options_.path.c_str(), generation(options_.path, 1).c_str());
  } else {
    (void)::unlink(options_.path.c_str());
  }
  rotations_.fetch_add(1, std::memory_order_relaxed);
  (void)open_file();
}

bool RotatingFileSink::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    size_ += static_cast<std::uint64_t>(written);
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

void RotatingFileSink::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  if (fd_ < 0) {
    if (std::chrono::steady_clock::now() < next_open_attempt_ || !open_file()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  if (regular_file_ && size_ > 0 && size_ + line.size() > options_.max_bytes) {
    rotate();
    if (fd_ < 0) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  if (owes_newline_) {
    if (!write_all("\n")) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    owes_newline_ = false;
  }
  const std::uint64_t size_before = size_;
  if (!write_all(line)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    // Part of the line may be in the file; end it before the next one so every other line
    // stays parseable.
    owes_newline_ = size_ != size_before;
  }
}

TeeSink::TeeSink(std::vector<std::shared_ptr<LogSink>> sinks) : sinks_(std::move(sinks)) {
  std::erase(sinks_, nullptr);
}

void TeeSink::write_line(std::string_view line) {
  for (const auto& sink : sinks_) sink->write_line(line);
}

}  // namespace openclaw::log
