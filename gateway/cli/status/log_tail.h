// One page of the `logs.tail` RPC ({file, cursor, size, lines[], truncated?, reset?}, spec
// §2.3) and how `openclaw logs` prints a sequence of pages: text lines formatted by
// format_log_line, or upstream's typed JSON lines ({"type":"meta"|"log"|"raw"|"notice"}).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace openclaw::cli::status {

struct LogTailPage {
  std::string file;
  std::optional<std::int64_t> cursor;  // where the next poll continues
  std::int64_t size = 0;
  std::vector<std::string> lines;
  bool truncated = false;  // older lines were cut to stay under maxBytes
  bool reset = false;      // the file was rotated or truncated since the last cursor
};

// Reads a logs.tail payload. Fails ("unexpected logs.tail response: ...") when it is not an
// object or `lines` is not an array of strings.
Result<LogTailPage> parse_log_tail(const nlohmann::json& payload);

// The params of the next poll: {limit, maxBytes} and the cursor once there is one.
nlohmann::json log_tail_params(std::optional<std::int64_t> cursor, std::int64_t limit, std::int64_t max_bytes);

// Prints pages in order. Text: "Log file: <path>" before the first page, one formatted line
// per log line, and the truncation / rotation notices on `err`. JSON: a "meta" line first,
// then one "log" or "raw" line per log line and "notice" lines, all on `out`.
class LogTailPrinter {
 public:
  LogTailPrinter(bool json, std::ostream& out, std::ostream& err) : json_(json), out_(out), err_(err) {}

  void print(const LogTailPage& page);

 private:
  void notice(const std::string& message);

  bool json_;
  std::ostream& out_;
  std::ostream& err_;
  bool first_ = true;
};

}  // namespace openclaw::cli::status
