#include "server/http/control_ui_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace openclaw::server {
namespace {

using state::FileDescriptor;

constexpr std::string_view kIndexName = "index.html";

std::shared_ptr<FileDescriptor> adopt(int fd) { return std::make_shared<FileDescriptor>(fd); }

UiFileLookup without_file(UiFileStatus status) {
  UiFileLookup lookup;
  lookup.status = status;
  return lookup;
}

// The outcome of openat for a name that is not there or cannot be a served file. ELOOP is
// O_NOFOLLOW meeting a link; ENOTDIR a file where a directory was expected.
UiFileStatus status_for_errno(int error) {
  return error == ENOENT || error == ENOTDIR || error == ENAMETOOLONG ? UiFileStatus::Missing : UiFileStatus::Refused;
}

// Why `name` in `directory` could not be opened as a directory. With O_DIRECTORY the kernel
// reports a link as ENOTDIR, like a plain file; a link is a refusal, a file is not there.
UiFileStatus directory_failure(int directory, const std::string& name, int error) {
  struct stat info{};
  if (error == ENOTDIR && ::fstatat(directory, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode)) {
    return UiFileStatus::Refused;
  }
  return status_for_errno(error);
}

// Opens `name` in `directory` as a regular file. A directory there is Missing (upstream
// answers the SPA for it); anything else that is not a regular file is Refused.
UiFileLookup open_regular(const std::shared_ptr<FileDescriptor>& directory, const std::string& name) {
  UiFileLookup lookup;
  // O_NONBLOCK: opening a FIFO planted in the root must not hang the thread.
  const int fd = ::openat(directory->get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    lookup.status = status_for_errno(errno);
    return lookup;
  }
  auto owned = adopt(fd);
  struct stat info{};
  if (::fstat(fd, &info) != 0) {
    lookup.status = UiFileStatus::Refused;
    return lookup;
  }
  if (S_ISDIR(info.st_mode)) {
    lookup.status = UiFileStatus::Missing;
    return lookup;
  }
  if (!S_ISREG(info.st_mode)) {
    lookup.status = UiFileStatus::Refused;
    return lookup;
  }
  // Reads are blocking again from here on.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  lookup.status = UiFileStatus::Found;
  lookup.file = UiFile{.fd = std::move(owned),
                       .size = static_cast<std::uint64_t>(info.st_size),
                       .mtime_seconds = static_cast<std::int64_t>(info.st_mtim.tv_sec),
                       .mtime_nanoseconds = static_cast<std::int64_t>(info.st_mtim.tv_nsec)};
  lookup.directory = directory;
  return lookup;
}

}  // namespace

Result<std::shared_ptr<FileDescriptor>> open_ui_root(const std::string& root) {
  const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    return fail("gateway.controlUi.root " + root + ": " +
                (error == ENOTDIR ? std::string("not a directory") : std::string(std::strerror(error))));
  }
  return adopt(fd);
}

UiFileLookup open_ui_file(int root_fd, const UiRelativePath& path) {
  if (path.segments.empty() && !path.directory) return without_file(UiFileStatus::Missing);
  // dup: the walk owns every descriptor it holds, the root's included.
  const int root_copy = ::fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
  if (root_copy < 0) return without_file(UiFileStatus::Refused);
  auto directory = adopt(root_copy);
  const std::size_t directories = path.directory ? path.segments.size() : path.segments.size() - 1;
  for (std::size_t i = 0; i < directories; ++i) {
    const int fd = ::openat(directory->get(), path.segments[i].c_str(),
                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return without_file(directory_failure(directory->get(), path.segments[i], errno));
    directory = adopt(fd);
  }
  const std::string name = path.directory ? std::string(kIndexName) : path.segments.back();
  return open_regular(directory, name);
}

std::optional<UiFile> open_ui_sibling(const UiFileLookup& lookup, std::string_view name) {
  if (lookup.status != UiFileStatus::Found || !lookup.directory) return std::nullopt;
  auto sibling = open_regular(lookup.directory, std::string(name));
  if (sibling.status != UiFileStatus::Found) return std::nullopt;
  return std::move(sibling.file);
}

Result<std::string> read_ui_file(const UiFile& file, std::uint64_t max_bytes) {
  if (file.size > max_bytes) {
    return fail("file of " + std::to_string(file.size) + " bytes is over the limit of " + std::to_string(max_bytes));
  }
  std::string content(static_cast<std::size_t>(file.size), '\0');
  std::size_t offset = 0;
  while (offset < content.size()) {
    const std::size_t piece = std::min(kUiReadPieceBytes, content.size() - offset);
    const ssize_t got = ::pread(file.fd->get(), content.data() + offset, piece, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(std::string("read failed: ") + std::strerror(errno));
    }
    if (got == 0) break;  // the file shrank since fstat: serve what is there
    offset += static_cast<std::size_t>(got);
  }
  content.resize(offset);
  return content;
}

}  // namespace openclaw::server
