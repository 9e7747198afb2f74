#include "core/state/atomic_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <optional>
#include <random>
#include <utility>

#include "core/state/file_descriptor.h"
#include "core/state/write_health.h"

namespace openclaw::state {
namespace {

constexpr std::string_view kTemporaryInfix = ".tmp-";
constexpr std::size_t kTemporarySuffixDigits = 16;

std::string system_reason(int error_number) { return std::strerror(error_number); }

// A failure and the errno behind it (kept apart from errno, which the message's string
// building may clobber), for the health report.
struct WriteFailure {
  int error_number;
  Status status;
};

WriteFailure failure(int error_number, std::string message) {
  return {error_number, fail(std::move(message))};
}

std::optional<WriteFailure> fsync_directory(const std::filesystem::path& directory) {
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) {
    const int error_number = errno;
    return failure(error_number, "cannot open directory " + directory.string() + ": " + system_reason(error_number));
  }
  if (::fsync(dir.get()) != 0) {
    const int error_number = errno;
    return failure(error_number, "cannot sync directory " + directory.string() + ": " + system_reason(error_number));
  }
  return std::nullopt;
}

std::string temporary_name_for(const std::filesystem::path& path) {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  char suffix[kTemporarySuffixDigits + 1];
  std::snprintf(suffix, sizeof suffix, "%016llx",
                static_cast<unsigned long long>(generator()));
  return "." + path.filename().string() + std::string(kTemporaryInfix) + suffix;
}

// write_file_atomically without the health report.
std::optional<WriteFailure> write_and_rename(const std::filesystem::path& path, std::string_view content,
                                             const WriteOptions& options) {
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const std::filesystem::path temporary = directory / temporary_name_for(path);

  FileDescriptor file(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, options.mode));
  if (file.get() < 0) {
    const int error_number = errno;
    return failure(error_number, "cannot write " + path.string() + ": " + system_reason(error_number));
  }
  auto abandon = [&](const std::string& what, int error_number) {
    ::unlink(temporary.c_str());
    return failure(error_number,
                   "cannot write " + path.string() + ": " + what + ": " + system_reason(error_number));
  };
  // The lock marks the temporary as in use until this function returns; it lives on a
  // second descriptor so that the checked close below does not release it before the rename.
  FileDescriptor lock(::dup(file.get()));
  if (lock.get() < 0 || ::flock(lock.get(), LOCK_EX) != 0) return abandon("lock", errno);

  // The umask may have narrowed the creation mode; set it exactly.
  if (::fchmod(file.get(), options.mode) != 0) return abandon("chmod", errno);
  if (options.owner && ::fchown(file.get(), options.owner->uid, options.owner->gid) != 0) {
    return abandon("chown", errno);
  }
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(file.get(), content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon("write", errno);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(file.get()) != 0) return abandon("fsync", errno);
  if (file.close_now() != 0) return abandon("close", errno);
  if (::rename(temporary.c_str(), path.c_str()) != 0) return abandon("rename", errno);
  return fsync_directory(directory);
}

}  // namespace

bool is_atomic_write_temporary(std::string_view file_name) {
  // "." + at least one character + ".tmp-" + 16 lower-case hex digits.
  const std::size_t tail = kTemporaryInfix.size() + kTemporarySuffixDigits;
  if (file_name.size() < 2 + tail || file_name.front() != '.') return false;
  if (file_name.substr(file_name.size() - tail, kTemporaryInfix.size()) != kTemporaryInfix) return false;
  for (char c : file_name.substr(file_name.size() - kTemporarySuffixDigits)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             const WriteOptions& options) {
  auto problem = write_and_rename(path, content, options);
  if (!problem) {
    state_write_health().record_success(path);
    return {};
  }
  state_write_health().record_failure(path, problem->error_number, problem->status.error().message);
  return problem->status;
}

Status create_directory_durably(const std::filesystem::path& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0) {
    if (errno == EEXIST) {
      struct stat info {};
      if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) return {};
      return fail("cannot create directory " + path.string() + ": a file is in the way");
    }
    return fail("cannot create directory " + path.string() + ": " + system_reason(errno));
  }
  if (::chmod(path.c_str(), mode) != 0) {
    return fail("cannot set mode of " + path.string() + ": " + system_reason(errno));
  }
  if (auto problem = fsync_directory(path.has_parent_path() ? path.parent_path() : ".")) {
    return problem->status;
  }
  return {};
}

}  // namespace openclaw::state
