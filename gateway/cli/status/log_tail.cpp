#include "cli/status/log_tail.h"

#include "cli/status/log_lines.h"

namespace openclaw::cli::status {

using nlohmann::json;

Result<LogTailPage> parse_log_tail(const json& payload) {
  if (!payload.is_object()) return fail("unexpected logs.tail response: not an object");
  LogTailPage page;
  const json lines = payload.value("lines", json::array());
  if (!lines.is_array()) return fail("unexpected logs.tail response: lines is not an array");
  for (const auto& line : lines) {
    if (!line.is_string()) return fail("unexpected logs.tail response: a line is not a string");
    page.lines.push_back(line.get<std::string>());
  }
  if (const auto file = payload.find("file"); file != payload.end() && file->is_string()) page.file = *file;
  if (const auto cursor = payload.find("cursor"); cursor != payload.end() && cursor->is_number_integer()) {
    page.cursor = cursor->get<std::int64_t>();
  }
  if (const auto size = payload.find("size"); size != payload.end() && size->is_number_integer()) page.size = *size;
  page.truncated = payload.value("truncated", false);
  page.reset = payload.value("reset", false);
  return page;
}

json log_tail_params(std::optional<std::int64_t> cursor, std::int64_t limit, std::int64_t max_bytes) {
  json params = {{"limit", limit}, {"maxBytes", max_bytes}};
  if (cursor) params["cursor"] = *cursor;
  return params;
}

void LogTailPrinter::notice(const std::string& message) {
  if (json_) {
    out_ << nlohmann::ordered_json{{"type", "notice"}, {"message", message}}.dump() << "\n";
  } else {
    err_ << message << "\n";
  }
}

void LogTailPrinter::print(const LogTailPage& page) {
  if (first_) {
    first_ = false;
    if (json_) {
      nlohmann::ordered_json meta = {{"type", "meta"}, {"file", page.file}};
      meta["cursor"] = page.cursor ? nlohmann::ordered_json(*page.cursor) : nlohmann::ordered_json(nullptr);
      meta["size"] = page.size;
      out_ << meta.dump() << "\n";
    } else if (!page.file.empty()) {
      out_ << "Log file: " << page.file << "\n";
    }
  }
  // Rotation is announced before the lines of the new file, so a reader sees where the
  // old file ended.
  if (page.reset) notice("Log cursor reset (file rotated).");
  for (const auto& line : page.lines) {
    if (json_) {
      out_ << log_line_json(line).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      out_ << format_log_line(line) << "\n";
    }
  }
  if (page.truncated) notice("Log tail truncated (increase --max-bytes).");
  out_.flush();
}

}  // namespace openclaw::cli::status
