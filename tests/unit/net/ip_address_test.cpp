#include "core/net/ip_address.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace openclaw::net {
namespace {

IpAddress ip(std::string_view text) {
  auto parsed = IpAddress::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(IpAddress::from_v4_bytes({0, 0, 0, 0}));
}

TEST(IpAddressParse, AcceptsDottedQuads) {
  for (const char* text : {"0.0.0.0", "1.2.3.4", "127.0.0.1", "255.255.255.255", "10.0.0.10"}) {
    auto address = IpAddress::parse(text);
    ASSERT_TRUE(address.has_value()) << text;
    EXPECT_TRUE(address->is_v4());
    EXPECT_EQ(address->to_string(), text);
  }
}

TEST(IpAddressParse, RejectsMalformedIpv4) {
  for (const char* text :
       {"",           "1.2.3",      "1.2.3.4.5", "256.1.1.1", "1.2.3.256",   "01.2.3.4",
        "1.2.3.04",   "1.2.3.00",   "1..3.4",    ".1.2.3",    "1.2.3.",      "1.2.3.4 ",
        " 1.2.3.4",   "1.2.3.a",    "0x1.2.3.4", "+1.2.3.4",  "1.2.3.4/32",  "1.2.3.4:80",
        "1234.1.1.1", "4294967295", "localhost", "[1.2.3.4]", "1.2.3.4%eth0"}) {
    EXPECT_FALSE(IpAddress::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(IpAddressParse, AcceptsIpv6Forms) {
  struct Case {
    const char* text;
    const char* canonical;
  };
  for (const Case& c : std::vector<Case>{
           {"::", "::"},
           {"::1", "::1"},
           {"1::", "1::"},
           {"2001:db8::1", "2001:db8::1"},
           {"2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
           {"fe80::1:2:3:4", "fe80::1:2:3:4"},
           {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
           {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
           {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
           {"64:ff9b::192.0.2.1", "64:ff9b::c000:201"},
           {"::1.2.3.4", "::102:304"},
           {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
           {"[::1]", "::1"},
           {"[2001:db8::1]", "2001:db8::1"},
       }) {
    auto address = IpAddress::parse(c.text);
    ASSERT_TRUE(address.has_value()) << c.text;
    EXPECT_TRUE(address->is_v6()) << c.text;
    EXPECT_EQ(address->to_string(), c.canonical) << c.text;
  }
}

TEST(IpAddressParse, RejectsMalformedIpv6) {
  for (const char* text : {":",
                           ":::",
                           "1:::2",
                           "1::2::3",
                           ":1::2",
                           "1::2:",
                           "1:2:3:4:5:6:7",
                           "1:2:3:4:5:6:7:8:9",
                           "1:2:3:4:5:6:7:8::",
                           "::1:2:3:4:5:6:7:8",
                           "12345::",
                           "g::1",
                           "1:2:3:4:5:6:7:8:",
                           "::1.2.3",
                           "::1.2.3.4:5",
                           "::256.1.1.1",
                           "1.2.3.4::",
                           "::01.2.3.4",
                           "[::1",
                           "::1]",
                           "[]",
                           "[::1]:80",
                           "::1 ",
                           "fe80::1%",
                           "fe80::1%eth 0",
                           "1:2:3:4:5:6:7:1.2.3.4"}) {
    EXPECT_FALSE(IpAddress::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(IpAddressParse, DropsZoneIds) {
  EXPECT_EQ(ip("fe80::1%eth0"), ip("fe80::1"));
  EXPECT_EQ(ip("[fe80::1%25]").to_string(), "fe80::1");
  EXPECT_EQ(ip("fe80::1%en0.100").to_string(), "fe80::1");
}

TEST(IpAddressParse, NormalisesIpv4MappedToIpv4) {
  for (const char* text : {"::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:102:304",
                           "0:0:0:0:0:ffff:1.2.3.4", "[::ffff:1.2.3.4]"}) {
    auto address = IpAddress::parse(text);
    ASSERT_TRUE(address.has_value()) << text;
    EXPECT_TRUE(address->is_v4()) << text;
    EXPECT_EQ(*address, ip("1.2.3.4")) << text;
  }
  EXPECT_TRUE(ip("::ffff:127.0.0.1").is_loopback());
}

TEST(IpAddressToString, FollowsRfc5952) {
  // §4.2.2: a single zero group is not compressed.
  EXPECT_EQ(ip("2001:db8:0:1:1:1:1:1").to_string(), "2001:db8:0:1:1:1:1:1");
  // §4.2.3: the longest run wins; on a tie, the first.
  EXPECT_EQ(ip("2001:0:0:1:0:0:0:1").to_string(), "2001:0:0:1::1");
  EXPECT_EQ(ip("2001:db8:0:0:1:0:0:1").to_string(), "2001:db8::1:0:0:1");
  // §4.3: lowercase.
  EXPECT_EQ(ip("2001:DB8::ABCD").to_string(), "2001:db8::abcd");
  EXPECT_EQ(ip("0:0:0:0:0:0:0:0").to_string(), "::");
  EXPECT_EQ(ip("1:0:0:0:0:0:0:0").to_string(), "1::");
  EXPECT_EQ(ip("1:0:0:0:0:0:0:1").to_string(), "1::1");
}

TEST(IpAddressToString, RoundTripsThroughParse) {
  for (const char* text : {"::", "::1", "fd12:3456:789a:1::1", "1.2.3.4", "ff02::2", "a:b:c:d::"}) {
    EXPECT_EQ(ip(ip(text).to_string()), ip(text)) << text;
  }
}

TEST(IpAddressBytes, ExposesNetworkOrder) {
  const auto v4 = ip("192.168.1.2");
  ASSERT_EQ(v4.bytes().size(), 4u);
  EXPECT_EQ(v4.bytes()[0], 192);
  EXPECT_EQ(v4.bytes()[3], 2);
  const auto v6 = ip("2001:db8::ff");
  ASSERT_EQ(v6.bytes().size(), 16u);
  EXPECT_EQ(v6.bytes()[0], 0x20);
  EXPECT_EQ(v6.bytes()[1], 0x01);
  EXPECT_EQ(v6.bytes()[15], 0xff);
}

TEST(IpAddressBytes, FromBytesMatchesParse) {
  EXPECT_EQ(IpAddress::from_v4_bytes({10, 0, 0, 1}), ip("10.0.0.1"));
  EXPECT_EQ(IpAddress::from_v6_bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), ip("::1"));
  EXPECT_EQ(IpAddress::from_v6_bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1}),
            ip("10.0.0.1"));
}

TEST(IpAddressClassify, Loopback) {
  EXPECT_TRUE(ip("127.0.0.1").is_loopback());
  EXPECT_TRUE(ip("127.255.255.254").is_loopback());
  EXPECT_TRUE(ip("::1").is_loopback());
  EXPECT_FALSE(ip("128.0.0.1").is_loopback());
  EXPECT_FALSE(ip("126.255.255.255").is_loopback());
  EXPECT_FALSE(ip("::2").is_loopback());
  EXPECT_FALSE(ip("::").is_loopback());
  // IPv4-compatible ::127.0.0.1 is not mapped and not loopback.
  EXPECT_FALSE(ip("::127.0.0.1").is_loopback());
}

TEST(IpAddressClassify, Private) {
  for (const char* text :
       {"10.0.0.0", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1",
        "192.168.255.255", "fc00::1", "fd12::1", "::ffff:10.1.2.3"}) {
    EXPECT_TRUE(ip(text).is_private()) << text;
  }
  for (const char* text : {"9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
                           "192.167.255.255", "192.169.0.0", "169.254.1.1", "100.64.0.1",
                           "127.0.0.1", "8.8.8.8", "fe80::1", "fe00::1", "2001:db8::1", "::1"}) {
    EXPECT_FALSE(ip(text).is_private()) << text;
  }
}

TEST(IpAddressClassify, LinkLocal) {
  EXPECT_TRUE(ip("169.254.0.1").is_link_local());
  EXPECT_TRUE(ip("169.254.169.254").is_link_local());
  EXPECT_TRUE(ip("fe80::1").is_link_local());
  EXPECT_TRUE(ip("febf:ffff::1").is_link_local());
  EXPECT_FALSE(ip("fec0::1").is_link_local());
  EXPECT_FALSE(ip("169.253.0.1").is_link_local());
  EXPECT_FALSE(ip("10.0.0.1").is_link_local());
}

TEST(IpAddressClassify, CarrierGradeNat) {
  EXPECT_TRUE(ip("100.64.0.0").is_carrier_grade_nat());
  EXPECT_TRUE(ip("100.127.255.255").is_carrier_grade_nat());
  EXPECT_TRUE(ip("100.100.1.2").is_carrier_grade_nat());
  EXPECT_FALSE(ip("100.63.255.255").is_carrier_grade_nat());
  EXPECT_FALSE(ip("100.128.0.0").is_carrier_grade_nat());
}

TEST(IpAddressClassify, PrivateOrLoopbackCombinesUpstreamRanges) {
  for (const char* text :
       {"127.0.0.1", "::1", "10.1.1.1", "fd00::1", "169.254.1.1", "fe80::1", "100.64.1.1"}) {
    EXPECT_TRUE(ip(text).is_private_or_loopback()) << text;
  }
  EXPECT_FALSE(ip("8.8.8.8").is_private_or_loopback());
  EXPECT_FALSE(ip("2606:4700::1111").is_private_or_loopback());
}

TEST(IpAddressClassify, Unspecified) {
  EXPECT_TRUE(ip("0.0.0.0").is_unspecified());
  EXPECT_TRUE(ip("::").is_unspecified());
  EXPECT_FALSE(ip("0.0.0.1").is_unspecified());
  EXPECT_FALSE(ip("::1").is_unspecified());
}

TEST(IpAddressCompare, EqualityAndOrdering) {
  EXPECT_EQ(ip("::ffff:1.2.3.4"), ip("1.2.3.4"));
  EXPECT_NE(ip("0.0.0.0"), ip("::"));
  EXPECT_NE(ip("1.2.3.4"), ip("::102:304"));
  EXPECT_LT(ip("1.2.3.4"), ip("1.2.3.5"));
  EXPECT_LT(ip("255.255.255.255"), ip("::"));
  std::set<IpAddress> unique = {ip("10.0.0.1"), ip("::ffff:10.0.0.1"), ip("::1")};
  EXPECT_EQ(unique.size(), 2u);
}

}  // namespace
}  // namespace openclaw::net
