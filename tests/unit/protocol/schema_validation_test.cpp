#include "core/protocol/schema_validation.h"

#include <gtest/gtest.h>

#include <array>
#include <limits>

namespace openclaw::protocol {
namespace {

TEST(ValidationErrors, FormatsLikeUpstream) {
  ValidationErrors errors;
  EXPECT_EQ(errors.format(), "unknown validation error");
  errors.add("", "must have required property 'client'");
  errors.add("/client/id", "must be equal to one of the allowed values");
  errors.add_unexpected_property("", "extra");
  errors.add_unexpected_property("/auth", "cookie");
  EXPECT_EQ(errors.format(),
            "must have required property 'client'; at /client/id: must be equal to one of the "
            "allowed values; "
            "at root: unexpected property 'extra'; at /auth: unexpected property 'cookie'");
}

TEST(ValidationErrors, DropsDuplicateLines) {
  ValidationErrors errors;
  errors.add("/a", "must be string");
  errors.add("/b", "must be string");
  errors.add("/a", "must be string");
  EXPECT_EQ(errors.format(), "at /a: must be string; at /b: must be string");
}

TEST(Pointer, EscapesTildeAndSlash) {
  EXPECT_EQ(pointer_child("", "client"), "/client");
  EXPECT_EQ(pointer_child("/permissions", "a/b~c"), "/permissions/a~1b~0c");
  EXPECT_EQ(pointer_index("/scopes", 3), "/scopes/3");
}

TEST(CheckClosedObject, ReportsMissingThenUnknown) {
  ValidationErrors errors;
  const auto value = nlohmann::json::parse(R"({"b": 1, "x": 2})");
  EXPECT_TRUE(check_closed_object(value, "/o", {"a", "b", "c"}, {"a", "b", "c"}, errors));
  EXPECT_EQ(errors.format(),
            "at /o: must have required property 'a'; at /o: must have required property 'c'; "
            "at /o: unexpected property 'x'");
  ValidationErrors not_object;
  EXPECT_FALSE(check_closed_object(nlohmann::json::array(), "/o", {}, {}, not_object));
  EXPECT_EQ(not_object.format(), "at /o: must be object");
}

TEST(CheckString, CountsCodePoints) {
  ValidationErrors errors;
  EXPECT_EQ(check_string("\xE2\x82\xAC\xE2\x82\xAC", "/s", errors, 0, 2),
            "\xE2\x82\xAC\xE2\x82\xAC");
  EXPECT_FALSE(check_string("abc", "/s", errors, 0, 2));
  EXPECT_FALSE(check_string("", "/t", errors, 1));
  EXPECT_FALSE(check_string(5, "/u", errors));
  EXPECT_EQ(
      errors.format(),
      "at /s: must NOT have more than 2 characters; at /t: must NOT have fewer than 1 characters; "
      "at /u: must be string");
  EXPECT_EQ(code_point_count("a\xC3\xA9\xF0\x9F\x98\x80"), 3u);
}

TEST(CheckInteger, FollowsJavaScriptNumbers) {
  ValidationErrors errors;
  EXPECT_EQ(check_integer(3, "/i", errors, 1), 3);
  EXPECT_EQ(check_integer(3.0, "/i", errors, 1), 3);
  EXPECT_EQ(check_integer(std::numeric_limits<std::uint64_t>::max(), "/i", errors, 0),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(check_integer(1e300, "/i", errors, 0), std::numeric_limits<std::int64_t>::max());
  EXPECT_TRUE(errors.empty()) << errors.format();
  EXPECT_FALSE(check_integer(true, "/a", errors, 0));
  EXPECT_FALSE(check_integer(2.5, "/b", errors, 0));
  EXPECT_FALSE(check_integer(-1, "/c", errors, 0));
  EXPECT_EQ(errors.format(), "at /a: must be integer; at /b: must be integer; at /c: must be >= 0");
}

TEST(CheckEnum, AcceptsOnlyListedStrings) {
  constexpr std::array<std::string_view, 2> allowed = {"a", "b"};
  ValidationErrors errors;
  EXPECT_EQ(check_enum("b", "/e", errors, allowed), "b");
  EXPECT_FALSE(check_enum("c", "/e", errors, allowed));
  EXPECT_FALSE(check_enum(nullptr, "/f", errors, allowed));
  EXPECT_EQ(errors.format(),
            "at /e: must be equal to one of the allowed values; at /f: must be equal to one of the "
            "allowed values");
}

TEST(CheckStringArray, ChecksEveryItem) {
  ValidationErrors errors;
  EXPECT_EQ(check_string_array(nlohmann::json({"x", "y"}), "/a", errors, 1),
            (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(check_string_array(nlohmann::json({"x", "", 3}), "/a", errors, 1));
  EXPECT_FALSE(check_string_array("x", "/b", errors, 1));
  EXPECT_EQ(errors.format(),
            "at /a/1: must NOT have fewer than 1 characters; at /a/2: must be string; at /b: must "
            "be array");
}

TEST(CheckBoolean, AcceptsOnlyBooleans) {
  ValidationErrors errors;
  EXPECT_EQ(check_boolean(false, "/b", errors), false);
  EXPECT_FALSE(check_boolean(0, "/c", errors));
  EXPECT_EQ(errors.format(), "at /c: must be boolean");
}

}  // namespace
}  // namespace openclaw::protocol
