#include "core/state/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/state/file_descriptor.h"

namespace openclaw::state {
namespace {

FileReadError os_error(int error_number) {
  return FileReadError{error_number, std::strerror(error_number)};
}

}  // namespace

bool FileReadError::not_found() const { return error_number == ENOENT || error_number == ENOTDIR; }

std::expected<std::string, FileReadError> read_file_limited(const std::filesystem::path& path,
                                                            std::uintmax_t max_bytes) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return std::unexpected(os_error(errno));

  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return std::unexpected(os_error(errno));
  if (S_ISDIR(info.st_mode)) return std::unexpected(FileReadError{EISDIR, "is a directory"});
  if (!S_ISREG(info.st_mode)) return std::unexpected(FileReadError{0, "is not a regular file"});
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    return std::unexpected(
        FileReadError{0, "is larger than the limit of " + std::to_string(max_bytes) + " bytes"});
  }

  std::string content;
  content.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[16384];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(os_error(errno));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    // The file may have grown since fstat; the limit still holds.
    if (content.size() > max_bytes) {
      return std::unexpected(
          FileReadError{0, "is larger than the limit of " + std::to_string(max_bytes) + " bytes"});
    }
  }
  return content;
}

Result<std::string> read_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  auto content = read_file_limited(path, max_bytes);
  if (!content) return fail("cannot read " + path.string() + ": " + content.error().reason);
  return std::move(*content);
}

}  // namespace openclaw::state
