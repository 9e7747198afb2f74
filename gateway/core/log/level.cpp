#include "core/log/level.h"

#include <array>
#include <cstddef>
#include <utility>

namespace openclaw::log {
namespace {

constexpr std::array<std::pair<std::string_view, Level>, 7> kLevels = {{
    {"trace", Level::trace},
    {"debug", Level::debug},
    {"info", Level::info},
    {"warn", Level::warn},
    {"error", Level::error},
    {"fatal", Level::fatal},
    {"silent", Level::silent},
}};

bool equals_ignoring_ascii_case(std::string_view text, std::string_view lowercase) {
  if (text.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lowercase[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  for (const auto& [name, level] : kLevels) {
    if (equals_ignoring_ascii_case(text, name)) return level;
  }
  return std::nullopt;
}

std::string_view level_name(Level level) {
  for (const auto& [name, candidate] : kLevels) {
    if (candidate == level) return name;
  }
  return "info";
}

}  // namespace openclaw::log
