#include "core/json5/json5.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "core/json5/number_literal.h"
#include "core/json5/unicode.h"

namespace openclaw::json5 {

namespace {

using nlohmann::json;

// Deep enough for any real config, shallow enough that the recursive descent below cannot
// exhaust the stack whatever the input.
constexpr int kMaxDepth = 256;

std::string to_hex(std::uint32_t value, int min_digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  while (value != 0 || min_digits > 0) {
    out.insert(out.begin(), kDigits[value & 0xFU]);
    value >>= 4U;
    --min_digits;
  }
  return out;
}

std::string code_point_name(char32_t code_point) {
  return "U+" + to_hex(static_cast<std::uint32_t>(code_point), 4);
}

struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};

// Lines end at LF, CRLF or a lone CR: what editors show. Only computed when reporting an
// error, so the happy path pays nothing for it.
TextPosition locate(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const bool crlf_first_half = text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (text[i] == '\n' || (text[i] == '\r' && !crlf_first_half)) {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

std::string position_text(std::string_view text, std::size_t offset) {
  const TextPosition at = locate(text, offset);
  return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<json> parse_document() {
    if (auto skipped = skip_space_and_comments(); !skipped) return std::unexpected(skipped.error());
    if (at_end()) return error_at(pos_, "empty document: expected a JSON5 value");
    auto value = parse_value();
    if (!value) return value;
    if (auto skipped = skip_space_and_comments(); !skipped) return std::unexpected(skipped.error());
    if (!at_end()) return expected_error(pos_, "expected end of input after the top-level value");
    return value;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  bool next_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  unsigned char byte_at(std::size_t offset) const {
    return static_cast<unsigned char>(text_[offset]);
  }

  std::unexpected<Error> error_at(std::size_t offset, std::string_view what) const {
    return fail(position_text(text_, offset) + ": " + std::string(what));
  }

  std::unexpected<Error> invalid_utf8(std::size_t offset) const {
    return error_at(offset, "invalid UTF-8 byte 0x" + to_hex(byte_at(offset), 2) +
                                " (the file must be UTF-8 encoded)");
  }

  // Names what sits at `offset` for "found ..." messages.
  std::string describe(std::size_t offset) const {
    if (offset >= text_.size()) return "end of input";
    const unsigned char byte = byte_at(offset);
    if (byte == '\'') return "\"'\"";
    if (byte >= 0x20U && byte < 0x7FU) return std::string{'\'', text_[offset], '\''};
    if (byte < 0x80U) return code_point_name(byte) + " (control character)";
    const unicode::DecodedChar decoded = unicode::decode(text_, offset);
    std::string quoted = "'";
    quoted.append(text_.substr(offset, decoded.length));
    quoted += "' (" + code_point_name(decoded.code_point) + ")";
    return quoted;
  }

  // "<expectation>, found <what is there>", or the UTF-8 error if the bytes are not text.
  // `container` names the object or array still open, for the message at end of input.
  std::unexpected<Error> expected_error(std::size_t offset, std::string_view expectation,
                                        std::string_view container = {},
                                        std::size_t container_offset = 0) const {
    if (offset < text_.size() && byte_at(offset) >= 0x80U &&
        unicode::decode(text_, offset).length == 0) {
      return invalid_utf8(offset);
    }
    std::string what = std::string(expectation) + ", found " + describe(offset);
    if (offset >= text_.size() && !container.empty()) {
      what += " (" + std::string(container) + " opened at " +
              position_text(text_, container_offset) + ")";
    }
    return error_at(offset, what);
  }

  Status skip_space_and_comments() {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        if (auto skipped = skip_line_comment(); !skipped) return skipped;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        if (auto skipped = skip_block_comment(); !skipped) return skipped;
      } else if (byte_at(pos_) >= 0x80U) {
        const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
        if (decoded.length == 0 || !unicode::is_space(decoded.code_point)) break;
        pos_ += decoded.length;
      } else {
        break;
      }
    }
    return {};
  }

  // Comments must be valid UTF-8 like the rest of the file: one rule for every byte makes
  // the reader's behaviour easy to state.
  Status skip_line_comment() {
    pos_ += 2;
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == '\n' || c == '\r') return {};
      if (byte_at(pos_) < 0x80U) {
        ++pos_;
        continue;
      }
      const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
      if (decoded.length == 0) return invalid_utf8(pos_);
      if (unicode::is_line_terminator(decoded.code_point)) return {};
      pos_ += decoded.length;
    }
    return {};
  }

  Status skip_block_comment() {
    const std::size_t open = pos_;
    pos_ += 2;
    while (!at_end()) {
      if (text_[pos_] == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        pos_ += 2;
        return {};
      }
      if (byte_at(pos_) < 0x80U) {
        ++pos_;
        continue;
      }
      const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
      if (decoded.length == 0) return invalid_utf8(pos_);
      pos_ += decoded.length;
    }
    return error_at(open, "unterminated block comment (no closing */)");
  }

  Result<json> parse_value() {
    if (auto skipped = skip_space_and_comments(); !skipped) return std::unexpected(skipped.error());
    if (at_end()) return error_at(pos_, "expected a value, found end of input");
    const char c = text_[pos_];
    if (c == '{') return parse_object();
    if (c == '[') return parse_array();
    if (c == '"' || c == '\'') {
      auto text = parse_string();
      if (!text) return std::unexpected(text.error());
      return json(std::move(*text));
    }
    if (c == '+' || c == '-' || c == '.' || unicode::is_digit(c)) return parse_number();
    if (identifier_starts_here()) return parse_bare_word();
    if (byte_at(pos_) >= 0x80U && unicode::decode(text_, pos_).length == 0) {
      return invalid_utf8(pos_);
    }
    return error_at(pos_, "unexpected character " + describe(pos_) + ", expected a value");
  }

  Result<json> parse_object() {
    const std::size_t open = pos_;
    if (++depth_ > kMaxDepth) return error_at(open, "nesting deeper than 256 levels");
    ++pos_;
    json object = json::object();
    while (true) {
      if (auto skipped = skip_space_and_comments(); !skipped) {
        return std::unexpected(skipped.error());
      }
      if (next_is('}')) break;
      Result<std::string> key = std::string();
      if (next_is('"') || next_is('\'')) {
        key = parse_string();
      } else if (identifier_starts_here()) {
        key = parse_identifier_name();
      } else {
        return expected_error(pos_, "expected a property name or '}'", "object", open);
      }
      if (!key) return std::unexpected(key.error());
      if (auto skipped = skip_space_and_comments(); !skipped) {
        return std::unexpected(skipped.error());
      }
      // The key is not echoed: a mistyped line may have put a secret where a key belongs.
      if (!next_is(':')) return expected_error(pos_, "expected ':' after property name");
      ++pos_;
      auto value = parse_value();
      if (!value) return value;
      object[std::move(*key)] = std::move(*value);  // Last duplicate wins, as in JavaScript.
      if (auto skipped = skip_space_and_comments(); !skipped) {
        return std::unexpected(skipped.error());
      }
      if (next_is(',')) {
        ++pos_;
      } else if (!next_is('}')) {
        return expected_error(pos_, "expected ',' or '}' after object member", "object", open);
      }
    }
    ++pos_;
    --depth_;
    return object;
  }

  Result<json> parse_array() {
    const std::size_t open = pos_;
    if (++depth_ > kMaxDepth) return error_at(open, "nesting deeper than 256 levels");
    ++pos_;
    json array = json::array();
    while (true) {
      if (auto skipped = skip_space_and_comments(); !skipped) {
        return std::unexpected(skipped.error());
      }
      if (next_is(']')) break;
      if (at_end() || next_is(',')) {
        return expected_error(pos_, "expected a value or ']'", "array", open);
      }
      auto value = parse_value();
      if (!value) return value;
      array.push_back(std::move(*value));
      if (auto skipped = skip_space_and_comments(); !skipped) {
        return std::unexpected(skipped.error());
      }
      if (next_is(',')) {
        ++pos_;
      } else if (!next_is(']')) {
        return expected_error(pos_, "expected ',' or ']' after array element", "array", open);
      }
    }
    ++pos_;
    --depth_;
    return array;
  }

  // REQUIRES: pos_ at the opening quote.
  Result<std::string> parse_string() {
    const std::size_t open = pos_;
    const char quote = text_[pos_++];
    std::string out;
    while (true) {
      const std::size_t run_start = pos_;
      while (!at_end()) {
        const char c = text_[pos_];
        if (c == quote || c == '\\' || c == '\n' || c == '\r' || byte_at(pos_) >= 0x80U) break;
        ++pos_;
      }
      out.append(text_.substr(run_start, pos_ - run_start));
      if (at_end()) {
        return error_at(open, std::string("unterminated string (no closing ") + quote + ")");
      }
      const char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return out;
      }
      if (c == '\n' || c == '\r') {
        return error_at(open,
                        "unterminated string: line break before the closing quote "
                        "(write \\n for a newline inside a string)");
      }
      if (c == '\\') {
        if (auto escaped = parse_escape(open, out); !escaped) {
          return std::unexpected(escaped.error());
        }
        continue;
      }
      // Raw U+2028 and U+2029 are allowed in JSON5 strings; every other character too.
      const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
      if (decoded.length == 0) return invalid_utf8(pos_);
      out.append(text_.substr(pos_, decoded.length));
      pos_ += decoded.length;
    }
  }

  // REQUIRES: pos_ at the backslash inside the string opened at `open`.
  Status parse_escape(std::size_t open, std::string& out) {
    const std::size_t escape = pos_++;
    if (at_end()) return error_at(open, "unterminated string (input ends after a backslash)");
    const char c = text_[pos_];
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        if (pos_ + 1 < text_.size() && unicode::is_digit(text_[pos_ + 1])) {
          return error_at(escape,
                          "\\0 must not be followed by a digit (JSON5 has no octal escapes)");
        }
        out += '\0';
        break;
      case 'x': {
        const int high = pos_ + 2 < text_.size() ? unicode::hex_digit_value(text_[pos_ + 1]) : -1;
        const int low = pos_ + 2 < text_.size() ? unicode::hex_digit_value(text_[pos_ + 2]) : -1;
        if (high < 0 || low < 0) {
          return error_at(escape, "invalid \\x escape: expected two hex digits, as in \\x41");
        }
        unicode::append_utf8(out, static_cast<char32_t>(high * 16 + low));
        pos_ += 3;
        return {};
      }
      case 'u': {
        auto code_point = parse_unicode_escape(escape);
        if (!code_point) return std::unexpected(code_point.error());
        unicode::append_utf8(out, *code_point);
        return {};
      }
      case '\r':  // Line continuation: the backslash and the line break vanish.
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        break;
      case '\n':
        break;
      default: {
        if (unicode::is_digit(c)) {
          return error_at(escape,
                          std::string("invalid escape '\\") + c + "' (JSON5 has no octal escapes)");
        }
        if (byte_at(pos_) < 0x80U) {  // \' \" \\ \/ and any other character stand for themselves.
          out += c;
          break;
        }
        const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
        if (decoded.length == 0) return invalid_utf8(pos_);
        if (decoded.code_point != 0x2028U && decoded.code_point != 0x2029U) {
          out.append(text_.substr(pos_, decoded.length));
        }
        pos_ += decoded.length;
        return {};
      }
    }
    ++pos_;
    return {};
  }

  // REQUIRES: pos_ at the 'u' of the escape whose backslash is at `escape`. Joins a
  // surrogate pair into one code point; a lone surrogate has no UTF-8 form, so it is an
  // error rather than bytes that would fail later when the config is written back.
  Result<char32_t> parse_unicode_escape(std::size_t escape) {
    const auto hex4_at = [this](std::size_t offset) -> int {
      if (offset + 4 > text_.size()) return -1;
      int value = 0;
      for (std::size_t i = offset; i < offset + 4; ++i) {
        const int digit = unicode::hex_digit_value(text_[i]);
        if (digit < 0) return -1;
        value = value * 16 + digit;
      }
      return value;
    };
    const int unit = hex4_at(pos_ + 1);
    if (unit < 0)
      return error_at(escape, "invalid \\u escape: expected four hex digits, as in \\u00e9");
    pos_ += 5;
    const auto code_unit = static_cast<char32_t>(unit);
    const std::string unpaired = "unpaired surrogate \\u" + to_hex(code_unit, 4) +
                                 " (UTF-8 cannot encode it; write the full pair, as in "
                                 "\\uD83D\\uDE00)";
    if (unicode::is_low_surrogate(code_unit)) return error_at(escape, unpaired);
    if (!unicode::is_high_surrogate(code_unit)) return code_unit;
    if (pos_ + 1 >= text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') {
      return error_at(escape, unpaired);
    }
    const int low = hex4_at(pos_ + 2);
    if (low < 0 || !unicode::is_low_surrogate(static_cast<char32_t>(low))) {
      return error_at(escape, unpaired);
    }
    pos_ += 6;
    return 0x10000U + ((code_unit - 0xD800U) << 10U) + (static_cast<char32_t>(low) - 0xDC00U);
  }

  bool identifier_starts_here() const {
    if (at_end()) return false;
    const unsigned char byte = byte_at(pos_);
    if (byte == '\\') return true;
    if (byte < 0x80U) return unicode::is_identifier_char(byte, true);
    const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
    return decoded.length != 0 && unicode::is_identifier_char(decoded.code_point, true);
  }

  // An unquoted key. REQUIRES: identifier_starts_here().
  Result<std::string> parse_identifier_name() {
    std::string name;
    bool first = true;
    while (!at_end()) {
      const unsigned char byte = byte_at(pos_);
      if (byte == '\\') {
        const std::size_t escape = pos_++;
        if (!next_is('u')) {
          return error_at(escape, "invalid escape in unquoted key: only \\uXXXX is allowed");
        }
        auto code_point = parse_unicode_escape(escape);
        if (!code_point) return std::unexpected(code_point.error());
        if (!unicode::is_identifier_char(*code_point, first)) {
          return error_at(escape, "escape \\u" + to_hex(*code_point, 4) +
                                      " is not allowed in an unquoted key; quote the key");
        }
        unicode::append_utf8(name, *code_point);
      } else if (byte < 0x80U) {
        if (!unicode::is_identifier_char(byte, first)) break;
        name += text_[pos_++];
      } else {
        const unicode::DecodedChar decoded = unicode::decode(text_, pos_);
        if (decoded.length == 0) return invalid_utf8(pos_);
        if (!unicode::is_identifier_char(decoded.code_point, first)) break;
        name.append(text_.substr(pos_, decoded.length));
        pos_ += decoded.length;
      }
      first = false;
    }
    return name;
  }

  // true, false, null, Infinity, NaN; any other bare word is an unquoted string.
  Result<json> parse_bare_word() {
    const std::size_t start = pos_;
    while (!at_end() && byte_at(pos_) < 0x80U && byte_at(pos_) != '\\' &&
           unicode::is_identifier_char(byte_at(pos_), false)) {
      ++pos_;
    }
    const std::string_view word = text_.substr(start, pos_ - start);
    if (!identifier_starts_here()) {
      if (word == "true") return json(true);
      if (word == "false") return json(false);
      if (word == "null") return json(nullptr);
      if (word == "Infinity") return json(std::numeric_limits<double>::infinity());
      if (word == "NaN") return json(std::numeric_limits<double>::quiet_NaN());
    }
    // The word is not echoed: an unquoted value may be a pasted secret.
    return error_at(start,
                    "unquoted text where a value was expected: strings must be in quotes "
                    "(bare words allowed: true, false, null, Infinity, NaN)");
  }

  // Numbers end where a delimiter starts; "12abc" or "1.2.3" is one bad token, not two.
  Status check_number_end() const {
    if (at_end()) return {};
    const char c = text_[pos_];
    if (c == '.' || identifier_starts_here() ||
        (byte_at(pos_) < 0x80U && unicode::is_identifier_char(byte_at(pos_), false))) {
      return error_at(pos_, "unexpected character " + describe(pos_) + " after number");
    }
    return {};
  }

  Result<json> parse_number() {
    auto literal = read_number_literal(text_, pos_);
    if (!literal) return error_at(literal.error().offset, literal.error().message);
    pos_ = literal->end;
    if (auto ended = check_number_end(); !ended) return std::unexpected(ended.error());
    return std::move(literal->value);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<nlohmann::json> parse(std::string_view text) { return Parser(text).parse_document(); }

}  // namespace openclaw::json5
