#include "core/net/cidr.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::net {
namespace {

IpAddress ip(std::string_view text) { return IpAddress::parse(text).value(); }

CidrRange range(std::string_view text) {
  auto created = CidrRange::create(text);
  EXPECT_TRUE(created.has_value()) << text << ": " << (created ? "" : created.error().message);
  return created.value_or(CidrRange::create("0.0.0.0/32").value());
}

TEST(CidrRangeCreate, ParsesIpv4Ranges) {
  const CidrRange r = range("10.0.0.0/8");
  EXPECT_EQ(r.network(), ip("10.0.0.0"));
  EXPECT_EQ(r.prefix_length(), 8);
  EXPECT_EQ(r.to_string(), "10.0.0.0/8");
}

TEST(CidrRangeCreate, ParsesIpv6Ranges) {
  EXPECT_EQ(range("fd00::/8").to_string(), "fd00::/8");
  EXPECT_EQ(range("2001:DB8::/32").to_string(), "2001:db8::/32");
  EXPECT_EQ(range("[2001:db8::]/48").to_string(), "2001:db8::/48");
}

TEST(CidrRangeCreate, BareAddressIsExactMatch) {
  EXPECT_EQ(range("10.0.0.1").to_string(), "10.0.0.1/32");
  EXPECT_EQ(range("::1").to_string(), "::1/128");
  EXPECT_TRUE(range("10.0.0.1").contains(ip("10.0.0.1")));
  EXPECT_FALSE(range("10.0.0.1").contains(ip("10.0.0.2")));
}

TEST(CidrRangeCreate, ClearsHostBits) {
  EXPECT_EQ(range("10.1.2.3/8").to_string(), "10.0.0.0/8");
  EXPECT_EQ(range("192.168.1.77/25").to_string(), "192.168.1.0/25");
  EXPECT_EQ(range("2001:db8::1/32").to_string(), "2001:db8::/32");
  EXPECT_EQ(range("10.1.2.3/8"), range("10.0.0.0/8"));
}

TEST(CidrRangeCreate, NormalisesIpv4MappedRanges) {
  EXPECT_EQ(range("::ffff:10.0.0.0/104").to_string(), "10.0.0.0/8");
  EXPECT_EQ(range("::ffff:0.0.0.0/96").to_string(), "0.0.0.0/0");
  EXPECT_EQ(range("::ffff:1.2.3.4/128").to_string(), "1.2.3.4/32");
  EXPECT_EQ(range("::ffff:1.2.3.4").to_string(), "1.2.3.4/32");
  EXPECT_TRUE(range("::ffff:10.0.0.0/104").contains(ip("10.9.8.7")));
}

TEST(CidrRangeCreate, RejectsMappedRangeReachingOutsideMappedSpace) {
  auto result = CidrRange::create("::ffff:10.0.0.0/95");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("96-128"), std::string::npos) << result.error().message;
  EXPECT_FALSE(CidrRange::create("::ffff:10.0.0.0/129").has_value());
}

TEST(CidrRangeCreate, RejectsPrefixOutOfRange) {
  auto v4 = CidrRange::create("10.0.0.0/33");
  ASSERT_FALSE(v4.has_value());
  EXPECT_EQ(v4.error().message, "prefix length 33 is out of range for IPv4 (0-32)");
  auto v6 = CidrRange::create("::/129");
  ASSERT_FALSE(v6.has_value());
  EXPECT_EQ(v6.error().message, "prefix length 129 is out of range for IPv6 (0-128)");
}

TEST(CidrRangeCreate, RejectsMalformedText) {
  for (const char* text :
       {"", "/", "/8", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08", "10.0.0.0/8/8",
        "10.0.0.0/ 8", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0/8", "10.0.0.0/a", "10.0.0.0/1000",
        "example.com/8", "::/1x", "10.0.0.0\\8", "*"}) {
    EXPECT_FALSE(CidrRange::create(text).has_value()) << '"' << text << '"';
  }
}

TEST(CidrRangeCreate, FromAddressAndPrefix) {
  EXPECT_EQ(CidrRange::create(ip("172.16.5.4"), 12).value().to_string(), "172.16.0.0/12");
  EXPECT_FALSE(CidrRange::create(ip("172.16.5.4"), 33).has_value());
  EXPECT_FALSE(CidrRange::create(ip("::1"), -1).has_value());
  EXPECT_TRUE(CidrRange::create(ip("::1"), 128).has_value());
}

TEST(CidrRangeContains, Ipv4Boundaries) {
  const CidrRange r = range("172.16.0.0/12");
  EXPECT_TRUE(r.contains(ip("172.16.0.0")));
  EXPECT_TRUE(r.contains(ip("172.31.255.255")));
  EXPECT_FALSE(r.contains(ip("172.32.0.0")));
  EXPECT_FALSE(r.contains(ip("172.15.255.255")));
}

TEST(CidrRangeContains, OddPrefixLengths) {
  const CidrRange r = range("192.168.1.128/25");
  EXPECT_TRUE(r.contains(ip("192.168.1.128")));
  EXPECT_TRUE(r.contains(ip("192.168.1.255")));
  EXPECT_FALSE(r.contains(ip("192.168.1.127")));
  const CidrRange v6 = range("2001:db8::/33");
  EXPECT_TRUE(v6.contains(ip("2001:db8:7fff::1")));
  EXPECT_FALSE(v6.contains(ip("2001:db8:8000::1")));
}

TEST(CidrRangeContains, Ipv6Ranges) {
  const CidrRange r = range("fd00::/8");
  EXPECT_TRUE(r.contains(ip("fd12:3456::1")));
  EXPECT_FALSE(r.contains(ip("fc00::1")));
  EXPECT_TRUE(range("::1").contains(ip("::1")));
  EXPECT_FALSE(range("::1").contains(ip("::2")));
}

TEST(CidrRangeContains, MappedPeerMatchesIpv4Range) {
  EXPECT_TRUE(range("10.0.0.0/8").contains(ip("::ffff:10.2.3.4")));
  EXPECT_TRUE(range("127.0.0.1").contains(ip("::ffff:127.0.0.1")));
}

TEST(CidrRangeContains, FamiliesNeverMix) {
  EXPECT_FALSE(range("0.0.0.0/0").contains(ip("::1")));
  EXPECT_FALSE(range("::/0").contains(ip("1.2.3.4")));
  EXPECT_FALSE(range("::/96").contains(ip("1.2.3.4")));
}

TEST(CidrRangeCatchAll, OnlyPrefixZero) {
  EXPECT_TRUE(range("0.0.0.0/0").is_catch_all());
  EXPECT_TRUE(range("::/0").is_catch_all());
  EXPECT_TRUE(range("10.0.0.0/0").is_catch_all());
  EXPECT_TRUE(range("0.0.0.0/0").contains(ip("203.0.113.9")));
  EXPECT_FALSE(range("0.0.0.0/1").is_catch_all());
  EXPECT_FALSE(range("0.0.0.0").is_catch_all());
}

}  // namespace
}  // namespace openclaw::net
