// The gateway's JSON-lines log (core/log/logger.h) as an operator reads it: one record as a
// line of text for `openclaw logs`, as the typed JSON line upstream's `openclaw logs --json`
// prints, and the last error in the file for `openclaw gateway status`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace openclaw::cli::status {

// One record as "time level subsystem: msg key=value ...", e.g.
//   2026-04-13T12:34:56.789Z warn gateway/ws: handshake timed out conn=7f3a remote=10.0.0.5
// Extra fields follow in the record's order; a string value is written bare unless it is
// empty or holds a space, '=' or '"' (then JSON-quoted), other values as compact JSON.
// A line that is not a JSON object is returned unchanged (a foreign or truncated line is
// still worth showing).
std::string format_log_line(std::string_view raw);

// Upstream's `logs --json` line for one raw log line: {"type":"log", time?, level?,
// subsystem?, message, raw} for a JSON record, {"type":"raw", raw} for anything else.
// Ordered, "type" first, as upstream writes it.
nlohmann::ordered_json log_line_json(std::string_view raw);

// True when the record's "level" is "error" or "fatal".
bool is_error_record(const nlohmann::json& record);

// The last error or fatal record among the final `window` bytes of the log at `path`,
// formatted by format_log_line. nullopt when the file is missing or unreadable or holds no
// error in that window (an old error far back in a big file is no longer "the last error").
std::optional<std::string> last_error_line(const std::filesystem::path& path, std::size_t window = 256 * 1024);

}  // namespace openclaw::cli::status
