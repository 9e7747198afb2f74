#include "providers/http/outgoing_url.h"

#include <gtest/gtest.h>

namespace openclaw::providers {
namespace {

TEST(OutgoingUrlTest, SplitsHttpsUrlIntoOriginAndTarget) {
  auto url = parse_outgoing_url("https://API.OpenAI.com/v1/chat/completions?x=1#frag");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "api.openai.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/v1/chat/completions?x=1");
  EXPECT_EQ(url->host_header(), "api.openai.com");
  EXPECT_EQ(url->authority(), "api.openai.com:443");
  EXPECT_EQ(url->origin(), "https://api.openai.com:443");
}

TEST(OutgoingUrlTest, ExplicitPortsIpv6AndEmptyPaths) {
  auto local = parse_outgoing_url("HTTP://127.0.0.1:11434");
  ASSERT_TRUE(local);
  EXPECT_FALSE(local->tls);
  EXPECT_EQ(local->port, 11434);
  EXPECT_EQ(local->target, "/");
  EXPECT_EQ(local->host_header(), "127.0.0.1:11434");
  EXPECT_EQ(local->absolute_form(), "http://127.0.0.1:11434/");

  auto v6 = parse_outgoing_url("https://[::1]:8443/v1?q");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->authority(), "[::1]:8443");
  EXPECT_EQ(v6->target, "/v1?q");

  auto query_only = parse_outgoing_url("http://example.com?key=1");
  ASSERT_TRUE(query_only);
  EXPECT_EQ(query_only->target, "/?key=1");
  EXPECT_EQ(query_only->port, 80);
}

TEST(OutgoingUrlTest, RefusesWhatCannotBeCalledWithoutEchoingTheUrl) {
  struct Case {
    const char* url;
    const char* reason;
  };
  for (const Case& bad : {Case{"ftp://example.com/?key=SECRET", "http:// or https://"},
                          Case{"example.com/v1?key=SECRET", "http:// or https://"},
                          Case{"https://user:SECRET@example.com/", "credentials"},
                          Case{"https://:443/?key=SECRET", "no host"},
                          Case{"https://example.com:0/?key=SECRET", "bad port"},
                          Case{"https://example.com:99999/?key=SECRET", "bad port"},
                          Case{"https://example.com:/?key=SECRET", "bad port"},
                          Case{"https://exa mple.com/?key=SECRET", "malformed host"},
                          Case{"https://[::1/?key=SECRET", "unclosed"},
                          Case{"https://[example.com]/?key=SECRET", "IPv6"}}) {
    auto url = parse_outgoing_url(bad.url);
    ASSERT_FALSE(url) << bad.url;
    EXPECT_NE(url.error().message.find(bad.reason), std::string::npos)
        << bad.url << ": " << url.error().message;
    EXPECT_EQ(url.error().message.find("SECRET"), std::string::npos) << url.error().message;
  }
}

TEST(OutgoingUrlTest, IpLiteralsAreRecognised) {
  EXPECT_TRUE(is_ip_literal("127.0.0.1"));
  EXPECT_TRUE(is_ip_literal("::1"));
  EXPECT_FALSE(is_ip_literal("localhost"));
  EXPECT_FALSE(is_ip_literal("1.2.3.4.example"));
}

}  // namespace
}  // namespace openclaw::providers
