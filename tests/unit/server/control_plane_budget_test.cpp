#include "server/control_plane_budget.h"

#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

ConnectionIdentity caller(std::string device, std::string ip, std::string conn = "conn-1") {
  ConnectionIdentity identity;
  identity.device_id = device.empty() ? std::nullopt : std::optional<std::string>(device);
  identity.remote_ip = std::move(ip);
  identity.conn_id = std::move(conn);
  return identity;
}

TEST(ControlPlaneBudget, ThreeCallsPerMinuteThenRefusedWithRetryAfter) {
  ControlPlaneBudget budget;
  const auto admin = caller("device-a", "127.0.0.1");
  const std::int64_t t0 = 1'000'000;
  for (int i = 0; i < 3; ++i) {
    auto decision = budget.consume("config.apply", admin, t0 + i * 1000);
    EXPECT_TRUE(decision.allowed) << "call " << i + 1;
    EXPECT_EQ(decision.remaining, 2 - i);
  }
  auto refused = budget.consume("config.apply", admin, t0 + 20'000);
  ASSERT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_ms, 40'000);

  const auto error = budget.refusal("config.apply", refused);
  EXPECT_EQ(error.code, "UNAVAILABLE");
  EXPECT_EQ(error.message, "rate limit exceeded for config.apply; retry after 40s");
  EXPECT_EQ(error.retryable, true);
  EXPECT_EQ(error.retry_after_ms, 40'000);
  EXPECT_EQ(error.details["limit"], "3 per 60s");
  EXPECT_EQ(error.details["method"], "config.apply");

  EXPECT_TRUE(budget.consume("config.apply", admin, t0 + 60'000).allowed) << "a new window starts";
}

TEST(ControlPlaneBudget, BucketsArePerMethodAndPerCaller) {
  ControlPlaneBudget budget;
  const auto admin = caller("device-a", "127.0.0.1");
  for (int i = 0; i < 3; ++i) budget.consume("config.apply", admin, 0);
  EXPECT_FALSE(budget.consume("config.apply", admin, 1).allowed);
  EXPECT_TRUE(budget.consume("config.patch", admin, 1).allowed) << "each method has its own budget";
  EXPECT_TRUE(budget.consume("config.apply", caller("device-b", "127.0.0.1"), 1).allowed);
  EXPECT_TRUE(budget.consume("config.apply", caller("device-a", "10.0.0.2"), 1).allowed);
}

TEST(ControlPlaneBudget, DevicelessCallersAreKeptApartByConnection) {
  ControlPlaneBudget budget;
  for (int i = 0; i < 3; ++i) budget.consume("config.apply", caller("", "127.0.0.1", "conn-1"), 0);
  EXPECT_FALSE(budget.consume("config.apply", caller("", "127.0.0.1", "conn-1"), 1).allowed);
  EXPECT_TRUE(budget.consume("config.apply", caller("", "127.0.0.1", "conn-2"), 1).allowed);
}

TEST(ControlPlaneBudget, OnlyControlPlaneWritesAreBudgeted) {
  EXPECT_TRUE(ControlPlaneBudget::is_budgeted("config.apply"));
  EXPECT_TRUE(ControlPlaneBudget::is_budgeted("config.patch"));
  EXPECT_TRUE(ControlPlaneBudget::is_budgeted("update.run"));
  EXPECT_FALSE(ControlPlaneBudget::is_budgeted("config.set"));
  EXPECT_FALSE(ControlPlaneBudget::is_budgeted("config.get"));
}

}  // namespace
}  // namespace openclaw::server
