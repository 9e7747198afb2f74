#include "core/config/schema_node.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace openclaw::config::schema {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRenderedLength = 60;

std::shared_ptr<Node> make(Kind kind, std::string expectation) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->expectation = std::move(expectation);
  return node;
}

std::string format_number(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  return json(value).dump();
}

std::string integer_expectation(std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
  if (min && max) return "an integer " + std::to_string(*min) + "-" + std::to_string(*max);
  if (min && *min == 0) return "a non-negative integer";
  if (min && *min == 1) return "a positive integer";
  if (min) return "an integer >= " + std::to_string(*min);
  if (max) return "an integer <= " + std::to_string(*max);
  return "an integer";
}

std::string number_expectation(std::optional<double> min, std::optional<double> max,
                               bool exclusive_min) {
  if (min && max) {
    return "a number " + std::string(exclusive_min ? "above " : "") + format_number(*min) + "-" +
           format_number(*max);
  }
  if (min && *min == 0) return exclusive_min ? "a positive number" : "a non-negative number";
  if (min) return std::string("a number ") + (exclusive_min ? "> " : ">= ") + format_number(*min);
  if (max) return "a number <= " + format_number(*max);
  return "a number";
}

bool type_matches(const Node& node, const json& value) {
  switch (node.kind) {
    case Kind::Any:
      return true;
    case Kind::Boolean:
      return value.is_boolean();
    case Kind::Integer:
    case Kind::Number:
      return value.is_number();
    case Kind::String:
    case Kind::Enum:
      return value.is_string();
    case Kind::Object:
    case Kind::Map:
      return value.is_object();
    case Kind::Array:
      return value.is_array();
    case Kind::OneOf:
      return std::ranges::any_of(node.alternatives,
                                 [&](const NodePtr& alt) { return type_matches(*alt, value); });
    case Kind::Custom:
      return node.accepts ? node.accepts(value) : true;
  }
  return false;
}

void fail_value(const Node& node, const json& value, const std::string& path, bool redact,
                const std::string& problem, ValidationReport& report) {
  report.error(
      path, render_value(value, redact) + " " + problem + " (expected " + node.expectation + ")");
}

void validate_number(const Node& node, const json& value, const std::string& path, bool redact,
                     ValidationReport& report) {
  double number = value.get<double>();
  if (!std::isfinite(number)) {
    fail_value(node, value, path, redact, "is not a finite number", report);
    return;
  }
  if (node.kind == Kind::Integer && !value.is_number_integer() && std::trunc(number) != number) {
    fail_value(node, value, path, redact, "is not a whole number", report);
    return;
  }
  bool below = node.min && (node.exclusive_min ? number <= *node.min : number < *node.min);
  bool above = node.max && number > *node.max;
  if (value.is_number_unsigned() && node.max &&
      value.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    above = true;
  }
  if (below || above) fail_value(node, value, path, redact, "is out of range", report);
}

// Children of a sensitive node are sensitive too.
void validate_child(const Node& parent, const NodePtr& child, const json& value,
                    const std::string& path, ValidationReport& report) {
  if (parent.sensitive && !child->sensitive) {
    validate_value(*secret(child), value, path, report);
  } else {
    validate_value(*child, value, path, report);
  }
}

// The last key of a config path, without index brackets or quotes.
std::string_view last_key_of(std::string_view path) {
  if (path.ends_with("\"]")) {
    auto open = path.rfind("[\"");
    if (open != std::string_view::npos) return path.substr(open + 2, path.size() - open - 4);
  }
  auto dot = path.find_last_of(".[");
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

void validate_object(const Node& node, const json& value, const std::string& path,
                     ValidationReport& report) {
  for (const auto& field : node.fields) {
    auto it = value.find(field.name);
    if (it == value.end()) {
      if (field.required) {
        report.error(append_key(path, field.name),
                     "is missing (expected " + field.node->expectation + ")");
      }
      continue;
    }
    validate_child(node, field.node, *it, append_key(path, field.name), report);
  }
  for (const auto& [key, child] : value.items()) {
    bool known = std::ranges::any_of(node.fields, [&](const Field& f) { return f.name == key; });
    if (known) continue;
    if (std::ranges::find(node.opaque_keys, key) != node.opaque_keys.end()) continue;
    if (node.catchall) {
      validate_child(node, node.catchall, child, append_key(path, key), report);
      continue;
    }
    if (node.allow_unknown) continue;
    report.warning(append_key(path, key), "unknown key (ignored)");
  }
}

}  // namespace

NodePtr any() { return make(Kind::Any, "any value"); }

NodePtr boolean() { return make(Kind::Boolean, "true or false"); }

NodePtr integer(std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
  auto node = make(Kind::Integer, integer_expectation(min, max));
  if (min) node->min = static_cast<double>(*min);
  if (max) node->max = static_cast<double>(*max);
  return node;
}

NodePtr number(std::optional<double> min, std::optional<double> max, bool exclusive_min) {
  auto node = make(Kind::Number, number_expectation(min, max, exclusive_min));
  node->min = min;
  node->max = max;
  node->exclusive_min = exclusive_min;
  return node;
}

NodePtr string() { return make(Kind::String, "a string"); }

NodePtr non_empty_string() {
  auto node = make(Kind::String, "a non-empty string");
  node->non_empty = true;
  return node;
}

NodePtr checked_string(StringCheck check, std::string expectation) {
  auto node = make(Kind::String, std::move(expectation));
  node->string_check = std::move(check);
  return node;
}

NodePtr enumeration(std::vector<std::string> values) {
  std::string expectation = "one of ";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) expectation += ", ";
    expectation += json(values[i]).dump();
  }
  auto node = make(Kind::Enum, std::move(expectation));
  node->values = std::move(values);
  return node;
}

NodePtr object(std::vector<Field> fields, ObjectOptions options) {
  auto node = make(Kind::Object, "an object");
  node->fields = std::move(fields);
  node->opaque_keys = std::move(options.opaque_keys);
  node->catchall = std::move(options.catchall);
  node->allow_unknown = options.allow_unknown;
  node->checks = std::move(options.checks);
  return node;
}

NodePtr map_of(NodePtr value, StringCheck key_check, std::string key_expectation) {
  auto node = make(Kind::Map, "an object");
  node->element = std::move(value);
  node->key_check = std::move(key_check);
  node->key_expectation = std::move(key_expectation);
  return node;
}

NodePtr array_of(NodePtr item) {
  auto node = make(Kind::Array, "a list");
  if (item->kind == Kind::String && item->expectation == "a string") {
    node->expectation = "a list of strings";
  }
  node->element = std::move(item);
  return node;
}

NodePtr one_of(std::vector<NodePtr> alternatives, std::string expectation) {
  auto node = make(Kind::OneOf, std::move(expectation));
  node->alternatives = std::move(alternatives);
  return node;
}

NodePtr custom(Check check, std::function<bool(const json&)> accepts, std::string expectation) {
  auto node = make(Kind::Custom, std::move(expectation));
  node->custom = std::move(check);
  node->accepts = std::move(accepts);
  return node;
}

NodePtr secret(NodePtr node) {
  auto copy = std::make_shared<Node>(*node);
  copy->sensitive = true;
  return copy;
}

NodePtr with_check(NodePtr node, Check check) {
  auto copy = std::make_shared<Node>(*node);
  copy->checks.push_back(std::move(check));
  return copy;
}

Field optional_field(std::string name, NodePtr node) {
  return Field{std::move(name), std::move(node), false};
}

Field required_field(std::string name, NodePtr node) {
  return Field{std::move(name), std::move(node), true};
}

bool looks_secret_key(std::string_view key) {
  std::string lowered;
  for (char c : key) lowered += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  // "token" but not "tokens": maxTokens and contextTokens are counts, not credentials.
  for (auto at = lowered.find("token"); at != std::string::npos;
       at = lowered.find("token", at + 1)) {
    if (at + 5 >= lowered.size() || lowered[at + 5] != 's') return true;
  }
  for (std::string_view marker : {"password", "passwd", "secret", "apikey", "api_key", "api-key",
                                  "passphrase", "credential", "privatekey", "private_key"}) {
    if (lowered.find(marker) != std::string::npos) return true;
  }
  return lowered == "key" || lowered == "authorization" || lowered == "cookie";
}

std::string render_value(const json& value, bool redact) {
  if (redact) return "<redacted>";
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxRenderedLength) {
    text.resize(kMaxRenderedLength - 3);
    text += "...";
  }
  return text;
}

void validate_value(const Node& node, const json& value, const std::string& path,
                    ValidationReport& report) {
  // A value is redacted when the node says so or when its key looks like it holds a secret.
  bool redact = node.sensitive || looks_secret_key(last_key_of(path));

  if (!type_matches(node, value)) {
    fail_value(node, value, path, redact, "has the wrong type", report);
    return;
  }
  switch (node.kind) {
    case Kind::Any:
    case Kind::Boolean:
      break;
    case Kind::Integer:
    case Kind::Number:
      validate_number(node, value, path, redact, report);
      break;
    case Kind::String: {
      const auto& text = value.get_ref<const std::string&>();
      if (node.non_empty && text.empty()) {
        fail_value(node, value, path, redact, "is empty", report);
      } else if (node.string_check) {
        if (auto problem = node.string_check(text)) {
          fail_value(node, value, path, redact, *problem, report);
        }
      }
      break;
    }
    case Kind::Enum:
      if (std::ranges::find(node.values, value.get_ref<const std::string&>()) ==
          node.values.end()) {
        fail_value(node, value, path, redact, "is not allowed", report);
      }
      break;
    case Kind::Object:
      validate_object(node, value, path, report);
      break;
    case Kind::Map:
      for (const auto& [key, child] : value.items()) {
        std::string child_path = append_key(path, key);
        if (node.key_check) {
          if (auto problem = node.key_check(key)) {
            report.error(child_path, "key " + json(key).dump() + " " + *problem + " (expected " +
                                         node.key_expectation + ")");
            continue;
          }
        }
        validate_child(node, node.element, child, child_path, report);
      }
      break;
    case Kind::Array:
      for (std::size_t i = 0; i < value.size(); ++i) {
        validate_child(node, node.element, value[i], append_index(path, i), report);
      }
      break;
    case Kind::OneOf:
      for (const auto& alternative : node.alternatives) {
        if (type_matches(*alternative, value)) {
          validate_child(node, alternative, value, path, report);
          break;
        }
      }
      break;
    case Kind::Custom:
      if (node.custom) node.custom(value, path, report);
      break;
  }
  for (const auto& check : node.checks) check(value, path, report);
}

}  // namespace openclaw::config::schema
