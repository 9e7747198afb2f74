// Reading one JSON5 number literal into a json value. Internal to the json5 module.
#pragma once

#include <cstddef>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace openclaw::json5 {

struct NumberLiteral {
  nlohmann::json value;
  std::size_t end = 0;  // Offset just past the literal.
};

struct NumberLiteralError {
  std::size_t offset = 0;  // Where in the text the literal went wrong.
  std::string message;     // Without position; the caller adds it.
};

// Reads the number literal starting at text[start]: optional '+' or '-', then Infinity,
// NaN, 0x/0X hex digits, or a decimal with optional leading or trailing point and
// exponent. Stops at the first character the grammar cannot take; deciding whether that
// character may follow a number is the caller's job. Integer literals (decimal without
// point or exponent, or hex) that fit in int64 become integers (so "-0" is integer 0);
// everything else becomes a double, out-of-range values +/-Infinity or +/-0 as in
// JavaScript. Fails on leading zeros ("01") and on missing digits ("-", ".", "0x", "1e").
std::expected<NumberLiteral, NumberLiteralError> read_number_literal(std::string_view text,
                                                                     std::size_t start);

}  // namespace openclaw::json5
