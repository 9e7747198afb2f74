#include "core/auth/origin_check.h"

#include <gtest/gtest.h>

namespace openclaw::auth {
namespace {

OriginPolicy allow(std::vector<std::string> origins, bool host_fallback = false) {
  return OriginPolicy{.allowed_origins = std::move(origins),
                      .allow_host_header_fallback = host_fallback};
}

TEST(NormalizeOrigin, LowercasesAndDropsDefaultPorts) {
  EXPECT_EQ(normalize_origin("HTTPS://Control.Example.COM"), "https://control.example.com");
  EXPECT_EQ(normalize_origin("https://control.example.com:443"), "https://control.example.com");
  EXPECT_EQ(normalize_origin("http://gw.example:80"), "http://gw.example");
  EXPECT_EQ(normalize_origin("wss://gw.example:443"), "wss://gw.example");
  EXPECT_EQ(normalize_origin("http://gw.example:443"), "http://gw.example:443");
  EXPECT_EQ(normalize_origin("https://gw.example:8443"), "https://gw.example:8443");
  EXPECT_EQ(normalize_origin("http://localhost:18789"), "http://localhost:18789");
  EXPECT_EQ(normalize_origin("http://gw.example:018789"), "http://gw.example:18789");
  EXPECT_EQ(normalize_origin("  https://gw.example  "), "https://gw.example");
}

TEST(NormalizeOrigin, CanonicalisesAddressHosts) {
  EXPECT_EQ(normalize_origin("http://[::1]:18789"), "http://[::1]:18789");
  EXPECT_EQ(normalize_origin("http://[0:0:0:0:0:0:0:1]"), "http://[::1]");
  EXPECT_EQ(normalize_origin("http://[2001:DB8::1]"), "http://[2001:db8::1]");
  EXPECT_EQ(normalize_origin("http://[::ffff:127.0.0.1]:80"), "http://127.0.0.1");
  EXPECT_EQ(normalize_origin("http://127.0.0.1:18789"), "http://127.0.0.1:18789");
}

TEST(NormalizeOrigin, DropsPathQueryAndFragmentLikeUrlOrigin) {
  EXPECT_EQ(normalize_origin("https://gw.example/"), "https://gw.example");
  EXPECT_EQ(normalize_origin("https://gw.example:8443/ui?x=1#y"), "https://gw.example:8443");
}

TEST(NormalizeOrigin, RejectsWhatIsNotAnOrigin) {
  for (const char* text : {"",
                           "   ",
                           "null",
                           "gw.example",
                           "//gw.example",
                           "https:gw.example",
                           "://gw.example",
                           "1http://gw.example",
                           "https://",
                           "https://:443",
                           "https://user@gw.example",
                           "https://user:pw@gw.example",
                           "https://gw example",
                           "https://gw.exa%6dple",
                           "https://gw.example:99999",
                           "https://gw.example:-1",
                           "https://gw.example:8o",
                           "http://[::1",
                           "http://[::1]x",
                           "http://[1.2.3.4]",
                           "http://[gw.example]",
                           "http://::1",
                           "https://g\xc3\xa9.example"}) {
    EXPECT_FALSE(normalize_origin(text).has_value()) << '"' << text << '"';
  }
}

TEST(CheckOrigin, ListedOriginPassesInAnySpelling) {
  auto policy = allow({"https://control.example.com"});
  EXPECT_EQ(check_origin("https://control.example.com", policy, "", false), OriginMatch::Allowlist);
  EXPECT_EQ(check_origin("HTTPS://CONTROL.example.com:443", policy, "", false),
            OriginMatch::Allowlist);
  EXPECT_EQ(check_origin("http://control.example.com", policy, "", false), OriginMatch::NotAllowed);
  EXPECT_EQ(check_origin("https://control.example.com:8443", policy, "", false),
            OriginMatch::NotAllowed);
  EXPECT_EQ(check_origin("https://evil.example", policy, "", false), OriginMatch::NotAllowed);
}

TEST(CheckOrigin, ListEntriesAreNormalisedToo) {
  auto policy = allow({" HTTP://LocalHost:18789 ", "https://gw.example:443", "not an origin"});
  EXPECT_TRUE(origin_allowed("http://localhost:18789", policy, "", false));
  EXPECT_TRUE(origin_allowed("https://gw.example", policy, "", false));
  EXPECT_FALSE(origin_allowed("not an origin", policy, "", false));
}

TEST(CheckOrigin, WildcardAllowsEveryValidOrigin) {
  auto policy = allow({"*"});
  EXPECT_EQ(check_origin("https://anything.example", policy, "", false), OriginMatch::Wildcard);
  EXPECT_EQ(check_origin("null", policy, "", false), OriginMatch::NotAllowed);
  EXPECT_EQ(check_origin("", policy, "", false), OriginMatch::NotAllowed);
  // An exact listing is reported as such even when "*" is also present.
  EXPECT_EQ(check_origin("https://a.example", allow({"*", "https://a.example"}), "", false),
            OriginMatch::Allowlist);
}

TEST(CheckOrigin, MissingNullAndInvalidOriginsFailEvenForLocalClients) {
  auto policy = allow({"http://localhost:18789"}, true);
  for (const char* origin : {"", "null", "file://", "localhost:18789"}) {
    EXPECT_EQ(check_origin(origin, policy, "localhost:18789", true), OriginMatch::NotAllowed)
        << origin;
  }
}

TEST(CheckOrigin, HostHeaderFallbackNeedsTheOptionAndAMatchingHost) {
  EXPECT_EQ(check_origin("https://gw.lan:8443", allow({}, true), "GW.lan:8443", false),
            OriginMatch::HostHeaderFallback);
  EXPECT_EQ(check_origin("https://gw.lan:8443", allow({}, false), "gw.lan:8443", false),
            OriginMatch::NotAllowed);
  EXPECT_EQ(check_origin("https://gw.lan:8443", allow({}, true), "gw.lan", false),
            OriginMatch::NotAllowed);
  EXPECT_EQ(check_origin("https://gw.lan", allow({}, true), "other.lan", false),
            OriginMatch::NotAllowed);
  EXPECT_EQ(check_origin("https://gw.lan", allow({}, true), "", false), OriginMatch::NotAllowed);
}

TEST(CheckOrigin, HostHeaderFallbackComparesPortsAfterDroppingTheSchemeDefault) {
  auto policy = allow({}, true);
  EXPECT_TRUE(origin_allowed("https://gw.lan", policy, "gw.lan:443", false));
  EXPECT_TRUE(origin_allowed("http://gw.lan", policy, "gw.lan:80", false));
  EXPECT_TRUE(origin_allowed("http://gw.lan:443", policy, "gw.lan:443", false));
  EXPECT_FALSE(origin_allowed("http://gw.lan", policy, "gw.lan:443", false));
  EXPECT_TRUE(origin_allowed("http://[::1]:18789", policy, "[0::1]:18789", false));
}

TEST(CheckOrigin, LocalDirectClientWithLoopbackOriginHostPasses) {
  auto policy = allow({});
  for (const char* origin : {"http://localhost:18789", "http://127.0.0.1:5173", "http://127.1.2.3",
                             "http://[::1]:18789", "https://LOCALHOST"}) {
    EXPECT_EQ(check_origin(origin, policy, "", true), OriginMatch::LocalLoopback) << origin;
    EXPECT_EQ(check_origin(origin, policy, "", false), OriginMatch::NotAllowed) << origin;
  }
  for (const char* origin : {"http://10.0.0.5:18789", "http://localhost.evil.example",
                             "http://0.0.0.0:18789", "http://gw.local"}) {
    EXPECT_EQ(check_origin(origin, policy, "", true), OriginMatch::NotAllowed) << origin;
  }
}

TEST(OriginPolicyFromConfig, CopiesTheControlUiSettings) {
  config::ControlUiConfig control_ui;
  control_ui.allowed_origins = {"https://a.example"};
  control_ui.dangerously_allow_host_header_origin_fallback = true;
  auto policy = origin_policy_from_config(control_ui);
  EXPECT_EQ(policy.allowed_origins, std::vector<std::string>{"https://a.example"});
  EXPECT_TRUE(policy.allow_host_header_fallback);
}

}  // namespace
}  // namespace openclaw::auth
