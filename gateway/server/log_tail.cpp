#include "server/log_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

namespace openclaw::server {
namespace {

std::string system_reason(int error) { return std::generic_category().message(error); }

// An open log file and its size when opened; later appends are left for the next read.
class LogFile {
 public:
  LogFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  LogFile(LogFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  LogFile& operator=(LogFile&&) = delete;
  ~LogFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  std::uint64_t size() const { return size_; }

  // True when `offset` is where a line starts: the file's start, or just after a newline.
  bool starts_line(std::uint64_t offset) const {
    if (offset == 0) return true;
    char before = 0;
    return ::pread(fd_, &before, 1, static_cast<off_t>(offset - 1)) == 1 && before == '\n';
  }

  // Bytes [begin, end); fewer when the file shrank meanwhile.
  Result<std::string> read(std::uint64_t begin, std::uint64_t end,
                           const std::filesystem::path& path) const {
    std::string bytes(static_cast<std::size_t>(end - begin), '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
      const ssize_t got = ::pread(fd_, bytes.data() + filled, bytes.size() - filled,
                                  static_cast<off_t>(begin + filled));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0)
        return fail("cannot read log file " + path.string() + ": " + system_reason(errno));
      if (got == 0) break;
      filled += static_cast<std::size_t>(got);
    }
    bytes.resize(filled);
    return bytes;
  }

 private:
  int fd_;
  std::uint64_t size_;
};

// The file, or nullopt when there is none. Symbolic links are not followed (the log sink
// never writes through one either), and only regular files are read.
Result<std::optional<LogFile>> open_log(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<LogFile>{};
    return fail("cannot open log file " + path.string() + ": " + system_reason(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return fail("cannot inspect log file " + path.string() + ": " + system_reason(error));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return fail("log file " + path.string() + " is not a regular file");
  }
  return std::optional<LogFile>(LogFile(fd, static_cast<std::uint64_t>(info.st_size)));
}

std::filesystem::path first_rotation(const std::filesystem::path& path) {
  std::filesystem::path rotated = path;
  rotated += ".1";
  return rotated;
}

// A byte range of one file to turn into lines. `finished` files (rotated away) take no more
// writes, so their unterminated last line is complete.
struct Segment {
  const LogFile* file;
  const std::filesystem::path* path;
  std::uint64_t begin;
  std::uint64_t end;
  bool finished;
};

// Appends the whole lines of `segment` to `lines`: a line cut by `begin` is dropped (its
// start is not in range), an unterminated last line of an unfinished file is held back.
// Returns the offset after the last line delivered (or skipped), i.e. the next cursor.
Result<std::uint64_t> collect_lines(const Segment& segment, std::vector<std::string>& lines) {
  auto text = segment.file->read(segment.begin, segment.end, *segment.path);
  if (!text) return std::unexpected(text.error());
  std::size_t position = 0;
  if (!segment.file->starts_line(segment.begin)) {
    const auto newline = text->find('\n');
    // All of it is the middle of one line longer than the window: skipped, as upstream.
    if (newline == std::string::npos) return segment.begin + text->size();
    position = newline + 1;
  }
  for (auto newline = text->find('\n', position); newline != std::string::npos;
       newline = text->find('\n', position)) {
    lines.push_back(text->substr(position, newline - position));
    position = newline + 1;
  }
  if (position < text->size() && segment.finished) {
    lines.push_back(text->substr(position));
    position = text->size();
  }
  return segment.begin + position;
}

std::uint64_t newest_start(std::uint64_t size, std::uint64_t max_bytes) {
  return size > max_bytes ? size - max_bytes : 0;
}

}  // namespace

Result<LogTail> read_log_tail(const std::filesystem::path& file, const LogTailRequest& request) {
  const std::uint64_t max_bytes =
      std::clamp<std::size_t>(request.max_bytes, 1, kLogTailMaxMaxBytes);
  const std::size_t limit = std::clamp<std::size_t>(request.limit, 1, kLogTailMaxLimit);
  auto opened = open_log(file);
  if (!opened) return std::unexpected(opened.error());
  LogTail tail;
  if (!*opened) return tail;
  const LogFile& current = **opened;
  const std::uint64_t size = current.size();
  tail.size = size;

  // The newest max_bytes of the current file: a first read, or one that lost its place.
  auto from_the_end = [&] {
    const std::uint64_t begin = newest_start(size, max_bytes);
    tail.truncated = begin > 0;
    return std::vector<Segment>{{&current, &file, begin, size, false}};
  };

  std::vector<Segment> segments;
  std::optional<LogFile> rotated;
  const std::filesystem::path rotated_path = first_rotation(file);
  if (!request.cursor) {
    segments = from_the_end();
  } else if (const std::uint64_t cursor = *request.cursor;
             cursor <= size && current.starts_line(cursor)) {
    std::uint64_t begin = cursor;
    if (size - cursor > max_bytes) {
      // More was written than the caller may read: skip ahead to the newest part (upstream
      // reports that as a reset too).
      begin = size - max_bytes;
      tail.truncated = tail.reset = true;
    }
    segments.push_back({&current, &file, begin, size, false});
  } else {
    tail.reset = true;
    auto previous = open_log(rotated_path);
    if (previous && *previous && cursor <= (*previous)->size() &&
        (*previous)->starts_line(cursor)) {
      rotated.emplace(std::move(**previous));
      // The rest of the rotated file, then all of the new one; when that is more than
      // max_bytes, the newest max_bytes of it.
      const std::uint64_t from_current = std::min(size, max_bytes);
      const std::uint64_t room = max_bytes - from_current;
      const std::uint64_t rest = rotated->size() - cursor;
      tail.truncated = size > max_bytes || rest > room;
      if (room > 0 && rest > 0) {
        segments.push_back({&*rotated, &rotated_path, rotated->size() - std::min(rest, room),
                            rotated->size(), true});
      }
      segments.push_back({&current, &file, size - from_current, size, false});
    } else {
      segments = from_the_end();
    }
  }

  for (const auto& segment : segments) {
    auto next = collect_lines(segment, tail.lines);
    if (!next) return std::unexpected(next.error());
    if (segment.file == &current) tail.cursor = *next;
  }
  if (tail.lines.size() > limit) {
    tail.lines.erase(tail.lines.begin(), tail.lines.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return tail;
}

std::filesystem::path gateway_log_file(const RuntimeSettings& settings) {
  return settings.layout.gateway_log(settings.config.logging.file);
}

}  // namespace openclaw::server
