// Opening a Control UI file below the UI root without ever leaving it: each directory is
// opened relative to the one before (openat) with O_NOFOLLOW, so a symbolic link anywhere
// below the root — to a file or a directory, inside or outside — is refused rather than
// followed, and no ".." ever reaches the kernel (control_ui_path.h refuses it first). The
// root itself may be a link (an operator's choice, resolved once when it is opened).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/state/file_descriptor.h"
#include "core/util/result.h"
#include "server/http/control_ui_path.h"

namespace openclaw::server {

// A regular file opened for reading.
struct UiFile {
  std::shared_ptr<state::FileDescriptor> fd;
  std::uint64_t size = 0;
  std::int64_t mtime_seconds = 0;
  std::int64_t mtime_nanoseconds = 0;
};

enum class UiFileStatus {
  Found,
  Missing,  // no such file (or a directory): the SPA may answer with index.html
  Refused,  // a link, a device, a FIFO, unreadable: answered 404 and counted
};

struct UiFileLookup {
  UiFileStatus status = UiFileStatus::Missing;
  std::optional<UiFile> file;  // set when Found
  // The directory holding the file (for its precompressed siblings); set when Found.
  std::shared_ptr<state::FileDescriptor> directory;
};

// Opens the root directory `root` (an absolute path; links in it are followed). Fails when
// it is missing, not a directory or unreadable, naming the path and the reason.
Result<std::shared_ptr<state::FileDescriptor>> open_ui_root(const std::string& root);

// The file `path` names below the root `root_fd`: its segments walked one openat at a
// time with O_NOFOLLOW. A directory path (or the mount) names its index.html.
UiFileLookup open_ui_file(int root_fd, const UiRelativePath& path);

// The file `name` (a plain name, e.g. "app.js.br") in the directory of a Found lookup,
// opened the same way; nullopt when it is missing or not a regular file.
std::optional<UiFile> open_ui_sibling(const UiFileLookup& lookup, std::string_view name);

// The whole content of `file`, read in pieces of at most kUiReadPieceBytes. Fails when it
// is larger than `max_bytes` or a read fails (the message names no path).
inline constexpr std::size_t kUiReadPieceBytes = 256 * 1024;
Result<std::string> read_ui_file(const UiFile& file, std::uint64_t max_bytes);

}  // namespace openclaw::server
