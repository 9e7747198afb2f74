#include "agents/transcript_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "core/state/file_descriptor.h"
#include "core/state/file_reader.h"
#include "core/state/layout.h"
#include "core/state/write_health.h"

namespace openclaw::agents {
namespace {

namespace fs = std::filesystem;
using state::FileDescriptor;

// Transcripts are read whole for history; one this large is not a chat this gateway wrote.
constexpr std::uintmax_t kMaxTranscriptBytes = 512ull * 1024 * 1024;

std::string reason(int error_number) { return std::strerror(error_number); }

Status sync_directory_of(const fs::path& path) {
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
    return fail("cannot sync directory " + directory.string() + ": " + reason(errno));
  }
  return {};
}

// Writes all of `data` at the descriptor's position (one write(2) unless interrupted before
// anything was written); returns the bytes written, or -1 with errno set.
ssize_t write_once(int fd, std::string_view data) {
  for (;;) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

// Why a write stopped short: a second write of the rest reports the condition (ENOSPC,
// EFBIG, EIO) that the short count alone does not. Returns the errno (0 when the second
// write went through) and its text.
std::pair<int, std::string> short_write_reason(int fd, std::string_view rest) {
  if (write_once(fd, rest) < 0) return {errno, reason(errno)};
  return {0, "short write"};
}

// Reports a transcript write's outcome to the state directory's health (readiness, metrics).
Status reported(const fs::path& path, int error_number, Status status) {
  if (status) {
    state::state_write_health().record_success(path);
  } else {
    state::state_write_health().record_failure(path, error_number, status.error().message);
  }
  return status;
}

}  // namespace

Status create_transcript(const fs::path& path, std::string_view first_line) {
  FileDescriptor file(
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, state::kFileMode));
  if (file.get() < 0) {
    const int error_number = errno;
    return reported(path, error_number, fail("cannot create " + path.string() + ": " + reason(error_number)));
  }
  auto abandon = [&](int error_number, std::string why = {}) -> Status {
    if (why.empty()) why = reason(error_number);
    ::unlink(path.c_str());
    return reported(path, error_number, fail("cannot write " + path.string() + ": " + why));
  };
  // The umask may have narrowed the creation mode; set it exactly.
  if (::fchmod(file.get(), state::kFileMode) != 0) return abandon(errno);
  std::string text(first_line);
  text.push_back('\n');
  const ssize_t written = write_once(file.get(), text);
  if (written < 0) return abandon(errno);
  if (static_cast<std::size_t>(written) != text.size()) {
    auto [error_number, why] = short_write_reason(
        file.get(), std::string_view(text).substr(static_cast<std::size_t>(written)));
    return abandon(error_number, why);
  }
  if (::fsync(file.get()) != 0) return abandon(errno);
  if (file.close_now() != 0) return abandon(errno);
  return reported(path, 0, sync_directory_of(path));
}

Result<std::uint64_t> append_transcript_line(const fs::path& path, std::string_view line) {
  FileDescriptor file(::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW));
  if (file.get() < 0) {
    const int error_number = errno;
    return std::unexpected(
        reported(path, error_number, fail("cannot append to " + path.string() + ": " + reason(error_number)))
            .error());
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0)
    return fail("cannot append to " + path.string() + ": " + reason(errno));
  const off_t previous_size = info.st_size;

  std::string text(line);
  text.push_back('\n');
  // Anything short of the whole line, or a line that might not be on disk, is taken back:
  // the caller was told it failed, so a later reader must not find it (or half of it).
  auto take_back = [&](int error_number, std::string why = {}) -> Result<std::uint64_t> {
    if (why.empty()) why = reason(error_number);
    std::string message = "cannot append to " + path.string() + ": " + why;
    if (::ftruncate(file.get(), previous_size) != 0 || ::fsync(file.get()) != 0) {
      message +=
          " (and cutting the partial line failed: " + reason(errno) + "; it is skipped when read)";
    }
    return std::unexpected(reported(path, error_number, fail(message)).error());
  };
  const ssize_t written = write_once(file.get(), text);
  if (written < 0) return take_back(errno);
  if (static_cast<std::size_t>(written) != text.size()) {
    auto [error_number, why] = short_write_reason(
        file.get(), std::string_view(text).substr(static_cast<std::size_t>(written)));
    return take_back(error_number, why);
  }
  if (::fsync(file.get()) != 0) return take_back(errno);
  if (file.close_now() != 0) {
    const int error_number = errno;
    return std::unexpected(
        reported(path, error_number, fail("cannot append to " + path.string() + ": " + reason(error_number)))
            .error());
  }
  reported(path, 0, {});
  return static_cast<std::uint64_t>(previous_size) + text.size();
}

Result<TranscriptContents> read_transcript(const fs::path& path) {
  TranscriptContents contents;
  auto text = state::read_file_limited(path, kMaxTranscriptBytes);
  if (!text) {
    if (text.error().not_found()) return contents;
    return fail("cannot read " + path.string() + ": " + text.error().reason);
  }
  std::string_view rest(*text);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (entry.is_discarded() || !entry.is_object()) {
      ++contents.skipped_lines;
      continue;
    }
    contents.entries.push_back(std::move(entry));
  }
  return contents;
}

Result<std::optional<std::uint64_t>> cut_torn_tail(const fs::path& path) {
  FileDescriptor file(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
  if (file.get() < 0) {
    if (errno == ENOENT) return std::optional<std::uint64_t>{};
    return fail("cannot open " + path.string() + ": " + reason(errno));
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0)
    return fail("cannot read " + path.string() + ": " + reason(errno));

  // Scan back from the end in blocks for the last newline.
  off_t keep = 0;
  char block[4096];
  for (off_t end = info.st_size; end > 0 && keep == 0;) {
    const off_t start =
        end > static_cast<off_t>(sizeof block) ? end - static_cast<off_t>(sizeof block) : 0;
    const ssize_t n = ::pread(file.get(), block, static_cast<std::size_t>(end - start), start);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot read " + path.string() + ": " + reason(errno));
    }
    for (ssize_t i = n; i-- > 0;) {
      if (block[i] == '\n') {
        keep = start + i + 1;
        break;
      }
    }
    end = start;
  }
  if (keep == info.st_size) return std::optional<std::uint64_t>(static_cast<std::uint64_t>(keep));
  if (::ftruncate(file.get(), keep) != 0 || ::fsync(file.get()) != 0) {
    return fail("cannot cut the torn last line of " + path.string() + ": " + reason(errno));
  }
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(keep));
}

Result<bool> archive_transcript(const fs::path& path, const fs::path& archived) {
  if (::rename(path.c_str(), archived.c_str()) != 0) {
    if (errno == ENOENT) return false;
    return fail("cannot rename " + path.string() + " to " + archived.filename().string() + ": " +
                reason(errno));
  }
  if (auto synced = sync_directory_of(path); !synced) return std::unexpected(synced.error());
  return true;
}

}  // namespace openclaw::agents
