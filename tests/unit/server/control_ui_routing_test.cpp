#include "server/http/control_ui_routing.h"

#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using Kind = UiRoute::Kind;

UiRoute get(std::string_view base, std::string_view target, std::string_view accept = "text/html") {
  return classify_ui_request(base, target, http::verb::get, accept);
}

TEST(ControlUiRoutingTest, BasePathsNormaliseLikeUpstream) {
  EXPECT_EQ(normalize_ui_base_path(""), "");
  EXPECT_EQ(normalize_ui_base_path("/"), "");
  EXPECT_EQ(normalize_ui_base_path("  "), "");
  EXPECT_EQ(normalize_ui_base_path("openclaw"), "/openclaw");
  EXPECT_EQ(normalize_ui_base_path("/openclaw/"), "/openclaw");
  EXPECT_EQ(normalize_ui_base_path(" /a/b "), "/a/b");
}

TEST(ControlUiRoutingTest, AtTheRootTheSpaTakesEveryOtherGet) {
  auto index = get("", "/");
  EXPECT_EQ(index.kind, Kind::Serve);
  EXPECT_EQ(index.below_mount, "/");
  auto deep = get("", "/chat/main?session=x");
  EXPECT_EQ(deep.kind, Kind::Serve);
  EXPECT_EQ(deep.below_mount, "/chat/main") << "the query is not part of the file";
  EXPECT_TRUE(deep.spa_fallback);
  EXPECT_FALSE(get("", "/assets/x.js", "application/javascript").spa_fallback);
  EXPECT_EQ(classify_ui_request("", "/", http::verb::head, "").kind, Kind::Serve);
}

TEST(ControlUiRoutingTest, TheGatewaysOwnPathsStayTheirs) {
  for (const char* path : {"/health", "/healthz", "/ready", "/readyz?x=1", "/startup", "/startupz", "/v1",
                           "/v1/models", "/v1/chat/completions", "/api", "/api/x", "/plugins", "/plugins/x"}) {
    EXPECT_EQ(get("", path).kind, Kind::NotUi) << path;
  }
  EXPECT_EQ(get("", "/healthcheck").kind, Kind::Serve) << "only whole segments are reserved";
  EXPECT_EQ(get("", "/ui").kind, Kind::NotFound);
  EXPECT_EQ(get("", "/ui/x").kind, Kind::NotFound);
  EXPECT_EQ(get("", "http://127.0.0.1/../x").kind, Kind::NotUi) << "absolute-form target";
  EXPECT_EQ(get("", "*").kind, Kind::NotUi);
}

TEST(ControlUiRoutingTest, OtherMethodsAreNotTheUis) {
  for (auto method : {http::verb::post, http::verb::put, http::verb::delete_, http::verb::options}) {
    EXPECT_EQ(classify_ui_request("", "/", method, "").kind, Kind::NotUi);
    EXPECT_EQ(classify_ui_request("/openclaw", "/openclaw/", method, "").kind, Kind::NotUi);
  }
}

TEST(ControlUiRoutingTest, UnderABasePath) {
  auto bare = get("/openclaw", "/openclaw?x=1");
  EXPECT_EQ(bare.kind, Kind::Redirect);
  EXPECT_EQ(bare.location, "/openclaw/?x=1");
  auto root = get("/openclaw", "/");
  EXPECT_EQ(root.kind, Kind::Redirect);
  EXPECT_EQ(root.location, "/openclaw/");
  auto asset = get("/openclaw", "/openclaw/assets/app.js");
  EXPECT_EQ(asset.kind, Kind::Serve);
  EXPECT_EQ(asset.below_mount, "/assets/app.js");
  EXPECT_EQ(get("/openclaw", "/openclawx/a").kind, Kind::NotUi);
  EXPECT_EQ(get("/openclaw", "/other").kind, Kind::NotUi);
  EXPECT_EQ(get("/openclaw", "/healthz").kind, Kind::NotUi);
}

TEST(ControlUiRoutingTest, TheBootstrapConfigAnswersAtEveryUpstreamPath) {
  EXPECT_EQ(get("", "/control-ui-config.json").kind, Kind::Config);
  EXPECT_EQ(get("", "/__openclaw/control-ui-config.json").kind, Kind::Config);
  EXPECT_EQ(get("", "/__openclaw__/control-ui-config.json").kind, Kind::Config);
  EXPECT_EQ(get("/oc", "/oc/control-ui-config.json").kind, Kind::Config);
  EXPECT_EQ(get("/oc", "/oc/__openclaw/control-ui-config.json").kind, Kind::Config);
  EXPECT_EQ(get("/oc", "/oc/__openclaw__/control-ui-config.json").kind, Kind::Serve);
}

}  // namespace
}  // namespace openclaw::server
