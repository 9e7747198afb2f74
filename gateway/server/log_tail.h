// Reading the gateway's JSON-lines log file for `logs.tail` (spec §2.3): the last lines when
// the caller has no cursor, then what was appended after its cursor, surviving the
// rotation done by log::RotatingFileSink (file -> file.1 -> file.2 ...).
//
// The cursor is a byte offset into the current file, as upstream's. Every cursor handed out
// sits at the start of a line: a last line still being written is held back (the cursor
// stops before it) and delivered whole by the next read, where upstream would return it cut
// and lose its rest.
//
// Rotation. A cursor that no longer fits the current file — past its end, or not at a line
// start — means the file was rotated (or truncated) since: the answer says `reset`. When the
// cursor fits `<file>.1` at a line start, that is the file it was reading: the rest of
// `<file>.1` is delivered first, then the new file from its start, and nothing is lost.
// Otherwise the read continues from the start of the current file, as a fresh tail would
// (lines written to the old generations since the last read are lost: after two rotations
// between reads, or a truncation). One case cannot be told apart: after a rotation, a new
// file that has already grown past the cursor and happens to have a line start exactly
// there reads as "not rotated"; the start of the new file and the rest of the old one are
// then skipped. With log lines of a few hundred bytes that is a rare coincidence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "server/runtime_settings.h"

namespace openclaw::server {

inline constexpr std::size_t kLogTailDefaultLimit = 500;
inline constexpr std::size_t kLogTailMaxLimit = 5000;
inline constexpr std::size_t kLogTailDefaultMaxBytes = 250'000;
inline constexpr std::size_t kLogTailMaxMaxBytes = 1'000'000;

struct LogTailRequest {
  std::optional<std::uint64_t> cursor;              // none: start from the end (the last lines)
  std::size_t limit = kLogTailDefaultLimit;         // at most this many lines (the newest)
  std::size_t max_bytes = kLogTailDefaultMaxBytes;  // at most this many bytes read (the newest)
};

struct LogTail {
  std::uint64_t cursor = 0;        // pass back to continue; a line start in the current file
  std::uint64_t size = 0;          // the current file's size
  std::vector<std::string> lines;  // without their newlines, oldest first
  bool truncated = false;          // max_bytes cut older content off (it is skipped, not deferred)
  bool reset = false;              // the cursor did not fit the current file, or was moved forward
};

// Reads `file` (and `file`.1 after a rotation) as described above. Lines beyond `limit` are
// the oldest ones and are skipped, as upstream does. A missing file reads as empty (cursor
// 0, size 0). Fails, naming the path and the system's reason, when the file exists but
// cannot be read or is not a regular file.
Result<LogTail> read_log_tail(const std::filesystem::path& file, const LogTailRequest& request);

// The file the gateway writes its log to, as cli/gateway_logging.cpp opens it:
// logging.file, else <state>/logs/gateway.log.
std::filesystem::path gateway_log_file(const RuntimeSettings& settings);

}  // namespace openclaw::server
