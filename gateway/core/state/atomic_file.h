// Atomic, durable file replacement: the only way the appliance writes a file in the state
// directory. A reader (or a crash, or a full disk) sees either the old content or the new
// content, never a mix and never a truncated file.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::state {

struct FileOwner {
  uid_t uid;
  gid_t gid;
};

struct WriteOptions {
  // Permission bits of the new file; the state directory's files are 0600.
  mode_t mode = 0600;
  // When set, the new file is chown'ed to this owner before it is renamed into place.
  std::optional<FileOwner> owner;
};

// Replaces `path` with `content`: writes a temporary file in the same directory, fsyncs it,
// renames it over `path`, then fsyncs the directory so the rename itself survives a crash.
// REQUIRES: the parent directory exists.
// On any failure (ENOSPC, EACCES, ...) the temporary file is removed, `path` is untouched,
// and the error names the path and the system's reason. The outcome is reported to
// state_write_health() (a failure with the errno, a success clears the condition).
//
// The temporary is named "." + file name + ".tmp-" + 16 hex digits and holds an exclusive
// flock(2) from its creation until it is renamed or removed, so a process killed mid-write
// leaves an unlocked temporary that remove_stale_temporaries() can tell from a live one.
Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             const WriteOptions& options = {});

// True when `file_name` (no directory) is one of write_file_atomically's temporaries.
bool is_atomic_write_temporary(std::string_view file_name);

// Creates `path` (one level) with `mode` when missing and fsyncs its parent. Succeeds when
// the directory already exists (its mode is left alone: fixing modes is the caller's choice).
Status create_directory_durably(const std::filesystem::path& path, mode_t mode = 0700);

}  // namespace openclaw::state
