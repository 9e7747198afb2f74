#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/doctor/pairing_checks.h"
#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::TestState;

constexpr std::int64_t kNow = 1'770'984'240'000;

nlohmann::json pending_request(const std::string& request_id, std::int64_t ts) {
  return {{"requestId", request_id},
          {"deviceId", "3f1a9c0b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"},
          {"publicKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
          {"displayName", "laptop"},
          {"platform", "linux"},
          {"role", "operator"},
          {"roles", {"operator"}},
          {"scopes", {"operator.read", "operator.write"}},
          {"silent", false},
          {"isRepair", false},
          {"ts", ts}};
}

TEST(DoctorPairingChecks, LivePendingRequestsAreListedWithTheApproveCommand) {
  TestState state;
  nlohmann::json pending = {{"req-live", pending_request("req-live", kNow - 60'000)},
                            {"req-expired", pending_request("req-expired", kNow - 3'600'000)}};
  state.write(state.layout().pending_devices(), pending.dump());
  DoctorOptions options;
  options.now_ms = kNow;
  Findings findings;
  check_pairing(state.inputs(), options, findings);
  std::vector<const Finding*> listed;
  for (const auto& finding : findings.all()) {
    if (finding.id == "pairing.pending") listed.push_back(&finding);
  }
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]->severity, Severity::Warn);
  EXPECT_NE(listed[0]->message.find(
                "Pending pairing request req-live: device 3f1a9c0b2d4e (laptop), linux, role "
                "operator, scopes operator.read,operator.write, 1m0s ago"),
            std::string::npos)
      << listed[0]->message;
  EXPECT_EQ(listed[0]->remedy, "openclaw devices approve req-live");
  EXPECT_FALSE(findings.has_unfixed_error());
}

TEST(DoctorPairingChecks, NoPendingRequestsIsOk) {
  TestState state;
  Findings findings;
  check_pairing(state.inputs(), DoctorOptions{}, findings);
  const Finding* pending = findings.find("pairing.pending");
  ASSERT_NE(pending, nullptr);
  EXPECT_EQ(pending->severity, Severity::Ok);
}

TEST(DoctorPairingChecks, BrokenDeviceStoreStopsTheGatewayAndIsAnError) {
  TestState state;
  state.write(state.layout().paired_devices(), "[1, 2");
  Findings findings;
  check_pairing(state.inputs(), DoctorOptions{}, findings);
  const Finding* store = findings.find("pairing.store");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->severity, Severity::Error);
  EXPECT_NE(store->message.find(state.layout().paired_devices().string()), std::string::npos);
  EXPECT_EQ(testing::read_text(state.layout().paired_devices()), "[1, 2");
}

}  // namespace
}  // namespace openclaw::cli::doctor
