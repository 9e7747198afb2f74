#include "core/auth/trusted_proxy_auth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace openclaw::auth {
namespace {

// Request headers with case-insensitive lookup, as the HTTP layer provides.
HeaderLookup headers(std::map<std::string, std::string> values) {
  auto lower = [](std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
  };
  std::map<std::string, std::string> by_lower_name;
  for (auto& [name, value] : values) by_lower_name[lower(name)] = value;
  return [by_lower_name, lower](std::string_view name) -> std::optional<std::string> {
    auto it = by_lower_name.find(lower(name));
    if (it == by_lower_name.end()) return std::nullopt;
    return it->second;
  };
}

config::TrustedProxyAuthConfig proxy_config() {
  config::TrustedProxyAuthConfig config;
  config.user_header = "X-Forwarded-User";
  return config;
}

net::IpAddress ip(std::string_view text) { return net::IpAddress::parse(text).value(); }

TEST(AuthorizeTrustedProxy, TrustedPeerWithUserHeaderYieldsTheTrimmedUser) {
  auto user = authorize_trusted_proxy(
      proxy_config(), headers({{"x-forwarded-user", "  alice@example.com "}}), true);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(*user, "alice@example.com");
}

TEST(AuthorizeTrustedProxy, UntrustedPeerFailsWhateverItsHeaders) {
  auto user =
      authorize_trusted_proxy(proxy_config(), headers({{"x-forwarded-user", "alice"}}), false);
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().reason, TrustedProxyFailureReason::UntrustedSource);
  EXPECT_EQ(reason_code(user.error()), "trusted_proxy_untrusted_source");
}

TEST(AuthorizeTrustedProxy, BlankOrAbsentUserHeaderIsUserMissing) {
  for (auto request : {headers({}), headers({{"x-forwarded-user", "   "}})}) {
    auto user = authorize_trusted_proxy(proxy_config(), request, true);
    ASSERT_FALSE(user.has_value());
    EXPECT_EQ(user.error().reason, TrustedProxyFailureReason::UserMissing);
    EXPECT_EQ(user.error().detail, "X-Forwarded-User");
    EXPECT_EQ(reason_code(user.error()), "trusted_proxy_user_missing");
  }
}

TEST(AuthorizeTrustedProxy, RequiredHeadersAreCheckedFirstInOrder) {
  auto config = proxy_config();
  config.required_headers = {"x-forwarded-proto", "x-auth-request-email"};
  auto user = authorize_trusted_proxy(config, headers({{"X-Forwarded-Proto", "https"}}), true);
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().reason, TrustedProxyFailureReason::MissingHeader);
  EXPECT_EQ(user.error().detail, "x-auth-request-email");
  EXPECT_EQ(reason_code(user.error()), "trusted_proxy_missing_header_x-auth-request-email");

  auto blank = authorize_trusted_proxy(
      config, headers({{"x-forwarded-proto", " "}, {"x-forwarded-user", "alice"}}), true);
  ASSERT_FALSE(blank.has_value());
  EXPECT_EQ(blank.error().detail, "x-forwarded-proto");

  auto ok = authorize_trusted_proxy(config,
                                    headers({{"x-forwarded-proto", "https"},
                                             {"x-auth-request-email", "a@example.com"},
                                             {"x-forwarded-user", "alice"}}),
                                    true);
  EXPECT_EQ(ok.value_or(""), "alice");
}

TEST(AuthorizeTrustedProxy, AllowUsersIsAnExactList) {
  auto config = proxy_config();
  config.allow_users = {"alice", "bob"};
  EXPECT_EQ(
      authorize_trusted_proxy(config, headers({{"x-forwarded-user", "bob"}}), true).value_or(""),
      "bob");
  for (const char* name : {"mallory", "Alice", "alice2"}) {
    auto user = authorize_trusted_proxy(config, headers({{"x-forwarded-user", name}}), true);
    ASSERT_FALSE(user.has_value()) << name;
    EXPECT_EQ(user.error().reason, TrustedProxyFailureReason::UserNotAllowed);
    EXPECT_EQ(user.error().detail, name);
    EXPECT_EQ(reason_code(user.error()), "trusted_proxy_user_not_allowed");
  }
}

TEST(AuthorizeTrustedProxy, PeerOverloadChecksTheListAndLoopback) {
  auto proxies = net::TrustedProxyList::create({"10.0.0.0/8", "127.0.0.1"}).value();
  auto request = headers({{"x-forwarded-user", "alice"}});
  auto config = proxy_config();

  EXPECT_EQ(authorize_trusted_proxy(config, request, ip("10.1.2.3"), proxies).value_or(""),
            "alice");
  EXPECT_EQ(authorize_trusted_proxy(config, request, ip("::ffff:10.1.2.3"), proxies).value_or(""),
            "alice");

  auto outside = authorize_trusted_proxy(config, request, ip("192.168.1.1"), proxies);
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().reason, TrustedProxyFailureReason::UntrustedSource);

  auto loopback = authorize_trusted_proxy(config, request, ip("127.0.0.1"), proxies);
  ASSERT_FALSE(loopback.has_value());
  EXPECT_EQ(loopback.error().reason, TrustedProxyFailureReason::LoopbackSource);
  EXPECT_EQ(reason_code(loopback.error()), "trusted_proxy_loopback_source");

  config.allow_loopback = true;
  EXPECT_EQ(authorize_trusted_proxy(config, request, ip("127.0.0.1"), proxies).value_or(""),
            "alice");
  // allowLoopback does not trust a loopback address that is not listed.
  EXPECT_FALSE(authorize_trusted_proxy(config, request, ip("::1"), proxies).has_value());
}

TEST(LookupIn, FindsLowercasedHeadersByAnySpelling) {
  const std::map<std::string, std::string> stored = {{"x-forwarded-user", "alice"}};
  HeaderLookup lookup = lookup_in(stored);
  EXPECT_EQ(lookup("X-Forwarded-User"), "alice");
  EXPECT_EQ(lookup("x-forwarded-user"), "alice");
  EXPECT_EQ(lookup("x-other"), std::nullopt);
  EXPECT_EQ(authorize_trusted_proxy(proxy_config(), lookup, true).value_or(""), "alice");
}

TEST(TrustedProxyFailureReason, NamesAreStableLabels) {
  EXPECT_EQ(to_string(TrustedProxyFailureReason::UntrustedSource), "untrusted_source");
  EXPECT_EQ(to_string(TrustedProxyFailureReason::LoopbackSource), "loopback_source");
  EXPECT_EQ(to_string(TrustedProxyFailureReason::MissingHeader), "missing_header");
  EXPECT_EQ(to_string(TrustedProxyFailureReason::UserMissing), "user_missing");
  EXPECT_EQ(to_string(TrustedProxyFailureReason::UserNotAllowed), "user_not_allowed");
}

}  // namespace
}  // namespace openclaw::auth
