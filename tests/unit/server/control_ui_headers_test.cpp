#include "server/http/control_ui_headers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ControlUiHeadersTest, ContentTypesByExtension) {
  EXPECT_EQ(ui_content_type("html"), "text/html; charset=utf-8");
  EXPECT_EQ(ui_content_type("js"), "application/javascript; charset=utf-8");
  EXPECT_EQ(ui_content_type("mjs"), "application/javascript; charset=utf-8");
  EXPECT_EQ(ui_content_type("css"), "text/css; charset=utf-8");
  EXPECT_EQ(ui_content_type("json"), "application/json; charset=utf-8");
  EXPECT_EQ(ui_content_type("map"), "application/json; charset=utf-8");
  EXPECT_EQ(ui_content_type("svg"), "image/svg+xml");
  EXPECT_EQ(ui_content_type("png"), "image/png");
  EXPECT_EQ(ui_content_type("webp"), "image/webp");
  EXPECT_EQ(ui_content_type("ico"), "image/x-icon");
  EXPECT_EQ(ui_content_type("woff2"), "font/woff2");
  EXPECT_EQ(ui_content_type("wasm"), "application/wasm");
  EXPECT_EQ(ui_content_type("txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ui_content_type("webmanifest"), "application/manifest+json; charset=utf-8");
  EXPECT_EQ(ui_content_type("exe"), "application/octet-stream");
  EXPECT_EQ(ui_content_type(""), "application/octet-stream");
}

TEST(ControlUiHeadersTest, StaticAssetsAndCompressibleFormats) {
  EXPECT_TRUE(is_ui_static_asset_extension("js"));
  EXPECT_TRUE(is_ui_static_asset_extension("png"));
  EXPECT_FALSE(is_ui_static_asset_extension("html")) << "a missing page is the SPA's";
  EXPECT_FALSE(is_ui_static_asset_extension(""));
  EXPECT_TRUE(is_ui_compressible_extension("js"));
  EXPECT_TRUE(is_ui_compressible_extension("svg"));
  EXPECT_FALSE(is_ui_compressible_extension("png"));
  EXPECT_FALSE(is_ui_compressible_extension("woff2"));
}

TEST(ControlUiHeadersTest, EncodingsFollowAcceptEncoding) {
  EXPECT_THAT(ui_accepted_encodings(""), ElementsAre("identity"));
  EXPECT_THAT(ui_accepted_encodings("gzip, deflate, br, zstd"), ElementsAre("br", "gzip", "identity"));
  EXPECT_THAT(ui_accepted_encodings("gzip"), ElementsAre("gzip", "identity"));
  EXPECT_THAT(ui_accepted_encodings("br;q=0.5, gzip;q=0.8"), ElementsAre("identity", "gzip", "br"));
  EXPECT_THAT(ui_accepted_encodings("br;q=0, gzip"), ElementsAre("gzip", "identity"));
  EXPECT_THAT(ui_accepted_encodings("*"), ElementsAre("br", "gzip", "identity"));
  EXPECT_THAT(ui_accepted_encodings("identity;q=0"), IsEmpty());
  EXPECT_THAT(ui_accepted_encodings("*;q=0"), IsEmpty());
  EXPECT_THAT(ui_accepted_encodings("br;q=nonsense"), ElementsAre("identity"));
}

TEST(ControlUiHeadersTest, EntityTagsDifferByContentAndCoding) {
  const auto plain = ui_entity_tag(100, 1700000000, 5, "identity");
  EXPECT_TRUE(plain.starts_with('"') && plain.ends_with('"')) << plain;
  EXPECT_NE(plain, ui_entity_tag(100, 1700000000, 5, "br"));
  EXPECT_NE(plain, ui_entity_tag(101, 1700000000, 5, "identity"));
  EXPECT_NE(plain, ui_entity_tag(100, 1700000000, 6, "identity"));
  EXPECT_TRUE(ui_if_none_match(plain, plain));
  EXPECT_TRUE(ui_if_none_match("\"other\", W/" + plain, plain));
  EXPECT_TRUE(ui_if_none_match("*", plain));
  EXPECT_FALSE(ui_if_none_match("\"other\"", plain));
  EXPECT_FALSE(ui_if_none_match("", plain));
}

TEST(ControlUiHeadersTest, HttpDatesRoundTrip) {
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date(http_date(1700000000)), 1700000000);
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
}

TEST(ControlUiHeadersTest, OnlyHtmlAcceptingRequestsGetTheSpa) {
  EXPECT_TRUE(ui_accepts_html(""));
  EXPECT_TRUE(ui_accepts_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_TRUE(ui_accepts_html("*/*"));
  EXPECT_FALSE(ui_accepts_html("application/json"));
  EXPECT_FALSE(ui_accepts_html("image/avif,image/webp"));
  EXPECT_FALSE(ui_accepts_html("text/html;q=0"));
}

}  // namespace
}  // namespace openclaw::server
