// A transcript file (<sessionId>.jsonl) on disk: JSON lines appended durably and read back
// tolerantly. An append either leaves one whole new line on disk (fsynced before it
// returns) or leaves the file as it was; a line torn by a crash mid-write is skipped when
// reading and cut off before the next append. The caller serialises writers of one file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace openclaw::agents {

struct TranscriptContents {
  std::vector<nlohmann::json> entries;  // each line that is a JSON object, in file order
  std::size_t skipped_lines = 0;        // lines that are not (a torn last line, garbage)
};

// Creates `path` (mode 0600) holding `first_line` and a newline, fsyncs it and its
// directory. Fails naming the file when it already exists or cannot be written; a
// failed creation leaves no file behind.
Status create_transcript(const std::filesystem::path& path, std::string_view first_line);

// Appends `line` and a newline with a single write(2) on an O_APPEND descriptor and fsyncs
// before returning the file's new size. REQUIRES: `line` holds no newline; the file exists.
// A failed or short write (disk full, file size limit, I/O error) cuts the file back to its
// previous size, so no torn line stays; the error names the file and the system's reason.
Result<std::uint64_t> append_transcript_line(const std::filesystem::path& path,
                                             std::string_view line);

// Every line of `path`. A missing file reads as no entries. Blank lines are ignored; lines
// that are not a JSON object are counted in skipped_lines, never an error. Fails naming
// the file when it exists but cannot be read.
Result<TranscriptContents> read_transcript(const std::filesystem::path& path);

// Cuts off whatever follows the last newline (a line torn by a crash mid-write), so that
// the next append starts a line of its own; returns the resulting size, or nullopt when
// the file does not exist.
Result<std::optional<std::uint64_t>> cut_torn_tail(const std::filesystem::path& path);

// Renames `path` to `archived` (same directory) and fsyncs the directory. false when `path`
// does not exist.
Result<bool> archive_transcript(const std::filesystem::path& path,
                                const std::filesystem::path& archived);

}  // namespace openclaw::agents
