#include "core/state/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <random>

#include "core/state/file_descriptor.h"

namespace openclaw::state {
namespace {

std::string system_reason(int error_number) { return std::strerror(error_number); }

Status fsync_directory(const std::filesystem::path& directory) {
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) {
    return fail("cannot open directory " + directory.string() + ": " + system_reason(errno));
  }
  if (::fsync(dir.get()) != 0) {
    return fail("cannot sync directory " + directory.string() + ": " + system_reason(errno));
  }
  return {};
}

std::string temporary_name_for(const std::filesystem::path& path) {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  char suffix[17];
  std::snprintf(suffix, sizeof suffix, "%016llx",
                static_cast<unsigned long long>(generator()));
  return "." + path.filename().string() + ".tmp-" + suffix;
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             const WriteOptions& options) {
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const std::filesystem::path temporary = directory / temporary_name_for(path);

  FileDescriptor file(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, options.mode));
  if (file.get() < 0) {
    return fail("cannot write " + path.string() + ": " + system_reason(errno));
  }
  auto abandon = [&](const std::string& what, int error_number) -> Status {
    ::unlink(temporary.c_str());
    return fail("cannot write " + path.string() + ": " + what + ": " + system_reason(error_number));
  };

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
  return fsync_directory(path.has_parent_path() ? path.parent_path() : ".");
}

}  // namespace openclaw::state
