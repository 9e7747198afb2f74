#include "cli/status/log_lines.h"

#include <fstream>
#include <vector>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;
// Ordered, so extra fields print in the order the gateway wrote them.
using Record = nlohmann::ordered_json;

std::optional<Record> parse_record(std::string_view raw) {
  Record record = Record::parse(raw, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return std::nullopt;
  return record;
}

template <class Json>
std::string string_field(const Json& record, const char* key) {
  const auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->template get<std::string>() : std::string();
}

bool needs_quotes(const std::string& value) {
  return value.empty() || value.find_first_of(" =\"\t\n") != std::string::npos;
}

std::string field_value(const Record& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return needs_quotes(text) ? value.dump(-1, ' ', false, Record::error_handler_t::replace) : text;
  }
  return value.dump(-1, ' ', false, Record::error_handler_t::replace);
}

bool is_error_level(const std::string& level) { return level == "error" || level == "fatal"; }

bool is_fixed_field(const std::string& key) {
  return key == "time" || key == "level" || key == "subsystem" || key == "msg";
}

}  // namespace

std::string format_log_line(std::string_view raw) {
  const auto record = parse_record(raw);
  if (!record) return std::string(raw);
  std::string line;
  auto append = [&line](const std::string& part) {
    if (part.empty()) return;
    if (!line.empty()) line += ' ';
    line += part;
  };
  append(string_field(*record, "time"));
  append(string_field(*record, "level"));
  const std::string subsystem = string_field(*record, "subsystem");
  append(subsystem.empty() ? subsystem : subsystem + ":");
  append(string_field(*record, "msg"));
  for (const auto& [key, value] : record->items()) {
    if (is_fixed_field(key)) continue;
    append(key + "=" + field_value(value));
  }
  return line;
}

Record log_line_json(std::string_view raw) {
  const auto record = parse_record(raw);
  if (!record) return {{"type", "raw"}, {"raw", std::string(raw)}};
  Record line = {{"type", "log"}};
  for (const char* key : {"time", "level", "subsystem"}) {
    const std::string value = string_field(*record, key);
    if (!value.empty()) line[key] = value;
  }
  line["message"] = string_field(*record, "msg");
  line["raw"] = std::string(raw);
  return line;
}

bool is_error_record(const json& record) { return is_error_level(string_field(record, "level")); }

std::optional<std::string> last_error_line(const std::filesystem::path& path, std::size_t window) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size <= 0) return std::nullopt;
  const std::streamoff start = size > static_cast<std::streamoff>(window) ? size - static_cast<std::streamoff>(window) : 0;
  in.seekg(start);
  std::string tail(static_cast<std::size_t>(size - start), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  tail.resize(static_cast<std::size_t>(in.gcount()));

  std::size_t end = tail.size();
  while (end > 0) {
    const std::size_t newline = tail.rfind('\n', end - 1);
    const std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
    // The first line of a window that starts mid-file is a fragment: skip it.
    if (begin == 0 && start > 0) break;
    const std::string_view line(tail.data() + begin, end - begin);
    if (const auto record = parse_record(line); record && is_error_level(string_field(*record, "level"))) {
      return format_log_line(line);
    }
    if (newline == std::string::npos) break;
    end = newline;
  }
  return std::nullopt;
}

}  // namespace openclaw::cli::status
