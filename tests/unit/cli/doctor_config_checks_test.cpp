#include <gtest/gtest.h>

#include "../config/test_env.h"
#include "cli/doctor/config_checks.h"
#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::TestState;

TEST(DoctorConfigChecks, ValidConfigIsOk) {
  TestState state;
  Findings findings;
  check_config(state.inputs(), findings);
  check_gateway_mode(state.inputs(), findings);
  ASSERT_NE(findings.find("config.valid"), nullptr);
  ASSERT_NE(findings.find("gateway.mode"), nullptr);
  EXPECT_EQ(findings.count(Severity::Warn) + findings.count(Severity::Error), 0u);
}

TEST(DoctorConfigChecks, InvalidValueIsAnErrorNamingFileAndKey) {
  TestState state;
  state.write_config(R"({"gateway": {"mode": "local", "port": 70000}})");
  Findings findings;
  check_config(state.inputs(), findings);
  const Finding* invalid = findings.find("config.invalid");
  ASSERT_NE(invalid, nullptr);
  EXPECT_EQ(invalid->severity, Severity::Error);
  EXPECT_NE(invalid->message.find(state.layout().config_file().string()), std::string::npos);
  EXPECT_NE(invalid->message.find("gateway.port"), std::string::npos);
  EXPECT_NE(invalid->remedy.find("openclaw config unset gateway.port"), std::string::npos);
  EXPECT_TRUE(findings.has_unfixed_error());
}

TEST(DoctorConfigChecks, SyntaxErrorNamesThePosition) {
  TestState state;
  state.write_config("{\n  \"gateway\": {\n    \"mode\": \"local\",\n  }}}\n");
  Findings findings;
  check_config(state.inputs(), findings);
  const Finding* parse = findings.find("config.parse");
  ASSERT_NE(parse, nullptr);
  EXPECT_NE(parse->message.find(state.layout().config_file().string()), std::string::npos);
  EXPECT_NE(parse->message.find("line"), std::string::npos);
}

TEST(DoctorConfigChecks, UnknownKeysAreWarningsWithAnUnsetRemedy) {
  TestState state;
  state.write_config(R"({"gateway": {"mode": "local", "bogusKey": 1}})");
  Findings findings;
  check_config(state.inputs(), findings);
  ASSERT_NE(findings.find("config.valid"), nullptr);
  const Finding* warning = findings.find("config.warning");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->severity, Severity::Warn);
  EXPECT_NE(warning->message.find("gateway.bogusKey"), std::string::npos);
  EXPECT_EQ(warning->remedy, "openclaw config unset gateway.bogusKey");
}

TEST(DoctorConfigChecks, MissingConfigWarnsAndGatewayModeIsUnset) {
  TestState state;
  std::filesystem::remove(state.layout().config_file());
  Findings findings;
  check_config(state.inputs(), findings);
  check_gateway_mode(state.inputs(), findings);
  const Finding* missing = findings.find("config.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->severity, Severity::Warn);
  const Finding* mode = findings.find("gateway.mode.unset");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->message, "gateway.mode is unset; gateway start will be blocked.");
  EXPECT_EQ(mode->remedy, "openclaw config set gateway.mode local");
  EXPECT_FALSE(findings.has_unfixed_error());
}

HealthProbe healthy_gateway() {
  HealthProbe probe;
  probe.outcome = HealthProbe::Outcome::Healthy;
  probe.target = "unix:/state/gateway.sock";
  return probe;
}

TEST(DoctorConfigChecks, ABrokenConfigUnderARunningGatewayIsNamedAsTheLastGoodOneStaysLive) {
  TestState state;
  state.write_config("{ this is not json");
  Findings findings;
  check_running_config(state.inputs(), healthy_gateway(), findings);
  const Finding* last_good = findings.find("config.last_good");
  ASSERT_NE(last_good, nullptr);
  EXPECT_EQ(last_good->severity, Severity::Error);
  EXPECT_EQ(last_good->section, kConfigSection);
  EXPECT_NE(last_good->message.find(state.layout().config_file().string() + " does not parse"), std::string::npos);
  EXPECT_NE(last_good->message.find("keeps the last good config"), std::string::npos);
  EXPECT_EQ(last_good->remedy, "put the config back or fix it, then: openclaw config validate");

  // With a .bak from `openclaw config set`, the remedy restores it.
  std::filesystem::remove(state.layout().config_file());
  state.write(state.layout().config_file().string() + ".bak", R"({"gateway": {"mode": "local"}})");
  Findings missing;
  check_running_config(state.inputs(), healthy_gateway(), missing);
  ASSERT_NE(missing.find("config.last_good"), nullptr);
  EXPECT_NE(missing.find("config.last_good")->message.find(" is missing;"), std::string::npos);
  EXPECT_NE(missing.find("config.last_good")->remedy.find("cp -p "), std::string::npos);
  EXPECT_NE(missing.find("config.last_good")->remedy.find("openclaw.json.bak"), std::string::npos);
}

TEST(DoctorConfigChecks, NoLastGoodFindingWhenTheConfigLoadsOrNoGatewayRuns) {
  TestState state;
  Findings fine;
  check_running_config(state.inputs(), healthy_gateway(), fine);
  EXPECT_EQ(fine.find("config.last_good"), nullptr);

  state.write_config("{ broken");
  HealthProbe stopped;
  stopped.outcome = HealthProbe::Outcome::NotRunning;
  Findings not_running;
  check_running_config(state.inputs(), stopped, not_running);
  EXPECT_EQ(not_running.find("config.last_good"), nullptr);
}

TEST(DoctorConfigChecks, RemoteModeIsAnError) {
  TestState state;
  state.write_config(R"({"gateway": {"mode": "remote"}})");
  Findings findings;
  check_gateway_mode(state.inputs(), findings);
  const Finding* remote = findings.find("gateway.mode.remote");
  ASSERT_NE(remote, nullptr);
  EXPECT_EQ(remote->severity, Severity::Error);
  EXPECT_NE(remote->message.find("Gateway start blocked: set gateway.mode=local"),
            std::string::npos);
}

TEST(DoctorConfigChecks, BadPortVariableIsAnError) {
  TestState state;
  Findings findings;
  check_config(state.inputs(config::testing::env_of({{"OPENCLAW_GATEWAY_PORT", "not-a-port"}})),
               findings);
  const Finding* port = findings.find("config.port");
  ASSERT_NE(port, nullptr);
  EXPECT_NE(port->message.find("OPENCLAW_GATEWAY_PORT"), std::string::npos);
}

}  // namespace
}  // namespace openclaw::cli::doctor
