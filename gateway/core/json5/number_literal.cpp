#include "core/json5/number_literal.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>

#include "core/json5/unicode.h"

namespace openclaw::json5 {

namespace {

using nlohmann::json;
using unicode::hex_digit_value;
using unicode::is_digit;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::unexpected<NumberLiteralError> number_error(std::size_t offset, std::string message) {
  return std::unexpected(NumberLiteralError{offset, std::move(message)});
}

std::size_t skip_digits(std::string_view text, std::size_t offset) {
  while (offset < text.size() && is_digit(text[offset])) ++offset;
  return offset;
}

// Which way a decimal literal that from_chars reports as out of range went: the decimal
// magnitude is where the first significant digit sits relative to the point, plus the
// exponent. Out-of-range literals are hundreds of orders of magnitude away from 1, so this
// coarse test is exact for them.
bool decimal_overflows(std::string_view integer_digits, std::string_view fraction_digits,
                       std::int64_t exponent) {
  const std::size_t integer_nonzero = integer_digits.find_first_not_of('0');
  std::int64_t magnitude = 0;
  if (integer_nonzero != std::string_view::npos) {
    magnitude = static_cast<std::int64_t>(integer_digits.size() - integer_nonzero);
  } else {
    magnitude = -static_cast<std::int64_t>(fraction_digits.find_first_not_of('0'));
  }
  return magnitude + exponent > 0;
}

// REQUIRES: text[digits_start - 2, digits_start) is "0x" or "0X".
std::expected<NumberLiteral, NumberLiteralError> read_hex(std::string_view text, std::size_t start,
                                                          std::size_t digits_start, bool negative) {
  std::size_t end = digits_start;
  while (end < text.size() && hex_digit_value(text[end]) >= 0) ++end;
  if (end == digits_start) return number_error(start, "expected hex digits after '0x'");
  const std::string_view digits = text.substr(digits_start, end - digits_start);

  constexpr std::uint64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
  std::uint64_t magnitude = 0;
  bool fits = true;
  for (const char digit : digits) {
    if (magnitude > (std::numeric_limits<std::uint64_t>::max() >> 4U)) {
      fits = false;
      break;
    }
    magnitude = magnitude * 16 + static_cast<std::uint64_t>(hex_digit_value(digit));
  }
  if (fits && magnitude <= kInt64Max) {
    const auto value = static_cast<std::int64_t>(magnitude);
    return NumberLiteral{json(negative ? -value : value), end};
  }
  if (fits && negative && magnitude == kInt64Max + 1) {
    return NumberLiteral{json(std::numeric_limits<std::int64_t>::min()), end};
  }
  double value = 0;
  const auto parsed =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, std::chars_format::hex);
  if (parsed.ec == std::errc::result_out_of_range) value = kInfinity;
  return NumberLiteral{json(negative ? -value : value), end};
}

// REQUIRES: integer_start is just past the optional sign at `start`.
std::expected<NumberLiteral, NumberLiteralError> read_decimal(std::string_view text,
                                                              std::size_t start,
                                                              std::size_t integer_start,
                                                              bool negative) {
  std::size_t end = skip_digits(text, integer_start);
  const std::string_view integer_digits = text.substr(integer_start, end - integer_start);
  if (integer_digits.size() > 1 && integer_digits[0] == '0') {
    return number_error(start, "leading zeros are not allowed in numbers");
  }
  bool is_integer = true;
  std::string_view fraction_digits;
  const bool has_point = end < text.size() && text[end] == '.';
  if (has_point) {
    is_integer = false;
    const std::size_t fraction_start = end + 1;
    end = skip_digits(text, fraction_start);
    fraction_digits = text.substr(fraction_start, end - fraction_start);
  }
  if (integer_digits.empty() && fraction_digits.empty()) {
    if (has_point) return number_error(start, "expected a digit before or after '.'");
    return number_error(start, std::string("expected a number after '") + text[start] +
                                   "' (digits, Infinity or NaN)");
  }
  std::int64_t exponent = 0;
  if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
    is_integer = false;
    ++end;
    const bool negative_exponent = end < text.size() && text[end] == '-';
    if (end < text.size() && (text[end] == '+' || text[end] == '-')) ++end;
    const std::size_t exponent_start = end;
    for (; end < text.size() && is_digit(text[end]); ++end) {
      // Clamped: it only has to tell overflow from underflow, see decimal_overflows.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[end] - '0');
    }
    if (end == exponent_start) return number_error(end, "expected exponent digits after 'e'");
    if (negative_exponent) exponent = -exponent;
  }

  // from_chars takes a leading '-' but not '+'.
  const char* first = text.data() + (negative ? start : integer_start);
  const char* last = text.data() + end;
  if (is_integer) {
    std::int64_t value = 0;
    if (std::from_chars(first, last, value).ec == std::errc()) {
      return NumberLiteral{json(value), end};
    }
  }
  double value = 0;
  if (std::from_chars(first, last, value).ec == std::errc::result_out_of_range) {
    value = decimal_overflows(integer_digits, fraction_digits, exponent) ? kInfinity : 0.0;
    if (negative) value = -value;
  }
  return NumberLiteral{json(value), end};
}

}  // namespace

std::expected<NumberLiteral, NumberLiteralError> read_number_literal(std::string_view text,
                                                                     std::size_t start) {
  std::size_t pos = start;
  const bool negative = pos < text.size() && text[pos] == '-';
  if (pos < text.size() && (text[pos] == '+' || negative)) ++pos;
  const std::string_view rest = text.substr(pos);
  if (rest.starts_with("Infinity")) {
    return NumberLiteral{json(negative ? -kInfinity : kInfinity), pos + 8};
  }
  if (rest.starts_with("NaN")) {
    return NumberLiteral{json(std::numeric_limits<double>::quiet_NaN()), pos + 3};
  }
  if (rest.starts_with("0x") || rest.starts_with("0X")) {
    return read_hex(text, start, pos + 2, negative);
  }
  return read_decimal(text, start, pos, negative);
}

}  // namespace openclaw::json5
