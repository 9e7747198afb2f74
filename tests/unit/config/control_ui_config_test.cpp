// gateway.controlUi.root and basePath: what the schema accepts and how it names a bad value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/config/schema.h"
#include "core/config/value_checks.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

ValidationReport check(std::string_view text) { return validate(json::parse(text)); }

TEST(ControlUiConfig, RootMustBeAbsolute) {
  EXPECT_TRUE(check(R"({"gateway": {"controlUi": {"root": "/opt/openclaw/control-ui"}}})").ok());
  auto report = check(R"({"gateway": {"controlUi": {"root": "dist/control-ui"}}})");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].path, "gateway.controlUi.root");
  EXPECT_THAT(report.errors[0].message, HasSubstr("is not an absolute path"));
  EXPECT_THAT(report.errors[0].message, HasSubstr("/opt/openclaw/control-ui"));
  EXPECT_FALSE(check(R"({"gateway": {"controlUi": {"root": 5}}})").ok());
}

TEST(ControlUiConfig, BasePathsUpstreamNormalisesAreAccepted) {
  for (const char* base : {"", "/", "/openclaw", "openclaw", "/openclaw/", " /apps/open-claw_1.0~x "}) {
    EXPECT_EQ(check_ui_base_path(base), std::nullopt) << base;
    EXPECT_TRUE(check(json({{"gateway", {{"controlUi", {{"basePath", base}}}}}}).dump()).ok()) << base;
  }
}

TEST(ControlUiConfig, BasePathsThatAreNotPlainPathsAreRefused) {
  EXPECT_THAT(*check_ui_base_path("/a//b"), HasSubstr("empty path segment"));
  EXPECT_THAT(*check_ui_base_path("/../x"), HasSubstr(". or .. segment"));
  EXPECT_THAT(*check_ui_base_path("/ui?x=1"), HasSubstr("other than letters"));
  EXPECT_THAT(*check_ui_base_path("/ui#top"), HasSubstr("other than letters"));
  EXPECT_THAT(*check_ui_base_path("/open claw"), HasSubstr("other than letters"));
  EXPECT_THAT(*check_ui_base_path("/%2e%2e"), HasSubstr("other than letters"));
  auto report = check(R"({"gateway": {"controlUi": {"basePath": "/a/../b"}}})");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].path, "gateway.controlUi.basePath");
  EXPECT_THAT(report.errors[0].message, HasSubstr("/openclaw"));
}

}  // namespace
}  // namespace openclaw::config
