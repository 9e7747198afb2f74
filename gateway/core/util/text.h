// Small text helpers shared by every module.
#pragma once

#include <string>
#include <string_view>

namespace openclaw {

// `text` without leading and trailing `characters` (by default ASCII spaces, tabs and line
// breaks). Returns a view into `text`.
inline std::string_view trim(std::string_view text, std::string_view characters = " \t\r\n") {
  const auto first = text.find_first_not_of(characters);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(characters) - first + 1);
}

// `text` with ASCII A-Z lowercased and every other byte kept, whatever the C locale: header
// names, origins, hostnames and keywords are ASCII, and UTF-8 must pass through untouched.
inline std::string ascii_lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace openclaw
