// Reading fields of provider JSON without exceptions: providers omit fields, send null, or
// change a type, and none of that may throw out of a decoder.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace openclaw::providers {

// The member `key` of `object`; nullptr when `object` is not an object, the member is
// absent, or it is null.
inline const nlohmann::json* member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// The member as a string; empty when absent or not a string.
inline std::string string_member(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = member(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

// The member as an integer (a float is truncated); nullopt when absent or not a number.
inline std::optional<std::int64_t> integer_member(const nlohmann::json& object,
                                                  std::string_view key) {
  const nlohmann::json* value = member(object, key);
  if (!value || !value->is_number()) return std::nullopt;
  if (value->is_number_float()) return static_cast<std::int64_t>(value->get<double>());
  if (value->is_number_unsigned()) return static_cast<std::int64_t>(value->get<std::uint64_t>());
  return value->get<std::int64_t>();
}

}  // namespace openclaw::providers
