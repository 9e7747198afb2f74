#include "core/protocol/error_shape.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::protocol {
namespace {

TEST(ErrorShape, ToJsonLeavesOutAbsentMembers) {
  const ErrorShape error{kInvalidRequest, "invalid role", nullptr, std::nullopt, std::nullopt};
  EXPECT_EQ(error.to_json(),
            nlohmann::json({{"code", "INVALID_REQUEST"}, {"message", "invalid role"}}));
}

TEST(ErrorShape, ToJsonCarriesEveryPresentMember) {
  const ErrorShape error{kUnavailable, "busy", {{"reason", "startup"}}, true, 500};
  EXPECT_EQ(error.to_json(), nlohmann::json({{"code", "UNAVAILABLE"},
                                             {"message", "busy"},
                                             {"details", {{"reason", "startup"}}},
                                             {"retryable", true},
                                             {"retryAfterMs", 500}}));
}

TEST(ErrorShape, DumpUsesUpstreamMemberOrder) {
  const ErrorShape error{kInvalidRequest,
                         "unauthorized: too many failed authentication attempts (retry later)",
                         {{"code", "AUTH_RATE_LIMITED"}},
                         true,
                         1500};
  EXPECT_EQ(
      error.dump(),
      R"j({"code":"INVALID_REQUEST","message":"unauthorized: too many failed authentication attempts )j"
      R"j((retry later)","retryable":true,"retryAfterMs":1500,"details":{"code":"AUTH_RATE_LIMITED"}})j");
  const ErrorShape plain{kNotPaired, "device identity required", nullptr, std::nullopt,
                         std::nullopt};
  EXPECT_EQ(plain.dump(), R"({"code":"NOT_PAIRED","message":"device identity required"})");
  const ErrorShape not_retryable{kUnavailable, "x", nullptr, false, std::nullopt};
  EXPECT_EQ(not_retryable.dump(), R"({"code":"UNAVAILABLE","message":"x","retryable":false})");
}

TEST(ErrorShape, DumpEscapesStringsAndParsesBack) {
  const ErrorShape error{kInvalidRequest,
                         "quote \" backslash \\ newline \n",
                         {{"k", "v"}},
                         std::nullopt,
                         std::nullopt};
  EXPECT_EQ(nlohmann::json::parse(error.dump()), error.to_json());
}

TEST(DumpJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  const nlohmann::json value = std::string("bad \xff byte");
  std::string text;
  EXPECT_NO_THROW(text = dump_json(value));
  EXPECT_EQ(text, "\"bad \xEF\xBF\xBD byte\"");
}

TEST(ErrorCodes, MatchUpstreamNames) {
  EXPECT_STREQ(kNotLinked, "NOT_LINKED");
  EXPECT_STREQ(kNotPaired, "NOT_PAIRED");
  EXPECT_STREQ(kAgentTimeout, "AGENT_TIMEOUT");
  EXPECT_STREQ(kInvalidRequest, "INVALID_REQUEST");
  EXPECT_STREQ(kApprovalNotFound, "APPROVAL_NOT_FOUND");
  EXPECT_STREQ(kUnavailable, "UNAVAILABLE");
  EXPECT_STREQ(kForbidden, "FORBIDDEN");
  EXPECT_STREQ(kAgentResultNotFound, "AGENT_RESULT_NOT_FOUND");
}

}  // namespace
}  // namespace openclaw::protocol
