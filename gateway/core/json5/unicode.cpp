#include "core/json5/unicode.h"

namespace openclaw::json5::unicode {

namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

}  // namespace

DecodedChar decode(std::string_view text, std::size_t offset) {
  const auto lead = static_cast<unsigned char>(text[offset]);
  if (lead < 0x80U) return {lead, 1};

  // The ranges of the second byte come from the Unicode "well-formed UTF-8" table; they
  // are what excludes overlong forms, surrogates and values above U+10FFFF.
  std::size_t length = 0;
  char32_t value = 0;
  unsigned char second_min = 0x80U;
  unsigned char second_max = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
    value = lead & 0x1FU;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    value = lead & 0x0FU;
    if (lead == 0xE0U) second_min = 0xA0U;
    if (lead == 0xEDU) second_max = 0x9FU;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    value = lead & 0x07U;
    if (lead == 0xF0U) second_min = 0x90U;
    if (lead == 0xF4U) second_max = 0x8FU;
  } else {
    return {};
  }
  if (text.size() - offset < length) return {};

  const auto second = static_cast<unsigned char>(text[offset + 1]);
  if (second < second_min || second > second_max) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[offset + i]);
    if (!is_continuation(byte)) return {};
    value = (value << 6U) | (byte & 0x3FU);
  }
  return {value, length};
}

void append_utf8(std::string& out, char32_t code_point) {
  const auto byte = [](char32_t bits) {
    return static_cast<char>(static_cast<unsigned char>(bits));
  };
  if (code_point < 0x80U) {
    out += byte(code_point);
  } else if (code_point < 0x800U) {
    out += byte(0xC0U | (code_point >> 6U));
    out += byte(0x80U | (code_point & 0x3FU));
  } else if (code_point < 0x10000U) {
    out += byte(0xE0U | (code_point >> 12U));
    out += byte(0x80U | ((code_point >> 6U) & 0x3FU));
    out += byte(0x80U | (code_point & 0x3FU));
  } else {
    out += byte(0xF0U | (code_point >> 18U));
    out += byte(0x80U | ((code_point >> 12U) & 0x3FU));
    out += byte(0x80U | ((code_point >> 6U) & 0x3FU));
    out += byte(0x80U | (code_point & 0x3FU));
  }
}

bool is_line_terminator(char32_t code_point) {
  return code_point == U'\n' || code_point == U'\r' || code_point == 0x2028U ||
         code_point == 0x2029U;
}

bool is_space(char32_t code_point) {
  switch (code_point) {
    case U'\t':
    case U'\v':
    case U'\f':
    case U' ':
    case 0x00A0U:  // no-break space
    case 0x1680U:  // ogham space mark
    case 0x202FU:  // narrow no-break space
    case 0x205FU:  // medium mathematical space
    case 0x3000U:  // ideographic space
    case 0xFEFFU:  // byte order mark
      return true;
    default:
      // U+2000..U+200A: en quad .. hair space.
      return (code_point >= 0x2000U && code_point <= 0x200AU) || is_line_terminator(code_point);
  }
}

bool is_identifier_char(char32_t code_point, bool first) {
  if (code_point >= 0x80U) return !is_space(code_point);
  if ((code_point >= U'a' && code_point <= U'z') || (code_point >= U'A' && code_point <= U'Z') ||
      code_point == U'$' || code_point == U'_') {
    return true;
  }
  return !first && code_point >= U'0' && code_point <= U'9';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_high_surrogate(char32_t code_point) {
  return code_point >= 0xD800U && code_point <= 0xDBFFU;
}

bool is_low_surrogate(char32_t code_point) {
  return code_point >= 0xDC00U && code_point <= 0xDFFFU;
}

}  // namespace openclaw::json5::unicode
