// Reading a whole (small) text file with an upper bound on its size, reporting failures the
// way an operator needs them: the OS reason ("No such file or directory", "Permission
// denied"), "is a directory", or "is larger than N bytes". Never includes file content.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>

#include "core/util/result.h"

namespace openclaw::state {

struct FileReadError {
  int error_number = 0;  // errno of the failing call; 0 for non-OS failures (size, type)
  std::string reason;    // e.g. "No such file or directory", "is a directory"

  // True when the file (or a directory on its path) does not exist.
  bool not_found() const;
};

// Reads `path` into a string. Fails when the file cannot be opened or read, is not a
// regular file, or is larger than `max_bytes`.
std::expected<std::string, FileReadError> read_file_limited(const std::filesystem::path& path,
                                                            std::uintmax_t max_bytes);

// The same, for callers that only need the message: "cannot read <path>: <reason>".
Result<std::string> read_file(const std::filesystem::path& path,
                              std::uintmax_t max_bytes = 16 * 1024 * 1024);

}  // namespace openclaw::state
