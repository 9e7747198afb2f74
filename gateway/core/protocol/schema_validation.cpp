#include "core/protocol/schema_validation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace openclaw::protocol {
namespace {

std::int64_t saturate_to_int64(double value) {
  // 2^63 is exactly representable; anything at or beyond it saturates.
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (value >= kTwoTo63) return std::numeric_limits<std::int64_t>::max();
  if (value < -kTwoTo63) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

}  // namespace

void ValidationErrors::add(std::string_view instance_path, std::string_view message) {
  std::string line;
  if (!instance_path.empty()) {
    line = "at " + std::string(instance_path) + ": ";
  }
  line += message;
  lines_.push_back(std::move(line));
}

void ValidationErrors::add_unexpected_property(std::string_view instance_path,
                                               std::string_view property) {
  const std::string where =
      instance_path.empty() ? std::string("at root") : "at " + std::string(instance_path);
  lines_.push_back(where + ": unexpected property '" + std::string(property) + "'");
}

std::string ValidationErrors::format() const {
  if (lines_.empty()) return "unknown validation error";
  std::vector<std::string_view> unique;
  for (const auto& line : lines_) {
    if (std::find(unique.begin(), unique.end(), line) == unique.end()) unique.push_back(line);
  }
  std::string out;
  for (const auto& line : unique) {
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out;
}

std::string pointer_child(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_index(std::string_view parent, std::size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

bool check_closed_object(const nlohmann::json& value, std::string_view path,
                         std::initializer_list<std::string_view> required,
                         std::initializer_list<std::string_view> known, ValidationErrors& errors) {
  if (!value.is_object()) {
    errors.add(path, "must be object");
    return false;
  }
  for (const auto name : required) {
    if (!value.contains(name)) {
      errors.add(path, "must have required property '" + std::string(name) + "'");
    }
  }
  for (const auto& [name, member] : value.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.add_unexpected_property(path, name);
    }
  }
  return true;
}

std::optional<std::string> check_string(const nlohmann::json& value, std::string_view path,
                                        ValidationErrors& errors, std::size_t min_length,
                                        std::optional<std::size_t> max_length) {
  if (!value.is_string()) {
    errors.add(path, "must be string");
    return std::nullopt;
  }
  const auto& text = value.get_ref<const std::string&>();
  const std::size_t length = code_point_count(text);
  // AJV runs maxLength before minLength; only one can fail for sane schemas.
  if (max_length && length > *max_length) {
    errors.add(path, "must NOT have more than " + std::to_string(*max_length) + " characters");
    return std::nullopt;
  }
  if (length < min_length) {
    errors.add(path, "must NOT have fewer than " + std::to_string(min_length) + " characters");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> check_integer(const nlohmann::json& value, std::string_view path,
                                          ValidationErrors& errors, std::int64_t minimum) {
  if (!value.is_number()) {
    errors.add(path, "must be integer");
    return std::nullopt;
  }
  const std::string below_minimum = "must be >= " + std::to_string(minimum);
  if (value.is_number_float()) {
    const double number = value.get<double>();
    bool valid = true;
    if (std::trunc(number) != number) {
      errors.add(path, "must be integer");
      valid = false;
    }
    // AJV applies `minimum` to any number, so a fractional one can fail both ways.
    if (number < static_cast<double>(minimum)) {
      errors.add(path, below_minimum);
      valid = false;
    }
    if (!valid) return std::nullopt;
    return saturate_to_int64(number);
  }
  std::int64_t number = 0;
  if (value.is_number_unsigned()) {
    const auto unsigned_number = value.get<std::uint64_t>();
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    number = unsigned_number > kMax ? std::numeric_limits<std::int64_t>::max()
                                    : static_cast<std::int64_t>(unsigned_number);
  } else {
    number = value.get<std::int64_t>();
  }
  if (number < minimum) {
    errors.add(path, below_minimum);
    return std::nullopt;
  }
  return number;
}

std::optional<bool> check_boolean(const nlohmann::json& value, std::string_view path,
                                  ValidationErrors& errors) {
  if (!value.is_boolean()) {
    errors.add(path, "must be boolean");
    return std::nullopt;
  }
  return value.get<bool>();
}

std::optional<std::vector<std::string>> check_string_array(const nlohmann::json& value,
                                                           std::string_view path,
                                                           ValidationErrors& errors,
                                                           std::size_t item_min_length) {
  if (!value.is_array()) {
    errors.add(path, "must be array");
    return std::nullopt;
  }
  std::vector<std::string> items;
  items.reserve(value.size());
  bool valid = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto item = check_string(value[i], pointer_index(path, i), errors, item_min_length);
    if (item) {
      items.push_back(std::move(*item));
    } else {
      valid = false;
    }
  }
  if (!valid) return std::nullopt;
  return items;
}

std::optional<std::string> check_enum(const nlohmann::json& value, std::string_view path,
                                      ValidationErrors& errors,
                                      std::span<const std::string_view> allowed) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return text;
  }
  errors.add(path, "must be equal to one of the allowed values");
  return std::nullopt;
}

std::size_t code_point_count(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace openclaw::protocol
