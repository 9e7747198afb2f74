// Diagnostics for a configuration tree: every problem names the config path it is about
// (`gateway.trustedProxies[2]`, `models.providers.openai.baseUrl`) so an operator can find it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::config {

struct Diagnostic {
  std::string path;     // "" for the root
  std::string message;  // what was wrong and what was expected; never a secret value

  // "path: message", or just the message for the root.
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
  bool operator==(const Diagnostic&) const = default;
};

struct ValidationReport {
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;

  bool ok() const { return errors.empty(); }
  void error(std::string path, std::string message) {
    errors.push_back({std::move(path), std::move(message)});
  }
  void warning(std::string path, std::string message) {
    warnings.push_back({std::move(path), std::move(message)});
  }
};

// Appends an object key to a config path. Keys that are not plain identifiers (for example
// "openai/gpt-4o" under agents.defaults.models) are written as ["key"] so the path stays
// unambiguous.
inline std::string append_key(std::string_view path, std::string_view key) {
  bool plain = !key.empty();
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '$';
    if (!ok) {
      plain = false;
      break;
    }
  }
  std::string out(path);
  if (plain) {
    if (!out.empty()) out += '.';
    out += key;
    return out;
  }
  out += "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"]";
  return out;
}

// Appends an array index to a config path: `list` -> `list[3]`.
inline std::string append_index(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

}  // namespace openclaw::config
