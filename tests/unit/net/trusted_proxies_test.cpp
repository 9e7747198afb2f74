#include "core/net/trusted_proxies.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openclaw::net {
namespace {

IpAddress ip(std::string_view text) { return IpAddress::parse(text).value(); }

TEST(TrustedProxyList, DefaultIsEmptyAndTrustsNobody) {
  TrustedProxyList list;
  EXPECT_TRUE(list.empty());
  EXPECT_FALSE(list.contains(ip("127.0.0.1")));
}

TEST(TrustedProxyList, CreateFromEmptyVector) {
  auto list = TrustedProxyList::create({});
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->empty());
}

TEST(TrustedProxyList, MixesExactAddressesAndRanges) {
  auto list =
      TrustedProxyList::create({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::ffff:192.168.0.0/112"});
  ASSERT_TRUE(list.has_value()) << list.error().message;
  EXPECT_FALSE(list->empty());
  EXPECT_TRUE(list->contains(ip("127.0.0.1")));
  EXPECT_FALSE(list->contains(ip("127.0.0.2")));
  EXPECT_TRUE(list->contains(ip("10.200.3.4")));
  EXPECT_TRUE(list->contains(ip("::ffff:10.200.3.4")));
  EXPECT_TRUE(list->contains(ip("fd01::5")));
  EXPECT_TRUE(list->contains(ip("192.168.7.7")));
  EXPECT_FALSE(list->contains(ip("192.169.0.1")));
  EXPECT_FALSE(list->contains(ip("8.8.8.8")));
  EXPECT_FALSE(list->contains(ip("::1")));
}

TEST(TrustedProxyList, EntriesKeepOrderAndNormalisedForm) {
  auto list = TrustedProxyList::create({"10.1.2.3/8", "::ffff:172.16.0.0/108", "::1"});
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->entries().size(), 3u);
  EXPECT_EQ(list->entries()[0].to_string(), "10.0.0.0/8");
  EXPECT_EQ(list->entries()[1].to_string(), "172.16.0.0/12");
  EXPECT_EQ(list->entries()[2].to_string(), "::1/128");
}

TEST(TrustedProxyList, TrimsSurroundingWhitespace) {
  auto list = TrustedProxyList::create({" 10.0.0.1 ", "\t172.18.0.0/16\n"});
  ASSERT_TRUE(list.has_value()) << list.error().message;
  EXPECT_TRUE(list->contains(ip("10.0.0.1")));
  EXPECT_TRUE(list->contains(ip("172.18.3.4")));
}

TEST(TrustedProxyList, ErrorNamesPathIndexAndValue) {
  auto list = TrustedProxyList::create({"127.0.0.1", "10.0.0.0/8", "10.0.0.0/33"});
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().message,
            "gateway.trustedProxies[2]: \"10.0.0.0/33\" is not an IP address or CIDR range "
            "(prefix length 33 is out of range for IPv4 (0-32))");
}

TEST(TrustedProxyList, ErrorForGarbageAndEmptyEntries) {
  auto garbage = TrustedProxyList::create({"traefik"});
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().message.rfind(
                "gateway.trustedProxies[0]: \"traefik\" is not an IP address or CIDR range", 0),
            0u)
      << garbage.error().message;
  auto empty = TrustedProxyList::create({"10.0.0.1", "  "});
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message.find("gateway.trustedProxies[1]: \"  \""), std::string::npos)
      << empty.error().message;
}

TEST(TrustedProxyList, ErrorEscapesControlCharacters) {
  auto list = TrustedProxyList::create({"10.0.0.1\"\x01"});
  ASSERT_FALSE(list.has_value());
  EXPECT_NE(list.error().message.find("\"10.0.0.1\\\"\\u0001\""), std::string::npos)
      << list.error().message;
}

TEST(TrustedProxyList, CustomConfigPathInErrors) {
  auto list = TrustedProxyList::create({"nope"}, "gateway.nodes.pairing.autoApproveCidrs");
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().message.rfind("gateway.nodes.pairing.autoApproveCidrs[0]: ", 0), 0u);
}

TEST(TrustedProxyList, CatchAllEntriesAreDiscoverable) {
  auto list = TrustedProxyList::create({"10.0.0.0/8", "0.0.0.0/0"});
  ASSERT_TRUE(list.has_value());
  int catch_all = 0;
  for (const auto& entry : list->entries()) catch_all += entry.is_catch_all() ? 1 : 0;
  EXPECT_EQ(catch_all, 1);
  EXPECT_TRUE(list->contains(ip("203.0.113.50")));
}

}  // namespace
}  // namespace openclaw::net
