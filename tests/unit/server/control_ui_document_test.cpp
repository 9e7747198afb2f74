#include "server/http/control_ui_document.h"

#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

using nlohmann::json;

config::Config make_config(const char* text) {
  auto config = config::from_json(json::parse(text));
  EXPECT_TRUE(config.has_value());
  return *config;
}

constexpr std::string_view kIndex =
    "<!doctype html>\n<html data-openclaw-control-ui-build-id=\"b1\" lang=\"en\">\n<head>\n"
    "<link rel=\"icon\" type=\"image/svg+xml\" href=\"./favicon.svg\" />\n"
    "<link rel=\"manifest\" href=\"./manifest.webmanifest\" />\n"
    "<script>alert(1)</script>\n"
    "<script type=\"module\" crossorigin src=\"./assets/index-D1.js\"></script>\n"
    "<link rel=\"stylesheet\" crossorigin href=\"./assets/index-C2.css\">\n"
    "</head><body><a href=\"./docs.html\">docs</a></body></html>";

TEST(ControlUiDocumentTest, IndexIsStampedWithTheMount) {
  const std::string root = stamp_index_html(kIndex, "");
  EXPECT_NE(root.find("<html data-openclaw-control-ui-base-path=\"\" data-openclaw-terminal-enabled=\"false\" "
                      "data-openclaw-control-ui-build-id=\"b1\""),
            std::string::npos)
      << root;
  EXPECT_NE(root.find("src=\"/assets/index-D1.js\""), std::string::npos);
  EXPECT_NE(root.find("href=\"/assets/index-C2.css\""), std::string::npos);
  EXPECT_NE(root.find("href=\"/favicon.svg\""), std::string::npos);

  const std::string mounted = stamp_index_html(kIndex, "/openclaw");
  EXPECT_NE(mounted.find("data-openclaw-control-ui-base-path=\"/openclaw\""), std::string::npos);
  EXPECT_NE(mounted.find("src=\"/openclaw/assets/index-D1.js\""), std::string::npos);
  EXPECT_NE(mounted.find("href=\"/openclaw/manifest.webmanifest\""), std::string::npos);
  EXPECT_NE(mounted.find("href=\"./docs.html\""), std::string::npos) << "other links are left alone";
  EXPECT_EQ(mounted.find("./assets/"), std::string::npos);
}

TEST(ControlUiDocumentTest, AttributeValuesAreEscaped) {
  const std::string stamped = stamp_index_html("<html>", "/a\"><script>");
  EXPECT_EQ(stamped.find("<script>"), std::string::npos) << stamped;
  EXPECT_NE(stamped.find("/a&quot;&gt;&lt;script&gt;"), std::string::npos) << stamped;
}

TEST(ControlUiDocumentTest, CspHashesInlineScriptsOnly) {
  const std::string csp = ui_content_security_policy(kIndex);
  // sha256("alert(1)") in base64.
  EXPECT_NE(csp.find("script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"), std::string::npos)
      << csp;
  EXPECT_EQ(csp.find("'sha256-", csp.find("'sha256-") + 1), std::string::npos) << "the src= script has no hash";
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("connect-src 'self' ws: wss:"), std::string::npos);
  EXPECT_NE(ui_content_security_policy("").find("script-src 'self';"), std::string::npos);
}

TEST(ControlUiDocumentTest, BootstrapDefaults) {
  const auto body = ui_bootstrap_config(make_config("{}"), "", "2026.9.6");
  EXPECT_EQ(body.dump(),
            R"({"basePath":"","assistantName":"Assistant","assistantAvatar":"A","assistantAgentId":"main",)"
            R"("serverVersion":"2026.9.6","localMediaPreviewRoots":[],"embedSandbox":"scripts",)"
            R"("allowExternalEmbedUrls":false})");
}

TEST(ControlUiDocumentTest, BootstrapNamesTheDefaultAgent) {
  const auto config = make_config(R"({
    "gateway": {"controlUi": {"embedSandbox": "strict", "allowExternalEmbedUrls": true}},
    "agents": {"list": [{"id": "main", "identity": {"name": "Other"}},
                        {"id": "ops", "default": true, "identity": {"name": "  Claw  ", "emoji": "🦞",
                                                                     "avatar": "avatars/ops.png"}}]}
  })");
  const auto body = ui_bootstrap_config(config, "/openclaw", "1.2.3");
  EXPECT_EQ(body["basePath"], "/openclaw");
  EXPECT_EQ(body["assistantName"], "Claw");
  EXPECT_EQ(body["assistantAvatar"], "🦞") << "a local image path needs a route we do not serve";
  EXPECT_EQ(body["assistantAgentId"], "ops");
  EXPECT_EQ(body["embedSandbox"], "strict");
  EXPECT_EQ(body["allowExternalEmbedUrls"], true);
}

}  // namespace
}  // namespace openclaw::server
