#include "core/state/stale_temporaries.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "core/state/atomic_file.h"
#include "core/state/file_descriptor.h"

namespace openclaw::state {
namespace {

struct DirectoryCloser {
  void operator()(DIR* directory) const { ::closedir(directory); }
};

enum class Verdict { Removed, InUse, NotOurs };

// Locks and removes one candidate. The lock proves no writer holds it; the inode check
// proves the name still points at the file that was locked (not a new temporary that took
// the same name after a rename).
Result<Verdict> remove_if_stale(int directory_fd, const std::filesystem::path& path, const char* name) {
  FileDescriptor file(::openat(directory_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0) {
    if (errno == ENOENT || errno == ELOOP) return Verdict::NotOurs;  // gone, or a symlink
    return fail("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  struct stat opened {};
  if (::fstat(file.get(), &opened) != 0 || !S_ISREG(opened.st_mode)) return Verdict::NotOurs;
  if (::flock(file.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return Verdict::InUse;
    return fail("cannot lock " + path.string() + ": " + std::strerror(errno));
  }
  struct stat named {};
  if (::fstatat(directory_fd, name, &named, AT_SYMLINK_NOFOLLOW) != 0 || named.st_ino != opened.st_ino ||
      named.st_dev != opened.st_dev) {
    return Verdict::NotOurs;
  }
  if (::unlinkat(directory_fd, name, 0) != 0) {
    if (errno == ENOENT) return Verdict::NotOurs;
    return fail("cannot remove the stale temporary " + path.string() + ": " + std::strerror(errno));
  }
  return Verdict::Removed;
}

}  // namespace

Result<std::size_t> remove_stale_temporaries(const std::filesystem::path& directory) {
  std::unique_ptr<DIR, DirectoryCloser> listing(::opendir(directory.c_str()));
  if (!listing) {
    if (errno == ENOENT || errno == ENOTDIR) return std::size_t{0};
    return fail("cannot read directory " + directory.string() + ": " + std::strerror(errno));
  }
  const int directory_fd = ::dirfd(listing.get());
  std::size_t removed = 0;
  bool any_removed = false;
  while (const dirent* entry = ::readdir(listing.get())) {
    if (!is_atomic_write_temporary(entry->d_name)) continue;
    auto verdict = remove_if_stale(directory_fd, directory / entry->d_name, entry->d_name);
    if (!verdict) return std::unexpected(verdict.error());
    if (*verdict == Verdict::Removed) {
      ++removed;
      any_removed = true;
    }
  }
  // The removals are directory updates: make them durable like the writes they undo.
  if (any_removed) ::fsync(directory_fd);
  return removed;
}

}  // namespace openclaw::state
