#include "server/http/control_ui_headers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/util/text.h"

namespace openclaw::server {
namespace {

struct TypeEntry {
  std::string_view extension;
  std::string_view content_type;
  bool compressible;
};

// Upstream's table, plus mjs (what the brief's bundles may use) with the same type as js.
constexpr std::array<TypeEntry, 18> kTypes{{
    {"html", "text/html; charset=utf-8", true},
    {"js", "application/javascript; charset=utf-8", true},
    {"mjs", "application/javascript; charset=utf-8", true},
    {"css", "text/css; charset=utf-8", true},
    {"json", "application/json; charset=utf-8", true},
    {"map", "application/json; charset=utf-8", true},
    {"svg", "image/svg+xml", true},
    {"png", "image/png", false},
    {"jpg", "image/jpeg", false},
    {"jpeg", "image/jpeg", false},
    {"gif", "image/gif", false},
    {"webp", "image/webp", false},
    {"ico", "image/x-icon", false},
    {"txt", "text/plain; charset=utf-8", true},
    {"wasm", "application/wasm", true},
    {"webmanifest", "application/manifest+json; charset=utf-8", true},
    {"woff2", "font/woff2", false},
    {"woff", "font/woff", false},
}};

const TypeEntry* find_type(std::string_view extension) {
  const auto it = std::ranges::find(kTypes, extension, &TypeEntry::extension);
  return it == kTypes.end() ? nullptr : &*it;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The q-value of one list entry's parameters ("q=0.5"); 1 when absent, 0 when malformed.
double quality_of(std::string_view params) {
  double quality = 1.0;
  std::size_t start = 0;
  while (start < params.size()) {
    const std::size_t end = std::min(params.find(';', start), params.size());
    const auto param = trim(params.substr(start, end - start));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const auto value = param.substr(2);
      double parsed = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      quality = ec == std::errc() && ptr == value.data() + value.size() && parsed >= 0 && parsed <= 1 ? parsed : 0;
    }
    start = end + 1;
  }
  return quality;
}

// Each entry of a comma-separated header as (lowercase name, q-value).
std::vector<std::pair<std::string, double>> weighted_entries(std::string_view header) {
  std::vector<std::pair<std::string, double>> entries;
  std::size_t start = 0;
  while (start < header.size()) {
    const std::size_t end = std::min(header.find(',', start), header.size());
    const auto entry = header.substr(start, end - start);
    const auto semicolon = entry.find(';');
    const auto name = trim(entry.substr(0, semicolon));
    if (!name.empty()) {
      entries.emplace_back(ascii_lowercase(name),
                           semicolon == std::string_view::npos ? 1.0 : quality_of(entry.substr(semicolon + 1)));
    }
    start = end + 1;
  }
  return entries;
}

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

}  // namespace

std::string_view ui_content_type(std::string_view extension) {
  const auto* entry = find_type(extension);
  return entry ? entry->content_type : "application/octet-stream";
}

bool is_ui_static_asset_extension(std::string_view extension) {
  return extension != "html" && find_type(extension) != nullptr;
}

bool is_ui_compressible_extension(std::string_view extension) {
  const auto* entry = find_type(extension);
  return entry && entry->compressible;
}

std::vector<std::string> ui_accepted_encodings(std::string_view accept_encoding) {
  if (trim(accept_encoding).empty()) return {"identity"};
  std::optional<double> wildcard;
  std::optional<double> br, gzip, identity;
  for (const auto& [name, quality] : weighted_entries(accept_encoding)) {
    auto keep = [&](std::optional<double>& slot) { slot = std::max(slot.value_or(0.0), quality); };
    if (name == "br") keep(br);
    if (name == "gzip" || name == "x-gzip") keep(gzip);
    if (name == "identity") keep(identity);
    if (name == "*") keep(wildcard);
  }
  const double identity_q = identity.value_or(wildcard && *wildcard == 0 ? 0.0 : 1.0);
  std::vector<std::pair<std::string, double>> ranked = {
      {"br", br.value_or(wildcard.value_or(0.0))},
      {"gzip", gzip.value_or(wildcard.value_or(0.0))},
      {"identity", identity_q},
  };
  std::ranges::stable_sort(ranked, [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (auto& [name, quality] : ranked) {
    if (quality > 0) out.push_back(std::move(name));
  }
  return out;
}

std::string ui_entity_tag(std::uint64_t size, std::int64_t mtime_seconds, std::int64_t mtime_nanoseconds,
                          std::string_view encoding) {
  auto hex = [](std::uint64_t value) {
    char buffer[17];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value, 16);
    return std::string(buffer, end);
  };
  std::string tag = "\"" + hex(size) + "-" + hex(static_cast<std::uint64_t>(mtime_seconds)) + "." +
                    hex(static_cast<std::uint64_t>(mtime_nanoseconds));
  if (encoding != "identity") tag += "-" + std::string(encoding);
  return tag + "\"";
}

bool ui_if_none_match(std::string_view if_none_match, std::string_view etag) {
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    const std::size_t end = std::min(if_none_match.find(',', start), if_none_match.size());
    auto candidate = trim(if_none_match.substr(start, end - start));
    if (candidate == "*") return true;
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == etag) return true;
    start = end + 1;
  }
  return false;
}

std::string http_date(std::int64_t unix_seconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d GMT", kWeekdays[parts.tm_wday].data(),
                parts.tm_mday, kMonths[parts.tm_mon].data(), parts.tm_year + 1900, parts.tm_hour, parts.tm_min,
                parts.tm_sec);
  return buffer;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 characters.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  auto number = [&](std::size_t at, std::size_t width) -> std::optional<int> {
    int value = 0;
    const auto part = text.substr(at, width);
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
    return value;
  };
  const auto month = std::ranges::find(kMonths, text.substr(8, 3));
  const auto day = number(5, 2), year = number(12, 4), hour = number(17, 2), minute = number(20, 2),
             second = number(23, 2);
  if (month == kMonths.end() || !day || !year || !hour || !minute || !second || text[16] != ' ' || text[19] != ':' ||
      text[22] != ':') {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = *year - 1900;
  parts.tm_mon = static_cast<int>(month - kMonths.begin());
  parts.tm_mday = *day;
  parts.tm_hour = *hour;
  parts.tm_min = *minute;
  parts.tm_sec = *second;
  return static_cast<std::int64_t>(::timegm(&parts));
}

bool ui_accepts_html(std::string_view accept) {
  if (trim(accept).empty()) return true;
  for (const auto& [name, quality] : weighted_entries(accept)) {
    if (quality <= 0) continue;
    if (name == "*/*" || name == "text/*" || name == "text/html" || name == "application/xhtml+xml") return true;
  }
  return false;
}

}  // namespace openclaw::server
