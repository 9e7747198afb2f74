#include "cli/devices/devices_format.h"

#include <gtest/gtest.h>

namespace openclaw::cli::devices {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000'000;

TEST(RenderTableTest, PadsColumnsAndTrimsLineEnds) {
  EXPECT_EQ(render_table({"A", "Long header", "C"}, {{"xyz", "1", ""}, {"", "22", "c"}}),
            "A    Long header  C\n"
            "xyz  1\n"
            "     22           c\n");
}

TEST(FormatAgeTest, Units) {
  EXPECT_EQ(format_age(1000), "just now");
  EXPECT_EQ(format_age(42'000), "42s ago");
  EXPECT_EQ(format_age(5 * 60'000), "5m ago");
  EXPECT_EQ(format_age(3 * 3'600'000), "3h ago");
  EXPECT_EQ(format_age(2 * 86'400'000), "2d ago");
}

TEST(TokenSummaryTest, RolesSortedWithRevokedMarked) {
  EXPECT_EQ(format_token_summary(json::array({{{"role", "operator"}}, {{"role", "node"}, {"revokedAtMs", 5}}})),
            "node (revoked), operator");
  EXPECT_EQ(format_token_summary(json::array()), "none");
}

TEST(DeviceListTest, PendingAndPairedTables) {
  const json list = {
      {"pending", json::array({{{"requestId", "req-1"}, {"deviceId", "dev-1"}, {"role", "operator"},
                                {"roles", json::array({"operator"})}, {"scopes", json::array({"operator.read"})},
                                {"remoteIp", "203.0.113.7"}, {"ts", kNow - 120'000}, {"isRepair", false}}})},
      {"paired", json::array({{{"deviceId", "dev-2"}, {"displayName", "laptop"}, {"roles", json::array({"operator"})},
                               {"scopes", json::array({"operator.admin", "operator.read"})},
                               {"tokens", json::array({{{"role", "operator"}}})}}})}};
  EXPECT_EQ(format_device_list(list, kNow),
            "Pending (1)\n"
            "Request  Device  Role      Scopes         IP           Age     Flags\n"
            "req-1    dev-1   operator  operator.read  203.0.113.7  2m ago\n"
            "\n"
            "Paired (1)\n"
            "Device  Roles     Scopes                         Tokens    IP\n"
            "laptop  operator  operator.admin, operator.read  operator\n");
  EXPECT_EQ(format_device_list({{"pending", json::array()}, {"paired", json::array()}}, kNow),
            "No device pairing entries.\n");
}

TEST(LatestPendingTest, NewestTsWins) {
  const json list = {{"pending", json::array({{{"requestId", "a"}, {"ts", 5}}, {{"requestId", "b"}, {"ts", 9}},
                                              {{"requestId", "c"}, {"ts", 7}}})}};
  EXPECT_EQ(latest_pending_request(list)->value("requestId", ""), "b");
  EXPECT_EQ(latest_pending_request({{"pending", json::array()}}), std::nullopt);
}

TEST(ApprovedLineTest, UpstreamWording) {
  EXPECT_EQ(format_approved({{"device", {{"deviceId", "dev-1"}}}}, "req-1"), "Approved dev-1 (req-1)");
  EXPECT_EQ(format_approved({{"device", {{"deviceId", "dev-1"}, {"displayName", "laptop"}}}}, "req-1"),
            "Approved laptop (dev-1) (req-1)");
}

}  // namespace
}  // namespace openclaw::cli::devices
