// UTF-8 decoding/encoding and the character classes the JSON5 reader needs. Internal to
// the json5 module; not part of its public contract.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace openclaw::json5::unicode {

// One decoded UTF-8 sequence. `length` is 0 when the bytes at the position are not
// well-formed UTF-8 (stray continuation byte, overlong form, encoded surrogate, value
// above U+10FFFF, or a sequence cut off by the end of the text).
struct DecodedChar {
  char32_t code_point = 0;
  std::size_t length = 0;
};

// Decodes the sequence starting at text[offset]. REQUIRES: offset < text.size().
DecodedChar decode(std::string_view text, std::size_t offset);

// Appends code_point as UTF-8. REQUIRES: a Unicode scalar value (not a surrogate).
void append_utf8(std::string& out, char32_t code_point);

// JSON5 WhiteSpace or LineTerminator: tab, LF, VT, FF, CR, space, U+00A0, U+FEFF,
// U+2028, U+2029 and the other Unicode space separators (category Zs).
bool is_space(char32_t code_point);

// LF, CR, U+2028 and U+2029: what ends a // comment.
bool is_line_terminator(char32_t code_point);

// May this code point appear in an unquoted key? ASCII letters, '$' and '_' anywhere,
// digits except first. Without Unicode category tables we accept every non-ASCII code
// point that is not whitespace: a superset of ECMAScript's IdentifierName that still
// accepts every letter an operator may type.
bool is_identifier_char(char32_t code_point, bool first);

// ASCII '0'..'9'.
bool is_digit(char c);

// 0..15 for an ASCII hex digit of either case, -1 for anything else.
int hex_digit_value(char c);

bool is_high_surrogate(char32_t code_point);
bool is_low_surrogate(char32_t code_point);

}  // namespace openclaw::json5::unicode
