#include "provision/default_route_subnet.h"

#include <gtest/gtest.h>

namespace openclaw::provision {
namespace {

constexpr const char* kRouteTable =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth1\t001EA8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "eth0\t00000000\t01001EAC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";

TEST(DefaultRouteSubnetTest, FindsTheDefaultRouteInterface) {
  EXPECT_EQ(*default_route_interface(kRouteTable), "eth0");
  auto none = default_route_interface("Iface\tDestination\n");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("no IPv4 default route"), std::string::npos);
}

TEST(DefaultRouteSubnetTest, SubnetIsTheNetworkOfTheInterfaceAddress) {
  EXPECT_EQ(*subnet_of("172.30.0.7", "255.255.255.0"), "172.30.0.0/24");
  EXPECT_EQ(*subnet_of("10.1.2.3", "255.255.240.0"), "10.1.0.0/20");
  EXPECT_EQ(*subnet_of("192.168.1.1", "255.255.255.255"), "192.168.1.1/32");
  EXPECT_FALSE(subnet_of("10.0.0.1", "255.0.255.0"));
  EXPECT_FALSE(subnet_of("not-an-ip", "255.0.0.0"));
}

}  // namespace
}  // namespace openclaw::provision
