#include "core/config/redaction.h"

#include <algorithm>
#include <set>

#include "core/config/schema.h"
#include "core/config/secret_ref.h"
#include "core/json5/json5.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
using schema::Kind;
using schema::Node;

// Where a value sits: the schema node describing it (nullptr outside the declared schema,
// where key names decide) and whether it is secret material.
struct Position {
  const Node* node = nullptr;
  bool sensitive = false;
};

bool kind_accepts(const Node& node, const json& value) {
  switch (node.kind) {
    case Kind::Object:
    case Kind::Map:
      return value.is_object();
    case Kind::Array:
      return value.is_array();
    case Kind::String:
    case Kind::Enum:
      return value.is_string();
    case Kind::Boolean:
      return value.is_boolean();
    case Kind::Integer:
    case Kind::Number:
      return value.is_number();
    case Kind::Custom:
      return node.accepts ? node.accepts(value) : true;
    case Kind::Any:
    case Kind::OneOf:
      return true;
  }
  return false;
}

// The alternative of a one-of node that describes `value` (or, without a value, the first
// one that has children of the wanted kind).
const Node* settle(const Node* node, const json* value, bool want_index) {
  while (node != nullptr && node->kind == Kind::OneOf) {
    const Node* chosen = nullptr;
    for (const auto& alternative : node->alternatives) {
      const bool fits = value != nullptr ? kind_accepts(*alternative, *value)
                                         : (want_index ? alternative->kind == Kind::Array
                                                       : alternative->kind == Kind::Object ||
                                                             alternative->kind == Kind::Map);
      if (fits) {
        chosen = alternative.get();
        break;
      }
    }
    if (chosen == nullptr) return nullptr;
    node = chosen;
  }
  return node;
}

// The position of child `key` (an index when `is_index`) of a value at `parent`, whose own
// value is `parent_value` (may be null when unknown).
Position child_of(Position parent, const json* parent_value, const std::string& key,
                  bool is_index) {
  const Node* node = settle(parent.node, parent_value, is_index);
  const Node* child = nullptr;
  bool described = false;  // the schema says what this child is (even "anything")
  if (node != nullptr) {
    switch (node->kind) {
      case Kind::Object:
        if (!is_index) {
          for (const auto& field : node->fields) {
            if (field.name == key) {
              child = field.node.get();
              break;
            }
          }
          if (child == nullptr && node->catchall) child = node->catchall.get();
        }
        described = child != nullptr;
        break;
      case Kind::Map:
        if (!is_index) child = node->element.get();
        described = child != nullptr;
        break;
      case Kind::Array:
        if (is_index) child = node->element.get();
        described = child != nullptr;
        break;
      default:
        break;  // scalars, custom checks and "any": no declared structure below
    }
  }
  if (described && child->kind != Kind::Any) {
    return {child, parent.sensitive || child->sensitive};
  }
  // Outside the declared schema the key name decides, and stays decided for what is below.
  const bool guessed = !is_index && schema::looks_secret_key(key);
  return {nullptr, parent.sensitive || guessed || (child != nullptr && child->sensitive)};
}

bool is_valid_secret_ref(const json& value) {
  auto ref = parse_secret_ref(value);
  return ref && *ref;
}

// Walks `value` at `position`; replaces secret strings by the marker, collecting them.
json redact_walk(const json& value, Position position, std::vector<std::string>* found) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!position.sensitive || is_env_placeholder(text)) return value;
    if (found != nullptr) found->push_back(text);
    return std::string(kRedactedMarker);
  }
  if (value.is_object()) {
    if (position.sensitive && is_valid_secret_ref(value)) return value;
    json out = json::object();
    for (const auto& [key, child] : value.items()) {
      out[key] = redact_walk(child, child_of(position, &value, key, false), found);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.push_back(
          redact_walk(value[i], child_of(position, &value, std::to_string(i), true), found));
    }
    return out;
  }
  return value;
}

Position root_position(const Node& root) { return {&root, root.sensitive}; }

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// How a string may be spelled inside JSON5 quotes: as is, and JSON-escaped.
std::vector<std::string> spellings_of(const std::string& secret) {
  std::vector<std::string> spellings = {secret};
  std::string escaped = json(secret).dump(-1, ' ', false, json::error_handler_t::replace);
  escaped = escaped.substr(1, escaped.size() - 2);
  if (escaped != secret) spellings.push_back(escaped);
  return spellings;
}

const json* member(const json* object, const std::string& key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

const json* element(const json* array, std::size_t index) {
  if (array == nullptr || !array->is_array() || index >= array->size()) return nullptr;
  return &(*array)[index];
}

bool holds_real_value(const json* value) {
  return value != nullptr &&
         !(value->is_string() && value->get_ref<const std::string&>() == kRedactedMarker);
}

Result<json> restore_walk(const json& incoming, const json* original, const json* fallback,
                          ConfigPath& path) {
  if (incoming.is_string() && incoming.get_ref<const std::string&>() == kRedactedMarker) {
    if (holds_real_value(original)) return *original;
    if (holds_real_value(fallback)) return *fallback;
    return fail("Sentinel value \"" + std::string(kRedactedMarker) + "\" in key " +
                format_config_path(path) + " is not valid as real data");
  }
  if (incoming.is_object()) {
    json out = json::object();
    for (const auto& [key, child] : incoming.items()) {
      path.push_back({key, false});
      auto restored = restore_walk(child, member(original, key), member(fallback, key), path);
      path.pop_back();
      if (!restored) return restored;
      out[key] = std::move(*restored);
    }
    return out;
  }
  if (incoming.is_array()) {
    json out = json::array();
    for (std::size_t i = 0; i < incoming.size(); ++i) {
      path.push_back({std::to_string(i), true});
      auto restored = restore_walk(incoming[i], element(original, i), element(fallback, i), path);
      path.pop_back();
      if (!restored) return restored;
      out.push_back(std::move(*restored));
    }
    return out;
  }
  return incoming;
}

}  // namespace

bool is_env_placeholder(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() < 3 || !text.starts_with("${") || !text.ends_with('}')) return false;
  return text.substr(2, text.size() - 3).find('}') == std::string_view::npos;
}

bool is_secret_path(const schema::Node& root, const ConfigPath& path, const json& tree) {
  Position position = root_position(root);
  const json* value = tree.is_null() ? nullptr : &tree;
  for (const auto& segment : path) {
    bool as_index = false;
    if (segment.may_be_index) {
      if (value != nullptr) {
        as_index = value->is_array();
      } else {
        const Node* node = settle(position.node, nullptr, true);
        as_index = node != nullptr && node->kind == Kind::Array;
      }
    }
    position = child_of(position, value, segment.key, as_index);
    if (value != nullptr) {
      value = as_index ? element(value, std::stoul(segment.key)) : member(value, segment.key);
    }
  }
  return position.sensitive;
}

bool is_secret_path(const ConfigPath& path, const json& tree) {
  return is_secret_path(config_schema(), path, tree);
}

json redact_config(const schema::Node& root, const json& tree) {
  return redact_walk(tree, root_position(root), nullptr);
}

json redact_config(const json& tree) { return redact_config(config_schema(), tree); }

std::vector<std::string> collect_secret_values(const json& tree) {
  std::vector<std::string> found;
  redact_walk(tree, root_position(config_schema()), &found);
  std::set<std::string> unique(found.begin(), found.end());
  std::vector<std::string> values(unique.begin(), unique.end());
  std::ranges::stable_sort(
      values, [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return values;
}

std::string redact_raw_text(std::string_view raw_text, const json& parsed) {
  const json expected = redact_config(parsed);
  std::string text(raw_text);
  for (const auto& secret : collect_secret_values(parsed)) {
    for (const auto& spelling : spellings_of(secret)) replace_all(text, spelling, kRedactedMarker);
  }
  auto reparsed = json5::parse(text);
  if (reparsed && *reparsed == expected) return text;
  return expected.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<json> restore_redacted(const json& incoming, const json& original, const json& fallback) {
  ConfigPath path;
  return restore_walk(incoming, &original, fallback.is_null() ? nullptr : &fallback, path);
}

}  // namespace openclaw::config
