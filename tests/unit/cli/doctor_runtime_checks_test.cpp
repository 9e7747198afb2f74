#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/doctor/runtime_checks.h"
#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::TestState;

TEST(DoctorRuntimeChecks, ForeignProcessOnThePortIsAnError) {
  TestState state;
  const auto inputs = state.inputs();
  Findings findings;
  evaluate_port(inputs, PortState{server::PortOwner{4321, "node"}, true}, findings);
  const Finding* conflict = findings.find("gateway.port.conflict");
  ASSERT_NE(conflict, nullptr);
  EXPECT_EQ(conflict->severity, Severity::Error);
  EXPECT_NE(conflict->message.find("Port 18789 is in use by node (pid 4321)"), std::string::npos);
  EXPECT_NE(conflict->remedy.find("kill 4321"), std::string::npos);
}

TEST(DoctorRuntimeChecks, OurGatewayOnThePortIsOk) {
  TestState state;
  Findings findings;
  evaluate_port(state.inputs(), PortState{server::PortOwner{77, "openclaw"}, true}, findings);
  EXPECT_EQ(findings.find("gateway.port")->severity, Severity::Ok);
}

TEST(DoctorRuntimeChecks, InvisibleListenerIsAWarning) {
  TestState state;
  Findings findings;
  evaluate_port(state.inputs(), PortState{std::nullopt, true}, findings);
  EXPECT_EQ(findings.find("gateway.port.unknown")->severity, Severity::Warn);
}

TEST(DoctorRuntimeChecks, StoppedGatewayIsAWarningWithTheStartCommand) {
  Findings findings;
  evaluate_health({HealthProbe::Outcome::NotRunning, "ws://127.0.0.1:18789", ""},
                  "openclaw gateway run --port 18789", findings);
  const Finding* health = findings.find("gateway.health");
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(health->severity, Severity::Warn);
  EXPECT_EQ(health->message, "Gateway not running (nothing answers at ws://127.0.0.1:18789).");
  EXPECT_EQ(health->remedy, "openclaw gateway run --port 18789");
  EXPECT_FALSE(findings.has_unfixed_error());
}

TEST(DoctorRuntimeChecks, HealthyAndFailedGateways) {
  Findings findings;
  evaluate_health({HealthProbe::Outcome::Healthy, "unix:/s/gateway.sock", ""}, "x", findings);
  evaluate_health({HealthProbe::Outcome::Failed, "ws://127.0.0.1:1", "timeout"}, "x", findings);
  EXPECT_EQ(findings.find("gateway.health")->message, "Gateway healthy (unix:/s/gateway.sock)");
  EXPECT_EQ(findings.find("gateway.health.failed")->severity, Severity::Error);
}

TEST(DoctorRuntimeChecks, InspectSeesAListenerOnLoopback) {
  // Bind an ephemeral loopback port ourselves and look at it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const auto port = inspect_port(ntohs(address.sin_port));
  EXPECT_TRUE(port.in_use);
  ASSERT_TRUE(port.owner);
  EXPECT_EQ(port.owner->pid, ::getpid());
  ::close(fd);
}

}  // namespace
}  // namespace openclaw::cli::doctor
