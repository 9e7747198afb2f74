// The identity of a file on disk at one moment (device, inode, size, mtime, ctime), so a
// store that caches a parsed file can tell whether someone replaced or edited it since.
#pragma once

#include <sys/stat.h>

#include <filesystem>

namespace openclaw::state {

struct FileStamp {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  struct timespec modified {};
  struct timespec changed {};
  bool operator==(const FileStamp& other) const;
};

// The stamp of `path` now. A file that cannot be examined for another reason than "not
// there" (EACCES, ...) counts as present, so the caller's next load reports the problem
// instead of treating the file as gone.
FileStamp file_stamp(const std::filesystem::path& path);

}  // namespace openclaw::state
