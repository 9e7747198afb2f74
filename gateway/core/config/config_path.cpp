#include "core/config/config_path.h"

#include <charconv>
#include <optional>

#include "core/config/diagnostic.h"

namespace openclaw::config {
namespace {

using nlohmann::json;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::size_t> as_index(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::unexpected<Error> invalid(std::string_view why, std::string_view text) {
  return fail("Invalid path (" + std::string(why) + "): " + std::string(text));
}

// Reads a quoted key starting at text[pos] (the quote); on success `pos` is past the closing
// quote. Backslash escapes the next character; \n, \t and \uXXXX are not interpreted (keys
// with control characters have no business in a config path).
Result<std::string> read_quoted(std::string_view text, std::size_t& pos) {
  const char quote = text[pos++];
  std::string key;
  while (pos < text.size()) {
    char c = text[pos++];
    if (c == '\\') {
      if (pos >= text.size()) break;
      key += text[pos++];
      continue;
    }
    if (c == quote) return key;
    key += c;
  }
  return invalid("unterminated quoted key", text);
}

std::string json_kind(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

ConfigPath prefix_of(const ConfigPath& path, std::size_t length) {
  return ConfigPath(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(length));
}

std::string describe_prefix(const ConfigPath& path, std::size_t length) {
  if (length == 0) return "the config root";
  return format_config_path(prefix_of(path, length));
}

}  // namespace

Result<ConfigPath> parse_config_path(std::string_view input) {
  const std::string_view text = trim(input);
  if (text.empty()) return fail("Path is empty.");

  ConfigPath path;
  std::string current;
  bool escaped_any = false;    // an escaped segment is a key even when it is all digits
  bool expect_segment = true;  // at the start and after "."
  auto push_current = [&]() -> Status {
    std::string_view key = trim(current);
    if (key.empty()) return invalid("empty segment", text);
    path.push_back(
        {std::string(key), !escaped_any && all_digits(key) && as_index(key).has_value()});
    current.clear();
    escaped_any = false;
    return {};
  };

  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '\\') {
      if (pos + 1 >= text.size()) return invalid("trailing backslash", text);
      current += text[pos + 1];
      escaped_any = true;
      expect_segment = false;
      pos += 2;
      continue;
    }
    if (c == '.') {
      if (expect_segment && trim(current).empty()) return invalid("empty segment", text);
      if (!trim(current).empty()) {
        if (auto pushed = push_current(); !pushed) return std::unexpected(pushed.error());
      }
      expect_segment = true;
      ++pos;
      continue;
    }
    if (c == '[') {
      if (!trim(current).empty()) {
        if (auto pushed = push_current(); !pushed) return std::unexpected(pushed.error());
      }
      current.clear();
      ++pos;
      while (pos < text.size() && is_space(text[pos])) ++pos;
      if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        auto key = read_quoted(text, pos);
        if (!key) return std::unexpected(key.error());
        while (pos < text.size() && is_space(text[pos])) ++pos;
        if (pos >= text.size() || text[pos] != ']') return invalid("missing \"]\"", text);
        if (key->empty()) return invalid("empty quoted key", text);
        path.push_back({std::move(*key), false});
      } else {
        const auto close = text.find(']', pos);
        if (close == std::string_view::npos) return invalid("missing \"]\"", text);
        const std::string_view inside = trim(text.substr(pos, close - pos));
        if (inside.empty()) return invalid("empty \"[]\"", text);
        path.push_back({std::string(inside), as_index(inside).has_value()});
        pos = close;
      }
      ++pos;  // past "]"
      if (pos < text.size() && text[pos] != '.' && text[pos] != '[') {
        return invalid("expected \".\" or \"[\" after \"]\"", text);
      }
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (pos >= text.size()) return invalid("ends with \".\"", text);
        expect_segment = true;
      } else {
        expect_segment = false;
      }
      continue;
    }
    current += c;
    expect_segment = false;
    ++pos;
  }
  if (!trim(current).empty()) {
    if (auto pushed = push_current(); !pushed) return std::unexpected(pushed.error());
  } else if (!current.empty() || text.back() == '.') {
    return invalid(text.back() == '.' ? "ends with \".\"" : "empty segment", text);
  }
  return path;
}

std::string format_config_path(const ConfigPath& path) {
  std::string out;
  for (const auto& segment : path) {
    if (segment.may_be_index) {
      out = append_index(out, *as_index(segment.key));
    } else if (all_digits(segment.key)) {
      // A quoted numeric key; written bare it would read back as an index.
      out += "[\"" + segment.key + "\"]";
    } else {
      out = append_key(out, segment.key);
    }
  }
  return out;
}

namespace {

// find_at_path for const and mutable trees.
template <class Json>
Json* find_node(Json& root, const ConfigPath& path) {
  Json* node = &root;
  for (const auto& segment : path) {
    if (node->is_object()) {
      auto it = node->find(segment.key);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      if (!segment.may_be_index) return nullptr;
      const std::size_t index = *as_index(segment.key);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace

const json* find_at_path(const json& root, const ConfigPath& path) { return find_node(root, path); }

Status set_at_path(json& root, const ConfigPath& path, json value) {
  if (path.empty()) return fail("Path is empty.");
  const std::string full = format_config_path(path);
  json copy = root.is_null() ? json::object() : root;
  json* node = &copy;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const PathSegment& segment = path[i];
    const bool last = i + 1 == path.size();
    json fresh =
        last ? std::move(value) : (path[i + 1].may_be_index ? json::array() : json::object());
    json* child = nullptr;
    if (node->is_object()) {
      auto it = node->find(segment.key);
      if (last || it == node->end() || it->is_null()) {
        (*node)[segment.key] = std::move(fresh);
      }
      child = &(*node)[segment.key];
    } else if (node->is_array()) {
      if (!segment.may_be_index) {
        const std::string list = describe_prefix(path, i);
        return fail("Cannot set " + full + ": " + list +
                    " is a list; address its entries by index, e.g. " + list + "[0]");
      }
      const std::size_t index = *as_index(segment.key);
      if (index > node->size()) {
        return fail("Cannot set " + full + ": " + describe_prefix(path, i) + " has " +
                    std::to_string(node->size()) + " entries; use an index from 0 to " +
                    std::to_string(node->size()) + " (the last appends)");
      }
      if (index == node->size()) {
        node->push_back(std::move(fresh));
      } else if (last || (*node)[index].is_null()) {
        (*node)[index] = std::move(fresh);
      }
      child = &(*node)[index];
    }
    if (!last && !child->is_object() && !child->is_array()) {
      return fail("Cannot set " + full + ": " + describe_prefix(path, i + 1) +
                  " is not an object (it is " + json_kind(*child) + ")");
    }
    node = child;
  }
  root = std::move(copy);
  return {};
}

bool unset_at_path(json& root, const ConfigPath& path) {
  if (path.empty()) return false;
  json* parent = find_node(root, prefix_of(path, path.size() - 1));
  if (parent == nullptr) return false;
  const PathSegment& last = path.back();
  if (parent->is_object()) return parent->erase(last.key) > 0;
  if (parent->is_array() && last.may_be_index) {
    const std::size_t index = *as_index(last.key);
    if (index >= parent->size()) return false;
    parent->erase(index);
    return true;
  }
  return false;
}

}  // namespace openclaw::config
