#include "core/net/client_ip.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::net {
namespace {

IpAddress ip(std::string_view text) { return IpAddress::parse(text).value(); }

TrustedProxyList proxies(const std::vector<std::string>& entries) {
  return TrustedProxyList::create(entries).value();
}

ForwardingHeaders xff(std::string value) {
  ForwardingHeaders headers;
  headers.x_forwarded_for = std::move(value);
  return headers;
}

TEST(ParseForwardedAddress, AcceptsAddressesWithAndWithoutPorts) {
  EXPECT_EQ(parse_forwarded_address("203.0.113.7"), ip("203.0.113.7"));
  EXPECT_EQ(parse_forwarded_address(" 203.0.113.7 "), ip("203.0.113.7"));
  EXPECT_EQ(parse_forwarded_address("203.0.113.7:5678"), ip("203.0.113.7"));
  EXPECT_EQ(parse_forwarded_address("2001:db8::7"), ip("2001:db8::7"));
  EXPECT_EQ(parse_forwarded_address("[2001:db8::7]"), ip("2001:db8::7"));
  EXPECT_EQ(parse_forwarded_address("[::1]:80"), ip("::1"));
  EXPECT_EQ(parse_forwarded_address("::ffff:203.0.113.7"), ip("203.0.113.7"));
  EXPECT_EQ(parse_forwarded_address("\t[::ffff:203.0.113.7]:443"), ip("203.0.113.7"));
}

TEST(ParseForwardedAddress, RejectsNonAddresses) {
  for (const char* text : {"", "  ", "unknown", "_hidden", "example.com", "example.com:80",
                           "1.2.3.4:", "1.2.3.4:http", "1.2.3.4:65536", "1.2.3.4:123456",
                           "[::1]:", "[::1]x", "[::1", "[1.2.3.4]:80", "01.2.3.4"}) {
    EXPECT_FALSE(parse_forwarded_address(text).has_value()) << '"' << text << '"';
  }
}

TEST(HasProxyHeaders, AnyOfTheFiveCounts) {
  EXPECT_FALSE(has_proxy_headers({}));
  ForwardingHeaders h;
  h.forwarded = "for=1.2.3.4";
  EXPECT_TRUE(has_proxy_headers(h));
  h = {};
  h.x_forwarded_proto = "https";
  EXPECT_TRUE(has_proxy_headers(h));
  h = {};
  h.x_forwarded_host = "gw.example.com";
  EXPECT_TRUE(has_proxy_headers(h));
  h = {};
  h.x_real_ip = "1.2.3.4";
  EXPECT_TRUE(has_proxy_headers(h));
  EXPECT_TRUE(has_proxy_headers(xff("1.2.3.4")));
  EXPECT_TRUE(has_proxy_headers(xff("")));
}

TEST(ResolveClientIp, UntrustedPeerIsTheClientWhateverTheHeadersSay) {
  const auto trusted = proxies({"10.0.0.1"});
  auto headers = xff("1.1.1.1");
  headers.x_real_ip = "2.2.2.2";
  EXPECT_EQ(resolve_client_ip(ip("203.0.113.9"), headers, trusted, true), ip("203.0.113.9"));
  EXPECT_EQ(resolve_client_ip(ip("127.0.0.1"), headers, TrustedProxyList(), true), ip("127.0.0.1"));
}

TEST(ResolveClientIp, TrustedPeerUsesLastUntrustedHop) {
  const auto trusted = proxies({"10.0.0.0/8"});
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("198.51.100.4"), trusted, false),
            ip("198.51.100.4"));
  // The client could have written anything on the left; only the rightmost untrusted hop,
  // written by our own proxy, counts.
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("6.6.6.6, 198.51.100.4"), trusted, false),
            ip("198.51.100.4"));
}

TEST(ResolveClientIp, SkipsTrustedAndLoopbackHops) {
  const auto trusted = proxies({"10.0.0.0/8"});
  EXPECT_EQ(
      resolve_client_ip(ip("10.0.0.1"), xff("6.6.6.6, 198.51.100.4, 10.0.0.7, 127.0.0.1, ::1"),
                        trusted, false),
      ip("198.51.100.4"));
}

TEST(ResolveClientIp, HandlesPortsAndMappedHops) {
  const auto trusted = proxies({"172.18.0.0/16"});
  EXPECT_EQ(resolve_client_ip(ip("::ffff:172.18.0.2"), xff("198.51.100.4:51234"), trusted, false),
            ip("198.51.100.4"));
  EXPECT_EQ(resolve_client_ip(ip("172.18.0.2"), xff("[2001:db8::5]:443"), trusted, false),
            ip("2001:db8::5"));
}

TEST(ResolveClientIp, SeveralJoinedHeadersFormOneChain) {
  const auto trusted = proxies({"10.0.0.1", "10.0.0.2"});
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("1.1.1.1,198.51.100.4,10.0.0.2"), trusted, false),
            ip("198.51.100.4"));
}

TEST(ResolveClientIp, FailsClosedOnUnparsableHop) {
  const auto trusted = proxies({"10.0.0.1"});
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("198.51.100.4, unknown"), trusted, true),
            std::nullopt);
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("garbage"), trusted, false), std::nullopt);
}

TEST(ResolveClientIp, UnparsableHopLeftOfTheClientIsNeverReached) {
  const auto trusted = proxies({"10.0.0.1"});
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("garbage, 198.51.100.4"), trusted, false),
            ip("198.51.100.4"));
}

TEST(ResolveClientIp, SkipsEmptyElements) {
  const auto trusted = proxies({"10.0.0.1"});
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("198.51.100.4, ,"), trusted, false),
            ip("198.51.100.4"));
}

TEST(ResolveClientIp, FailsClosedWithoutForwardedClient) {
  const auto trusted = proxies({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(resolve_client_ip(ip("127.0.0.1"), {}, trusted, false), std::nullopt);
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff(""), trusted, false), std::nullopt);
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), xff("10.0.0.3, 127.0.0.1"), trusted, false),
            std::nullopt);
}

TEST(ResolveClientIp, RealIpFallbackOnlyWhenEnabled) {
  const auto trusted = proxies({"10.0.0.1"});
  ForwardingHeaders headers;
  headers.x_real_ip = "198.51.100.4";
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), headers, trusted, false), std::nullopt);
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), headers, trusted, true), ip("198.51.100.4"));
  headers.x_real_ip = "[2001:db8::9]:8080";
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), headers, trusted, true), ip("2001:db8::9"));
  headers.x_real_ip = "not-an-ip";
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), headers, trusted, true), std::nullopt);
}

TEST(ResolveClientIp, ForwardedForWinsOverRealIp) {
  const auto trusted = proxies({"10.0.0.1"});
  auto headers = xff("198.51.100.4");
  headers.x_real_ip = "203.0.113.1";
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), headers, trusted, true), ip("198.51.100.4"));
  // Only trusted hops: fall back to X-Real-IP.
  headers.x_forwarded_for = "10.0.0.1";
  EXPECT_EQ(resolve_client_ip(ip("10.0.0.1"), headers, trusted, true), ip("203.0.113.1"));
}

TEST(IsLocalDirectRequest, LoopbackPeerWithoutProxyHeaders) {
  EXPECT_TRUE(is_local_direct_request(ip("127.0.0.1"), {}));
  EXPECT_TRUE(is_local_direct_request(ip("127.0.0.53"), {}));
  EXPECT_TRUE(is_local_direct_request(ip("::1"), {}));
  EXPECT_TRUE(is_local_direct_request(ip("::ffff:127.0.0.1"), {}));
}

TEST(IsLocalDirectRequest, AnyProxyHeaderMakesItRemote) {
  EXPECT_FALSE(is_local_direct_request(ip("127.0.0.1"), xff("127.0.0.1")));
  ForwardingHeaders headers;
  headers.x_forwarded_host = "localhost";
  EXPECT_FALSE(is_local_direct_request(ip("127.0.0.1"), headers));
  headers = {};
  headers.forwarded = "";
  EXPECT_FALSE(is_local_direct_request(ip("::1"), headers));
}

TEST(IsLocalDirectRequest, NonLoopbackPeersAreNeverLocal) {
  EXPECT_FALSE(is_local_direct_request(ip("172.17.0.1"), {}));
  EXPECT_FALSE(is_local_direct_request(ip("192.168.1.10"), {}));
  EXPECT_FALSE(is_local_direct_request(ip("0.0.0.0"), {}));
  EXPECT_FALSE(is_local_direct_request(ip("::"), {}));
}

}  // namespace
}  // namespace openclaw::net
