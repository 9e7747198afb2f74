// The small slice of JSON Schema the gateway's closed wire objects use (spec §1.1, §1.3),
// reporting violations the way upstream does. Upstream validates frames with AJV
// (allErrors) over TypeBox schemas and joins the errors with its formatValidationErrors();
// clients show that text, so the wording, the JSON-pointer paths and the order are kept:
//
//   "at /client/id: must be equal to one of the allowed values; at root: unexpected property 'x'"
//
// Order, as AJV produces it for an object: a wrong type stops there; otherwise each missing
// required property (schema order), then each unknown property (document order), then the
// errors inside each present property (schema order). Duplicate lines are dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::protocol {

class ValidationErrors {
 public:
  // Records `message` (an AJV message such as "must be string") at `instance_path`, a JSON
  // pointer ("" for the root).
  void add(std::string_view instance_path, std::string_view message);
  // Records an additionalProperties violation, which upstream words specially.
  void add_unexpected_property(std::string_view instance_path, std::string_view property);

  bool empty() const { return lines_.empty(); }

  // "at <path>: <message>" per error ("<message>" alone at the root, "at root: unexpected
  // property 'x'" for an extra root member), de-duplicated, joined with "; ". Returns
  // "unknown validation error" when nothing was recorded.
  std::string format() const;

 private:
  std::vector<std::string> lines_;
};

// `parent` + "/" + `key`, with '~' and '/' in the key escaped as JSON Pointer requires.
std::string pointer_child(std::string_view parent, std::string_view key);
// `parent` + "/" + `index`.
std::string pointer_index(std::string_view parent, std::size_t index);

// Checks that `value` is an object whose members are all in `known` and that every name in
// `required` is present. Returns false (after reporting "must be object") only when `value`
// is not an object; missing and unknown members are reported but the object is still
// worth descending into, as AJV does.
bool check_closed_object(const nlohmann::json& value, std::string_view path,
                         std::initializer_list<std::string_view> required,
                         std::initializer_list<std::string_view> known, ValidationErrors& errors);

// A string schema ({type:"string", minLength?, maxLength?}); lengths count Unicode code
// points, as AJV does. Returns the string when it satisfies the schema.
std::optional<std::string> check_string(const nlohmann::json& value, std::string_view path,
                                        ValidationErrors& errors, std::size_t min_length = 0,
                                        std::optional<std::size_t> max_length = std::nullopt);

// {type:"integer", minimum}: a JSON number with no fractional part (3.0 counts, as in
// JavaScript), at least `minimum`. Returns the value saturated to the int64 range.
std::optional<std::int64_t> check_integer(const nlohmann::json& value, std::string_view path,
                                          ValidationErrors& errors, std::int64_t minimum);

// {type:"boolean"}.
std::optional<bool> check_boolean(const nlohmann::json& value, std::string_view path,
                                  ValidationErrors& errors);

// {type:"array", items: string schema with `item_min_length`}. Returns the strings when
// every item is valid.
std::optional<std::vector<std::string>> check_string_array(const nlohmann::json& value,
                                                           std::string_view path,
                                                           ValidationErrors& errors,
                                                           std::size_t item_min_length);

// {enum:[...]} over strings: "must be equal to one of the allowed values" for anything else,
// including non-strings (upstream's Type.Enum carries no type keyword).
std::optional<std::string> check_enum(const nlohmann::json& value, std::string_view path,
                                      ValidationErrors& errors,
                                      std::span<const std::string_view> allowed);

// The number of Unicode code points in UTF-8 `text` (continuation bytes not counted).
std::size_t code_point_count(std::string_view text);

}  // namespace openclaw::protocol
