#include "client/gateway_url.h"

#include <gtest/gtest.h>

namespace openclaw::client {
namespace {

TEST(GatewayUrlTest, ParsesWsAndWssWithDefaultsAndPaths) {
  auto plain = parse_gateway_url("ws://127.0.0.1:18789");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->secure);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, 18789);
  EXPECT_EQ(plain->path, "/");
  EXPECT_EQ(plain->host_header(), "127.0.0.1:18789");

  auto secure = parse_gateway_url("  WSS://Gateway.Example/openclaw?x=1#frag ");
  ASSERT_TRUE(secure) << secure.error().message;
  EXPECT_TRUE(secure->secure);
  EXPECT_EQ(secure->host, "Gateway.Example");
  EXPECT_EQ(secure->port, 443);
  EXPECT_EQ(secure->path, "/openclaw?x=1");

  auto ipv6 = parse_gateway_url("ws://[::1]:19001/");
  ASSERT_TRUE(ipv6) << ipv6.error().message;
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->port, 19001);
  EXPECT_EQ(ipv6->host_header(), "[::1]:19001");
  EXPECT_EQ(parse_gateway_url("ws://localhost")->port, 80);
}

TEST(GatewayUrlTest, RefusesWhatIsNotAGatewayUrlNamingTheProblem) {
  auto expect_error = [](std::string_view url, std::string_view fragment) {
    auto parsed = parse_gateway_url(url);
    ASSERT_FALSE(parsed) << url;
    EXPECT_NE(parsed.error().message.find(fragment), std::string::npos) << parsed.error().message;
  };
  expect_error("http://127.0.0.1:18789", "use ws:// instead of http://");
  expect_error("https://gw.example", "use wss:// instead of https://");
  expect_error("127.0.0.1:18789", "must start with ws:// or wss://");
  expect_error("ws://:18789", "no host");
  expect_error("ws://host:0", "bad port \"0\"");
  expect_error("ws://host:65536", "bad port");
  expect_error("ws://host:12ab", "bad port");
  expect_error("ws://host:", "empty port");
  expect_error("ws://[::1", "unclosed [");
  auto with_credentials = parse_gateway_url("ws://admin:s3cret@host:1");
  ASSERT_FALSE(with_credentials);
  EXPECT_EQ(with_credentials.error().message.find("s3cret"), std::string::npos) << "credentials are never echoed";
}

TEST(GatewayUrlTest, LoopbackHosts) {
  for (const char* host : {"localhost", "LOCALHOST", "gw.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"10.0.0.1", "gateway.example", "0.0.0.0", "::", "localhost.example", "128.0.0.1"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

}  // namespace
}  // namespace openclaw::client
