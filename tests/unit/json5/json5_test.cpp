#include "core/json5/json5.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <regex>
#include <string>

namespace openclaw::json5 {
namespace {

using nlohmann::json;

json parse_ok(std::string_view text) {
  auto result = parse(text);
  EXPECT_TRUE(result.has_value()) << "input: " << text << "\nerror: " << result.error().message;
  return result ? *result : json();
}

std::string parse_error(std::string_view text) {
  auto result = parse(text);
  if (result) {
    ADD_FAILURE() << "input unexpectedly parsed: " << text
                  << "\nas: " << result->dump(-1, ' ', false, json::error_handler_t::replace);
    return {};
  }
  return result.error().message;
}

// ---- Structure -----------------------------------------------------------------------

TEST(Json5Parse, ReadsStrictJsonLikeAJsonParser) {
  const std::string strict =
      R"({"a": [1, -2, 3.5, true, false, null, "x"], "b": {"c": {}, "d": []}, "e": "\u00e9"})";
  EXPECT_EQ(parse_ok(strict), json::parse(strict));
}

TEST(Json5Parse, AcceptsAnyValueAtTopLevel) {
  EXPECT_EQ(parse_ok("42"), json(42));
  EXPECT_EQ(parse_ok("'text'"), json("text"));
  EXPECT_EQ(parse_ok("[]"), json::array());
  EXPECT_EQ(parse_ok("null"), json(nullptr));
  EXPECT_EQ(parse_ok("true"), json(true));
  EXPECT_EQ(parse_ok("false"), json(false));
}

TEST(Json5Parse, AcceptsTrailingCommasInObjectsAndArrays) {
  EXPECT_EQ(parse_ok("{a: 1, b: [1, 2,],}"), json::parse(R"({"a": 1, "b": [1, 2]})"));
  EXPECT_EQ(parse_ok("[[],{},]"), json::parse("[[], {}]"));
}

TEST(Json5Parse, RejectsCommasWithoutElements) {
  EXPECT_EQ(parse_error("[,]"), "line 1, column 2: expected a value or ']', found ','");
  EXPECT_EQ(parse_error("[1,,2]"), "line 1, column 4: expected a value or ']', found ','");
  EXPECT_EQ(parse_error("{,}"), "line 1, column 2: expected a property name or '}', found ','");
  EXPECT_EQ(parse_error("{a: 1,,}"),
            "line 1, column 7: expected a property name or '}', found ','");
}

TEST(Json5Parse, LastDuplicateKeyWins) {
  EXPECT_EQ(parse_ok("{a: 1, 'a': 2, \"a\": 3}"), json::parse(R"({"a": 3})"));
  EXPECT_EQ(parse_ok("{a: {x: 1}, a: [2]}"), json::parse(R"({"a": [2]})"));
}

TEST(Json5Parse, ReportsMissingSeparatorsWithPosition) {
  EXPECT_EQ(parse_error("{a: 1 b: 2}"),
            "line 1, column 7: expected ',' or '}' after object member, found 'b'");
  EXPECT_EQ(parse_error("[1 2]"),
            "line 1, column 4: expected ',' or ']' after array element, found '2'");
  EXPECT_EQ(parse_error("{a 1}"), "line 1, column 4: expected ':' after property name, found '1'");
  EXPECT_EQ(parse_error("{a: }"), "line 1, column 5: unexpected character '}', expected a value");
  EXPECT_EQ(parse_error("{\n  gateway: {\n    port: 1 @\n  }\n}"),
            "line 3, column 13: expected ',' or '}' after object member, found '@'");
}

TEST(Json5Parse, ReportsUnclosedContainersWithWhereTheyOpened) {
  EXPECT_EQ(parse_error("{\n  a: 1\n"),
            "line 3, column 1: expected ',' or '}' after object member, found end of input "
            "(object opened at line 1, column 1)");
  EXPECT_EQ(parse_error("x: [1, 2,"),
            "line 1, column 1: unquoted text where a value was expected: strings must be in "
            "quotes (bare words allowed: true, false, null, Infinity, NaN)");
  EXPECT_EQ(parse_error("[1, [2,"),
            "line 1, column 8: expected a value or ']', found end of input "
            "(array opened at line 1, column 5)");
  EXPECT_EQ(parse_error("{a:"), "line 1, column 4: expected a value, found end of input");
}

TEST(Json5Parse, RejectsTrailingContentAfterTheValue) {
  EXPECT_EQ(parse_error("{} x"),
            "line 1, column 4: expected end of input after the top-level value, found 'x'");
  EXPECT_EQ(parse_error("{}}"),
            "line 1, column 3: expected end of input after the top-level value, found '}'");
  EXPECT_EQ(parse_error("1 2"),
            "line 1, column 3: expected end of input after the top-level value, found '2'");
  EXPECT_EQ(parse_ok("{} // done\n  /* really */ \n"), json::object());
}

TEST(Json5Parse, RejectsEmptyDocuments) {
  EXPECT_EQ(parse_error(""), "line 1, column 1: empty document: expected a JSON5 value");
  EXPECT_EQ(parse_error(" \n\t"), "line 2, column 2: empty document: expected a JSON5 value");
  EXPECT_EQ(parse_error("// only a comment\n"),
            "line 2, column 1: empty document: expected a JSON5 value");
}

TEST(Json5Parse, DescribesUnexpectedCharacters) {
  EXPECT_EQ(parse_error("@"), "line 1, column 1: unexpected character '@', expected a value");
  EXPECT_EQ(parse_error("{a: \x01}"),
            "line 1, column 5: unexpected character U+0001 (control character), expected a value");
  EXPECT_EQ(parse_error("{a: \xC2\xA7}"),  // U+00A7 section sign: neither value nor key.
            "line 1, column 5: unquoted text where a value was expected: strings must be in "
            "quotes (bare words allowed: true, false, null, Infinity, NaN)");
  EXPECT_EQ(parse_error("{a: 1 '}"),
            "line 1, column 7: expected ',' or '}' after object member, found \"'\"");
  EXPECT_EQ(parse_error("/ 1"), "line 1, column 1: unexpected character '/', expected a value");
}

// ---- Nesting ---------------------------------------------------------------------------

TEST(Json5Parse, Accepts256NestedLevels) {
  const std::string text = std::string(256, '[') + std::string(256, ']');
  const json value = parse_ok(text);
  const json* inner = &value;
  int depth = 0;
  while (inner->is_array() && !inner->empty()) {
    inner = &(*inner)[0];
    ++depth;
  }
  EXPECT_EQ(depth, 255);  // 256 arrays: the innermost is empty.
}

TEST(Json5Parse, RejectsNestingDeeperThan256Levels) {
  EXPECT_EQ(parse_error(std::string(257, '[') + std::string(257, ']')),
            "line 1, column 257: nesting deeper than 256 levels");
  std::string objects;
  for (int i = 0; i < 300; ++i) objects += "{a:";
  EXPECT_EQ(parse_error(objects), "line 1, column 769: nesting deeper than 256 levels");
}

TEST(Json5Parse, SurvivesHugeNestingWithoutRecursingIntoIt) {
  EXPECT_EQ(parse_error(std::string(1'000'000, '[')),
            "line 1, column 257: nesting deeper than 256 levels");
  EXPECT_EQ(parse_error(std::string(1'000'000, '{')),
            "line 1, column 2: expected a property name or '}', found '{'");
}

// ---- Comments and whitespace -----------------------------------------------------------

TEST(Json5Parse, SkipsLineAndBlockComments) {
  const char* text = R"(// leading
{
  /* block
     over lines */ a: 1, // trailing
  b /* between key */ : /* and value */ 2,
  c: "// not a comment", d: '/* nor this */',
}
// no newline at the end)";
  EXPECT_EQ(parse_ok(text),
            json::parse(R"({"a": 1, "b": 2, "c": "// not a comment", "d": "/* nor this */"})"));
  EXPECT_EQ(parse_ok("/**/1/***/"), json(1));
  EXPECT_EQ(parse_ok("[1//x\r,2]"), json::parse("[1, 2]"));
}

TEST(Json5Parse, EndsLineCommentsAtUnicodeLineSeparators) {
  EXPECT_EQ(parse_ok("[1 // comment\xE2\x80\xA8, 2]"), json::parse("[1, 2]"));
  EXPECT_EQ(parse_ok("[1 // comment\xE2\x80\xA9, 2]"), json::parse("[1, 2]"));
}

TEST(Json5Parse, RejectsUnterminatedBlockCommentAtItsStart) {
  EXPECT_EQ(parse_error("{\n  a: 1, /* forgot to close\n}"),
            "line 2, column 9: unterminated block comment (no closing */)");
  EXPECT_EQ(parse_error("/*/"), "line 1, column 1: unterminated block comment (no closing */)");
}

TEST(Json5Parse, SkipsEveryJson5WhitespaceCharacter) {
  const std::string spaces =
      "\t\v\f \r\n"
      "\xC2\xA0"       // U+00A0 no-break space
      "\xEF\xBB\xBF"   // U+FEFF byte order mark
      "\xE2\x80\xA8"   // U+2028 line separator
      "\xE2\x80\xA9"   // U+2029 paragraph separator
      "\xE3\x80\x80"   // U+3000 ideographic space (category Zs)
      "\xE2\x80\x83";  // U+2003 em space (category Zs)
  EXPECT_EQ(parse_ok(spaces + "{" + spaces + "a" + spaces + ":" + spaces + "[" + spaces + "1" +
                     spaces + "," + spaces + "]" + spaces + "}" + spaces),
            json::parse(R"({"a": [1]})"));
}

TEST(Json5Parse, SkipsByteOrderMarkAtStart) {
  EXPECT_EQ(parse_ok("\xEF\xBB\xBF{a: 1}"), json::parse(R"({"a": 1})"));
  // Columns are bytes: the three BOM bytes count.
  EXPECT_EQ(parse_error("\xEF\xBB\xBF@"),
            "line 1, column 4: unexpected character '@', expected a value");
}

// ---- Keys ------------------------------------------------------------------------------

TEST(Json5Parse, AcceptsIdentifierKeys) {
  const json value = parse_ok("{$ref: 1, _private: 2, camelCase9: 3, a$_1: 4, true: 5, null: 6}");
  EXPECT_EQ(value, json::parse(R"({"$ref": 1, "_private": 2, "camelCase9": 3, "a$_1": 4,
                                   "true": 5, "null": 6})"));
}

TEST(Json5Parse, AcceptsNonAsciiAndEscapedIdentifierKeys) {
  const json value = parse_ok(
      "{caf\xC3\xA9: 1, \xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87: 2, "
      "\xE5\x90\x8D\xE5\x89\x8D: 3, \\u0061b\\u0063: 4, x\\u00e9: 5}");
  EXPECT_EQ(value["caf\xC3\xA9"], 1);
  EXPECT_EQ(value["\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87"], 2);  // "ключ"
  EXPECT_EQ(value["\xE5\x90\x8D\xE5\x89\x8D"], 3);          // "名前"
  EXPECT_EQ(value["abc"], 4);
  EXPECT_EQ(value["x\xC3\xA9"], 5);
  EXPECT_EQ(value.size(), 5U);
}

TEST(Json5Parse, AcceptsQuotedKeysOfAnyText) {
  EXPECT_EQ(parse_ok(R"({'': 1, "a b": 2, 'it\'s': 3, "1st": 4})"),
            json::parse(R"({"": 1, "a b": 2, "it's": 3, "1st": 4})"));
}

TEST(Json5Parse, RejectsInvalidUnquotedKeys) {
  EXPECT_EQ(parse_error("{1st: 1}"),
            "line 1, column 2: expected a property name or '}', found '1'");
  EXPECT_EQ(parse_error("{a-b: 1}"),
            "line 1, column 3: expected ':' after property name, found '-'");
  EXPECT_EQ(parse_error("{a\\u0020b: 1}"),
            "line 1, column 3: escape \\u0020 is not allowed in an unquoted key; quote the key");
  EXPECT_EQ(parse_error("{\\u0031a: 1}"),
            "line 1, column 2: escape \\u0031 is not allowed in an unquoted key; quote the key");
  EXPECT_EQ(parse_error("{a\\x41: 1}"),
            "line 1, column 3: invalid escape in unquoted key: only \\uXXXX is allowed");
}

// ---- Strings ---------------------------------------------------------------------------

TEST(Json5Parse, AcceptsSingleAndDoubleQuotedStrings) {
  EXPECT_EQ(parse_ok(R"(['say "hi"', "it's", '', ""])"),
            json::parse(R"(["say \"hi\"", "it's", "", ""])"));
}

TEST(Json5Parse, DecodesSingleCharacterEscapes) {
  EXPECT_EQ(parse_ok(R"('\'\"\\\/\b\f\n\r\t\v')"), json("'\"\\/\b\f\n\r\t\v"));
  EXPECT_EQ(parse_ok(R"("a\0b")"), json(std::string("a\0b", 3)));
  EXPECT_EQ(parse_ok(R"("\0")"), json(std::string(1, '\0')));
}

TEST(Json5Parse, MapsOtherEscapedCharactersToThemselves) {
  EXPECT_EQ(parse_ok(R"("\a\q\ \$")"), json("aq $"));
  EXPECT_EQ(parse_ok("'\\\xC3\xA9'"), json("\xC3\xA9"));  // backslash before 'é'
}

TEST(Json5Parse, DecodesHexAndUnicodeEscapesToUtf8) {
  EXPECT_EQ(parse_ok(R"("\x41\x7a\xE9")"), json("Az\xC3\xA9"));
  EXPECT_EQ(parse_ok(R"("\u0041\u00e9\u20AC\u0000")"),
            json(std::string("A\xC3\xA9\xE2\x82\xAC\0", 7)));
  EXPECT_EQ(parse_ok(R"("\uD83D\uDE00")"), json("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Json5Parse, RejectsMalformedEscapes) {
  EXPECT_EQ(parse_error(R"("\x4")"),
            "line 1, column 2: invalid \\x escape: expected two hex digits, as in \\x41");
  EXPECT_EQ(parse_error(R"("\u12G4")"),
            "line 1, column 2: invalid \\u escape: expected four hex digits, as in \\u00e9");
  EXPECT_EQ(parse_error(R"("ab\u12)"),
            "line 1, column 4: invalid \\u escape: expected four hex digits, as in \\u00e9");
  EXPECT_EQ(parse_error(R"('\01')"),
            "line 1, column 2: \\0 must not be followed by a digit (JSON5 has no octal escapes)");
  EXPECT_EQ(parse_error(R"('\7')"),
            "line 1, column 2: invalid escape '\\7' (JSON5 has no octal escapes)");
}

TEST(Json5Parse, RejectsUnpairedSurrogateEscapes) {
  const std::string expected_high =
      "unpaired surrogate \\uD83D (UTF-8 cannot encode it; write the full pair, as in "
      "\\uD83D\\uDE00)";
  EXPECT_EQ(parse_error(R"("\uD83D")"), "line 1, column 2: " + expected_high);
  EXPECT_EQ(parse_error(R"("\uD83Dx")"), "line 1, column 2: " + expected_high);
  EXPECT_EQ(parse_error(R"("\uD83D\u0041")"), "line 1, column 2: " + expected_high);
  EXPECT_EQ(parse_error(R"("ok\uDE00")"),
            "line 1, column 4: unpaired surrogate \\uDE00 (UTF-8 cannot encode it; write the "
            "full pair, as in \\uD83D\\uDE00)");
}

TEST(Json5Parse, JoinsLinesAfterBackslashContinuation) {
  EXPECT_EQ(parse_ok("'one \\\ntwo'"), json("one two"));
  EXPECT_EQ(parse_ok("'one \\\r\ntwo'"), json("one two"));
  EXPECT_EQ(parse_ok("'one \\\rtwo'"), json("one two"));
  EXPECT_EQ(parse_ok("'one \\\xE2\x80\xA8two'"), json("one two"));
  EXPECT_EQ(parse_ok("'one \\\xE2\x80\xA9two'"), json("one two"));
}

TEST(Json5Parse, KeepsRawTabsAndUnicodeSeparatorsInStrings) {
  EXPECT_EQ(parse_ok("'a\tb'"), json("a\tb"));
  EXPECT_EQ(parse_ok("'a\xE2\x80\xA8z'"), json("a\xE2\x80\xA8z"));
}

TEST(Json5Parse, RejectsUnterminatedStringsAtTheOpeningQuote) {
  EXPECT_EQ(parse_error("{\n  a: 1,\n  b:  \"never closed"),
            "line 3, column 7: unterminated string (no closing \")");
  EXPECT_EQ(parse_error("['abc"), "line 1, column 2: unterminated string (no closing ')");
  EXPECT_EQ(parse_error("'abc\\"),
            "line 1, column 1: unterminated string (input ends after a backslash)");
  EXPECT_EQ(parse_error("{\n  a: 'abc\n'}"),
            "line 2, column 6: unterminated string: line break before the closing quote "
            "(write \\n for a newline inside a string)");
  EXPECT_EQ(parse_error("['abc\r']"),
            "line 1, column 2: unterminated string: line break before the closing quote "
            "(write \\n for a newline inside a string)");
}

// ---- UTF-8 -----------------------------------------------------------------------------
// Policy: the whole document must be well-formed UTF-8 (strings, keys and comments alike).
// Invalid bytes are rejected, never passed through: nlohmann::json::dump() throws on them,
// so accepting them would only move the failure to when the config is written back.

TEST(Json5Parse, PassesValidMultibyteTextThroughUnchanged) {
  const std::string text = "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80 \xE4\xB8\xAD";
  EXPECT_EQ(parse_ok("'" + text + "'"), json(text));
}

TEST(Json5Parse, RejectsInvalidUtf8Everywhere) {
  const std::string suffix = " (the file must be UTF-8 encoded)";
  EXPECT_EQ(parse_error("'ab\xFF'"), "line 1, column 4: invalid UTF-8 byte 0xFF" + suffix);
  EXPECT_EQ(parse_error("'\xC3'"), "line 1, column 2: invalid UTF-8 byte 0xC3" + suffix);
  EXPECT_EQ(parse_error("'\xC0\xAF'"), "line 1, column 2: invalid UTF-8 byte 0xC0" + suffix);
  EXPECT_EQ(parse_error("'\xE0\x80\xAF'"), "line 1, column 2: invalid UTF-8 byte 0xE0" + suffix);
  EXPECT_EQ(parse_error("'\xED\xA0\x80'"),  // encoded surrogate U+D800
            "line 1, column 2: invalid UTF-8 byte 0xED" + suffix);
  EXPECT_EQ(parse_error("'\xF4\x90\x80\x80'"),  // above U+10FFFF
            "line 1, column 2: invalid UTF-8 byte 0xF4" + suffix);
  EXPECT_EQ(parse_error("'\\\x80'"), "line 1, column 3: invalid UTF-8 byte 0x80" + suffix);
  EXPECT_EQ(parse_error("{k\xE9y: 1}"), "line 1, column 3: invalid UTF-8 byte 0xE9" + suffix);
  EXPECT_EQ(parse_error("// caf\xE9\n1"), "line 1, column 7: invalid UTF-8 byte 0xE9" + suffix);
  EXPECT_EQ(parse_error("/* \xFE */ 1"), "line 1, column 4: invalid UTF-8 byte 0xFE" + suffix);
  EXPECT_EQ(parse_error("\xFF"), "line 1, column 1: invalid UTF-8 byte 0xFF" + suffix);
  EXPECT_EQ(parse_error("[1 \xFF]"), "line 1, column 4: invalid UTF-8 byte 0xFF" + suffix);
}

// ---- Numbers ---------------------------------------------------------------------------

TEST(Json5Parse, KeepsIntegersAsIntegers) {
  const json value = parse_ok("[0, -0, 42, +7, -13]");
  for (const auto& element : value) EXPECT_TRUE(element.is_number_integer()) << element;
  EXPECT_EQ(value, json::parse("[0, 0, 42, 7, -13]"));
}

TEST(Json5Parse, ReadsDecimalFormsAsDoubles) {
  const json value = parse_ok("[.5, 5., +.5, -.5, 1.5e+2, 1E-2, 1e3, 5.e1, 0.0, -0.0, 0e5]");
  for (const auto& element : value) EXPECT_TRUE(element.is_number_float()) << element;
  EXPECT_EQ(value, json::parse("[0.5, 5.0, 0.5, -0.5, 150.0, 0.01, 1000.0, 50.0, 0.0, 0.0, 0.0]"));
  EXPECT_TRUE(std::signbit(value[9].get<double>()));
}

TEST(Json5Parse, ReadsHexIntegers) {
  const json value = parse_ok("[0x1F, 0XfF, -0x10, +0x10, 0x0, 0x00000000000000000001]");
  for (const auto& element : value) EXPECT_TRUE(element.is_number_integer()) << element;
  EXPECT_EQ(value, json::parse("[31, 255, -16, 16, 0, 1]"));
}

TEST(Json5Parse, ReadsInfinityAndNaN) {
  const json value = parse_ok("[Infinity, +Infinity, -Infinity, NaN, +NaN, -NaN]");
  EXPECT_EQ(value[0].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(value[1].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(value[2].get<double>(), -std::numeric_limits<double>::infinity());
  for (int i = 3; i < 6; ++i) {
    EXPECT_TRUE(value[i].is_number_float());
    EXPECT_TRUE(std::isnan(value[i].get<double>()));
  }
  EXPECT_TRUE(std::isnan(parse_ok("{limit: NaN}")["limit"].get<double>()));
}

TEST(Json5Parse, KeepsInt64BoundariesExactAndSpillsToDouble) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  const json max = parse_ok("9223372036854775807");
  const json min = parse_ok("-9223372036854775808");
  ASSERT_TRUE(max.is_number_integer() && min.is_number_integer());
  EXPECT_EQ(max.get<std::int64_t>(), kMax);
  EXPECT_EQ(min.get<std::int64_t>(), kMin);

  const json above = parse_ok("9223372036854775808");
  const json below = parse_ok("-9223372036854775809");
  ASSERT_TRUE(above.is_number_float() && below.is_number_float());
  EXPECT_EQ(above.get<double>(), 9223372036854775808.0);
  EXPECT_EQ(below.get<double>(), -9223372036854775808.0);
}

TEST(Json5Parse, KeepsHexInt64BoundariesExactAndSpillsToDouble) {
  const json max = parse_ok("0x7FFFFFFFFFFFFFFF");
  const json min = parse_ok("-0x8000000000000000");
  ASSERT_TRUE(max.is_number_integer() && min.is_number_integer());
  EXPECT_EQ(max.get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(min.get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());

  const json values = parse_ok("[0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x10000000000000000]");
  for (const auto& element : values) EXPECT_TRUE(element.is_number_float()) << element;
  EXPECT_EQ(values[0].get<double>(), 9223372036854775808.0);
  EXPECT_EQ(values[1].get<double>(), 18446744073709551616.0);  // nearest double to 2^64 - 1
  EXPECT_EQ(values[2].get<double>(), 18446744073709551616.0);
  EXPECT_EQ(parse_ok("-0x" + std::string(300, 'F')).get<double>(),
            -std::numeric_limits<double>::infinity());
}

TEST(Json5Parse, TurnsOutOfRangeDecimalsIntoInfinityOrZero) {
  EXPECT_EQ(parse_ok("1e400").get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_ok("-1e400").get<double>(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_ok("1" + std::string(400, '0') + ".5").get<double>(),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_ok("1e-400").get<double>(), 0.0);
  EXPECT_EQ(parse_ok("0." + std::string(400, '0') + "1").get<double>(), 0.0);
  EXPECT_EQ(parse_ok("1e99999999999999999999").get<double>(),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_ok("100000000000000000000").get<double>(), 1e20);
}

TEST(Json5Parse, RejectsMalformedNumbersAtTheirStart) {
  EXPECT_EQ(parse_error("01"), "line 1, column 1: leading zeros are not allowed in numbers");
  EXPECT_EQ(parse_error("[-00.5]"), "line 1, column 2: leading zeros are not allowed in numbers");
  EXPECT_EQ(parse_error("0x"), "line 1, column 1: expected hex digits after '0x'");
  EXPECT_EQ(parse_error("."), "line 1, column 1: expected a digit before or after '.'");
  EXPECT_EQ(parse_error("[-]"),
            "line 1, column 2: expected a number after '-' (digits, Infinity or NaN)");
  EXPECT_EQ(parse_error("+infinity"),
            "line 1, column 1: expected a number after '+' (digits, Infinity or NaN)");
}

TEST(Json5Parse, RejectsMalformedNumbersAtTheOffendingCharacter) {
  EXPECT_EQ(parse_error("1e"), "line 1, column 3: expected exponent digits after 'e'");
  EXPECT_EQ(parse_error("1e+}"), "line 1, column 4: expected exponent digits after 'e'");
  EXPECT_EQ(parse_error("12abc"), "line 1, column 3: unexpected character 'a' after number");
  EXPECT_EQ(parse_error("1.2.3"), "line 1, column 4: unexpected character '.' after number");
  EXPECT_EQ(parse_error("0x1g"), "line 1, column 4: unexpected character 'g' after number");
  EXPECT_EQ(parse_error("0x1.5"), "line 1, column 4: unexpected character '.' after number");
  EXPECT_EQ(parse_error("Infinityx"),
            "line 1, column 1: unquoted text where a value was expected: strings must be in "
            "quotes (bare words allowed: true, false, null, Infinity, NaN)");
  EXPECT_EQ(parse_error("-NaNa"), "line 1, column 5: unexpected character 'a' after number");
  EXPECT_EQ(parse_error("1_000"), "line 1, column 2: unexpected character '_' after number");
}

// ---- Literals --------------------------------------------------------------------------

TEST(Json5Parse, RejectsBareWordsWithoutEchoingThem) {
  const std::string message = parse_error("{\n  token: sk_live_SECRET123,\n}");
  EXPECT_EQ(message,
            "line 2, column 10: unquoted text where a value was expected: strings must be in "
            "quotes (bare words allowed: true, false, null, Infinity, NaN)");
  EXPECT_EQ(message.find("SECRET"), std::string::npos);
  EXPECT_FALSE(parse("True").has_value());
  EXPECT_FALSE(parse("nul").has_value());
  EXPECT_FALSE(parse("nullx").has_value());
  EXPECT_FALSE(parse("undefined").has_value());
}

// ---- Positions -------------------------------------------------------------------------

TEST(Json5Parse, CountsLinesLikeEditorsDo) {
  // CRLF is one line break; a lone CR is one too.
  EXPECT_EQ(parse_error("{\r\n\r\n  a: @}"),
            "line 3, column 6: unexpected character '@', expected a value");
  EXPECT_EQ(parse_error("{\r\r  a: @}"),
            "line 3, column 6: unexpected character '@', expected a value");
}

TEST(Json5Parse, CountsColumnsInBytes) {
  EXPECT_EQ(parse_error("{'\xC3\xA9': @}"),  // 'é' is two bytes
            "line 1, column 8: unexpected character '@', expected a value");
  EXPECT_EQ(parse_error("\t@"), "line 1, column 2: unexpected character '@', expected a value");
}

// ---- Realistic documents ---------------------------------------------------------------

TEST(Json5Parse, ReadsARealisticOpenclawConfig) {
  const char* config = R"(// openclaw.json — managed by hand, see docs/configuration.md
{
  $schema: 'https://openclaw.ai/schema/config.json',
  gateway: {
    port: 18789,
    mode: 'local',
    bind: "lan", // listen on the LAN interface
    auth: {
      mode: 'token',
      token: { source: 'env', provider: 'default', id: 'OPENCLAW_GATEWAY_TOKEN' },
      rateLimit: { maxAttempts: 10, windowMs: 60000, lockoutMs: 3e5, exemptLoopback: true },
    },
    trustedProxies: [
      '10.0.0.0/8',
      "fd00::/8", /* the compose network */
    ],
    controlUi: { enabled: true, basePath: '', allowedOrigins: ['https://gw.example.com'] },
    reload: { mode: 'hybrid', debounceMs: 300 },
    http: { endpoints: { chatCompletions: { enabled: false, maxBodyBytes: 0x1400000 } } },
  },
  agents: {
    defaults: {
      model: { primary: 'anthropic/claude-sonnet-4', fallbacks: ['openai/gpt-4.1',], },
      temperature: .7,
    },
  },
}
)";
  const json value = parse_ok(config);
  EXPECT_EQ(value["$schema"], "https://openclaw.ai/schema/config.json");
  EXPECT_EQ(value["gateway"]["port"], 18789);
  EXPECT_EQ(value["gateway"]["bind"], "lan");
  EXPECT_EQ(value["gateway"]["auth"]["token"]["id"], "OPENCLAW_GATEWAY_TOKEN");
  EXPECT_EQ(value["gateway"]["auth"]["rateLimit"]["lockoutMs"], 300000.0);
  EXPECT_EQ(value["gateway"]["trustedProxies"], json::parse(R"(["10.0.0.0/8", "fd00::/8"])"));
  EXPECT_EQ(value["gateway"]["http"]["endpoints"]["chatCompletions"]["maxBodyBytes"], 20971520);
  EXPECT_EQ(value["agents"]["defaults"]["model"]["fallbacks"].size(), 1U);
  EXPECT_DOUBLE_EQ(value["agents"]["defaults"]["temperature"].get<double>(), 0.7);
}

TEST(Json5Parse, RoundTripsWhatWeWrite) {
  const json original = json::parse(R"({"a": [1, -2.5, "x\ny\u0001", null, {"b": true}],
                                         "é": "\ud83d\ude00", "big": 9223372036854775807})");
  EXPECT_EQ(parse_ok(original.dump(2)), original);
  EXPECT_EQ(parse_ok(original.dump()), original);
}

TEST(Json5Parse, ParsesATwoMegabyteConfigQuickly) {
  std::string text = "{\n  // generated\n  entries: [\n";
  int count = 0;
  while (text.size() < 2'000'000) {
    text += "    { id: 'entry-" + std::to_string(count) +
            "', weight: 0.125, enabled: true, tags: ['a', \"b\\n\", 'caf\xC3\xA9'], "
            "/* note */ limit: 0x10, },\n";
    ++count;
  }
  text += "  ],\n  tail: 'x" + std::string(200'000, 'y') + "',\n}\n";

  const auto started = std::chrono::steady_clock::now();
  const json value = parse_ok(text);
  const auto elapsed = std::chrono::steady_clock::now() - started;

  ASSERT_EQ(value["entries"].size(), static_cast<std::size_t>(count));
  EXPECT_EQ(value["entries"][count - 1]["id"], "entry-" + std::to_string(count - 1));
  EXPECT_EQ(value["tail"].get<std::string>().size(), 200'001U);
  // Generous so a loaded CI box or a debug build passes; quadratic behaviour would not.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(Json5Parse, HandlesPathologicalInputsInLinearTime) {
  const std::size_t size = 2'000'000;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(parse_ok(std::string(size, '7')).get<double>(),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_error("/*" + std::string(size, '*')),
            "line 1, column 1: unterminated block comment (no closing */)");
  EXPECT_EQ(parse_error("'" + std::string(size, 'a')),
            "line 1, column 1: unterminated string (no closing ')");
  EXPECT_FALSE(parse(std::string(size, '\n') + "@").has_value());
  std::string escapes;
  for (std::size_t i = 0; i < size / 6; ++i) escapes += "\\u00e9";
  EXPECT_EQ(parse_ok("'" + escapes + "'").get<std::string>().size(), size / 6 * 2);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

// Not a fuzzer, but a cheap guard until one runs: thousands of mutations of a real config
// must each end in a value or in an error that carries a position.
TEST(Json5Parse, NeverCrashesOnMutatedInput) {
  const std::string seed =
      "// c\n{a: [1, -2.5e3, .5, 0x1F, +Infinity, NaN], 'b\\u00e9': \"x\\\ny\\uD83D\\uDE00\","
      " c: {d: null, e: true, f: false,}, /* g */ h: '\xC3\xA9\\x41',}\n";
  const std::string alphabet = "{}[],:'\"\\/*.+-0123456789eExXuINa \n\r\t\xC3\xA9\xE2\x80\xA8\xFF";
  const std::regex positioned("^line [0-9]+, column [0-9]+: .+");
  std::mt19937 random(12345);
  int parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      const char replacement = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text[at] = replacement;
          break;
        case 1:
          text.insert(at, 1, replacement);
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    if (random() % 8 == 0) text.resize(random() % (text.size() + 1));
    auto result = parse(text);
    if (result) {
      ++parsed;
      // Whatever we accept must be writable back as JSON, i.e. valid UTF-8.
      EXPECT_NO_THROW((void)result->dump()) << text;
    } else {
      EXPECT_TRUE(std::regex_match(result.error().message, positioned)) << result.error().message;
    }
  }
  EXPECT_GT(parsed, 0);
}

}  // namespace
}  // namespace openclaw::json5
