// A small declarative schema language for JSON trees: typed leaves with ranges, enums and
// string checks; objects with known, opaque and catch-all keys; maps with arbitrary keys;
// arrays; alternatives; and custom checks. Validating a value walks the schema and reports
// every problem with its path, the offending value (rendered as JSON, or "<redacted>" for
// secret-bearing nodes and keys) and what was expected:
//
//   gateway.port: 70000 is out of range (expected an integer 1-65535)
//   gateway.foo: unknown key (ignored)                                      (a warning)
//
// The OpenClaw config tree itself is declared in schema.cpp with these builders.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/diagnostic.h"

namespace openclaw::config::schema {

class Node;
using NodePtr = std::shared_ptr<const Node>;

// Reports problems for `value` found at `path` (beyond the node's structural checks).
using Check =
    std::function<void(const nlohmann::json& value, const std::string& path, ValidationReport&)>;

// Returns nullopt when `text` is acceptable, else the problem ("is not a dotted IPv4
// address"), which is printed after the rendered value.
using StringCheck = std::function<std::optional<std::string>(std::string_view text)>;

struct Field {
  std::string name;
  NodePtr node;
  bool required = false;
};

enum class Kind { Any, Boolean, Integer, Number, String, Enum, Object, Map, Array, OneOf, Custom };

class Node {
 public:
  Kind kind = Kind::Any;
  std::string expectation;  // "an integer 1-65535", used in every message about this node
  bool sensitive = false;   // never print values found here

  // Integer / Number bounds.
  std::optional<double> min;
  std::optional<double> max;
  bool exclusive_min = false;

  // String.
  bool non_empty = false;
  StringCheck string_check;

  // Enum.
  std::vector<std::string> values;

  // Object.
  std::vector<Field> fields;
  std::vector<std::string> opaque_keys;  // known upstream keys accepted without checks
  NodePtr catchall;                      // validates values of any other key
  bool allow_unknown = false;            // other keys accepted silently

  // Map (object with arbitrary keys) and Array.
  NodePtr element;
  StringCheck key_check;
  std::string key_expectation;

  // OneOf: the first alternative that accepts the value's JSON type validates it.
  std::vector<NodePtr> alternatives;

  // Custom: replaces the structural checks; `accepts` says which JSON types it handles.
  Check custom;
  std::function<bool(const nlohmann::json&)> accepts;

  // Extra checks run after the structural ones (cross-field rules, for example).
  std::vector<Check> checks;
};

struct ObjectOptions {
  std::vector<std::string> opaque_keys = {};
  NodePtr catchall = nullptr;
  bool allow_unknown = false;
  std::vector<Check> checks = {};
};

NodePtr any();
NodePtr boolean();
NodePtr integer(std::optional<std::int64_t> min = std::nullopt,
                std::optional<std::int64_t> max = std::nullopt);
NodePtr number(std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt,
               bool exclusive_min = false);
NodePtr string();
NodePtr non_empty_string();
// A string that must pass `check`; `expectation` describes a good value.
NodePtr checked_string(StringCheck check, std::string expectation);
NodePtr enumeration(std::vector<std::string> values);
NodePtr object(std::vector<Field> fields, ObjectOptions options = {});
NodePtr map_of(NodePtr value, StringCheck key_check = nullptr, std::string key_expectation = "");
NodePtr array_of(NodePtr item);
NodePtr one_of(std::vector<NodePtr> alternatives, std::string expectation);
NodePtr custom(Check check, std::function<bool(const nlohmann::json&)> accepts,
               std::string expectation);

// A copy of `node` whose values are never printed.
NodePtr secret(NodePtr node);
// A copy of `node` with an extra check.
NodePtr with_check(NodePtr node, Check check);

Field optional_field(std::string name, NodePtr node);
Field required_field(std::string name, NodePtr node);

// Validates `value` at `path` against `node`, appending to `report`.
void validate_value(const Node& node, const nlohmann::json& value, const std::string& path,
                    ValidationReport& report);

// The value as short JSON for a message ("<redacted>" when `redact`); long values are cut.
std::string render_value(const nlohmann::json& value, bool redact);

// True for key names that usually hold secrets (token, password, apiKey, secret, ...).
bool looks_secret_key(std::string_view key);

}  // namespace openclaw::config::schema
