#include "core/protocol/frames.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::protocol {
namespace {

FrameError parse_error(std::string_view text) {
  auto parsed = parse_request_frame(text);
  EXPECT_FALSE(parsed.has_value()) << text;
  return parsed ? FrameError{} : parsed.error();
}

TEST(ParseRequestFrame, AcceptsTheSampleConnectFrame) {
  auto frame = parse_request_frame(
      R"({"type":"req","id":"b173ed4d-2594-4a94-aebc-923b4777ed91","method":"connect",)"
      R"("params":{"minProtocol":3,"maxProtocol":4}})");
  ASSERT_TRUE(frame.has_value()) << frame.error().message;
  EXPECT_EQ(frame->id, "b173ed4d-2594-4a94-aebc-923b4777ed91");
  EXPECT_EQ(frame->method, "connect");
  EXPECT_EQ(frame->params, nlohmann::json({{"minProtocol", 3}, {"maxProtocol", 4}}));
  EXPECT_FALSE(frame->traceparent.has_value());
}

TEST(ParseRequestFrame, ParamsAreNullWhenAbsent) {
  auto frame = parse_request_frame(R"({"type":"req","id":"2:9f7a","method":"health"})");
  ASSERT_TRUE(frame.has_value());
  EXPECT_TRUE(frame->params.is_null());
}

TEST(ParseRequestFrame, AcceptsTraceparentUpTo128Characters) {
  const std::string ok = std::string(128, 'a');
  auto frame = parse_request_frame(R"({"type":"req","id":"1","method":"status","traceparent":")" +
                                   ok + "\"}");
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->traceparent, ok);
  // Length counts characters, not bytes: 128 two-byte characters still fit.
  std::string wide;
  for (int i = 0; i < 128; ++i) wide += "\xC3\xA9";
  EXPECT_TRUE(
      parse_request_frame(R"({"type":"req","id":"1","method":"m","traceparent":")" + wide + "\"}"));
  EXPECT_EQ(
      parse_error(R"({"type":"req","id":"1","method":"m","traceparent":")" + ok + "b\"}").message,
      "invalid request frame: at /traceparent: must NOT have more than 128 characters");
}

TEST(ParseRequestFrame, NotJsonIsItsOwnKind) {
  const FrameError error = parse_error("not json{");
  EXPECT_EQ(error.kind, FrameErrorKind::NotJson);
  EXPECT_EQ(error.id, "invalid");
  EXPECT_EQ(error.message, "invalid request frame: not valid JSON");
}

TEST(ParseRequestFrame, NonObjectsAreRefused) {
  for (const char* text : {"[]", "null", "42", "\"req\""}) {
    const FrameError error = parse_error(text);
    EXPECT_EQ(error.kind, FrameErrorKind::InvalidFrame);
    EXPECT_EQ(error.id, "invalid");
    EXPECT_EQ(error.message, "invalid request frame: must be object") << text;
  }
}

TEST(ParseRequestFrame, WrongTypeEchoesTheId) {
  const FrameError error = parse_error(R"({"type":"event","id":"abc","method":"x"})");
  EXPECT_EQ(error.id, "abc");
  EXPECT_EQ(error.message, "invalid request frame: at /type: must be equal to constant");
  EXPECT_EQ(parse_error(R"({"type":1,"id":"abc","method":"x"})").message,
            "invalid request frame: at /type: must be string; at /type: must be equal to constant");
}

TEST(ParseRequestFrame, ReportsMissingMembersInSchemaOrder) {
  EXPECT_EQ(parse_error(R"({"type":"req"})").message,
            "invalid request frame: must have required property 'id'; must have required property "
            "'method'");
  EXPECT_EQ(parse_error(R"({"id":"7","method":"m"})").message,
            "invalid request frame: must have required property 'type'");
}

TEST(ParseRequestFrame, IdAndMethodMustBeNonEmptyStrings) {
  FrameError error = parse_error(R"({"type":"req","id":"","method":""})");
  EXPECT_EQ(error.id, "");  // upstream echoes any id it got, even an empty one
  EXPECT_EQ(error.message,
            "invalid request frame: at /id: must NOT have fewer than 1 characters; "
            "at /method: must NOT have fewer than 1 characters");
  error = parse_error(R"({"type":"req","id":5,"method":["m"]})");
  EXPECT_EQ(error.id, "invalid");
  EXPECT_EQ(error.message,
            "invalid request frame: at /id: must be string; at /method: must be string");
}

TEST(ParseRequestFrame, ClosedSchemaRefusesExtraMembers) {
  const FrameError error = parse_error(R"({"type":"req","id":"9","method":"health","extra":true})");
  EXPECT_EQ(error.id, "9");
  EXPECT_EQ(error.message, "invalid request frame: at root: unexpected property 'extra'");
}

TEST(ParseRequestFrame, RefusesDeepNestingBeforeParsing) {
  const std::string deep = R"({"type":"req","id":"1","method":"m","params":)" +
                           std::string(kMaxFrameDepth, '[') + std::string(kMaxFrameDepth, ']') +
                           "}";
  EXPECT_EQ(parse_error(deep).message, "invalid request frame: nested deeper than 256 levels");
  const std::string fits = R"({"type":"req","id":"1","method":"m","params":)" +
                           std::string(kMaxFrameDepth - 1, '[') +
                           std::string(kMaxFrameDepth - 1, ']') + "}";
  EXPECT_TRUE(parse_request_frame(fits).has_value());
  // Brackets inside strings are text, not nesting.
  const std::string quoted =
      R"({"type":"req","id":"1","method":"m","params":")" + std::string(1000, '[') + R"(\"["})";
  EXPECT_TRUE(parse_request_frame(quoted).has_value());
}

TEST(ResponseOk, MatchesTheWireShape) {
  EXPECT_EQ(response_ok("2:9f7a", {{"ok", true}}),
            R"({"type":"res","id":"2:9f7a","ok":true,"payload":{"ok":true}})");
  EXPECT_EQ(response_ok("x", nullptr), R"({"type":"res","id":"x","ok":true,"payload":null})");
  EXPECT_EQ(response_ok("quote\"id", 1),
            R"({"type":"res","id":"quote\"id","ok":true,"payload":1})");
}

TEST(ResponseError, ReproducesTheSampleRejection) {
  const ErrorShape error{kNotPaired,
                         "device identity required",
                         {{"code", "DEVICE_IDENTITY_REQUIRED"}},
                         std::nullopt,
                         std::nullopt};
  const std::string text = response_error("85a06d23-71e2-4569-8d6a-f9e4d41a19dd", error);
  EXPECT_EQ(
      text,
      R"({"type":"res","id":"85a06d23-71e2-4569-8d6a-f9e4d41a19dd","ok":false,"error":)"
      R"({"code":"NOT_PAIRED","message":"device identity required","details":{"code":"DEVICE_IDENTITY_REQUIRED"}}})");
}

TEST(EventFrame, KeepsUpstreamMemberOrder) {
  EXPECT_EQ(event_frame("connect.challenge", {{"nonce", "n"}, {"ts", 1}}),
            R"({"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}})");
  EXPECT_EQ(event_frame("tick", {{"ts", 5}}, 7),
            R"({"type":"event","event":"tick","payload":{"ts":5},"seq":7})");
  EXPECT_EQ(
      event_frame("health", {{"ok", true}}, 1, StateVersion{1, 3}),
      R"({"type":"event","event":"health","payload":{"ok":true},"seq":1,"stateVersion":{"presence":1,"health":3}})");
  EXPECT_EQ(
      event_frame("presence", nlohmann::json::object(), std::nullopt, StateVersion{2, 4}),
      R"({"type":"event","event":"presence","payload":{},"stateVersion":{"presence":2,"health":4}})");
}

TEST(TruncateCloseReason, KeepsShortReasonsAndFillsEmptyOnes) {
  EXPECT_EQ(truncate_close_reason("protocol mismatch"), "protocol mismatch");
  EXPECT_EQ(truncate_close_reason(""), "invalid handshake");
}

TEST(TruncateCloseReason, CutsAt120BytesOnACodePointBoundary) {
  EXPECT_EQ(truncate_close_reason(std::string(200, 'x')), std::string(120, 'x'));
  // 119 ASCII bytes then a 2-byte character straddling byte 120: the character is dropped.
  const std::string straddling = std::string(119, 'a') + "\xC3\xA9" + "tail";
  EXPECT_EQ(truncate_close_reason(straddling), std::string(119, 'a'));
  const std::string fitting = std::string(118, 'a') + "\xC3\xA9" + "tail";
  EXPECT_EQ(truncate_close_reason(fitting), std::string(118, 'a') + "\xC3\xA9");
}

}  // namespace
}  // namespace openclaw::protocol
