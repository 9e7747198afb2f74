// Small text helpers shared by every module.
#pragma once

#include <optional>
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

// `text` with each %XX escape replaced by its byte, decoded once (a `%25` stays a literal
// `%` afterwards); nullopt for a `%` without two hex digits after it. The bytes are not
// checked further: callers decide what a decoded NUL, slash or non-UTF-8 byte means.
inline std::optional<std::string> percent_decode(std::string_view text) {
  const auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex(text[i + 1]);
    const int low = hex(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

}  // namespace openclaw
