#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../config/test_env.h"
#include "cli/doctor/gateway_auth_checks.h"
#include "core/config/loader.h"
#include "core/config/secret_ref.h"
#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::mode_of;
using testing::read_text;
using testing::TestState;

DoctorOptions fixing() {
  DoctorOptions options;
  options.fix = true;
  return options;
}

TEST(DoctorAuthChecks, TokenAuthOnLoopbackIsOkWithItsSourceAndFingerprintOnly) {
  TestState state;
  Findings findings;
  check_gateway_auth(state.inputs(), DoctorOptions{}, findings);
  const Finding* auth = findings.find("gateway.auth");
  ASSERT_NE(auth, nullptr);
  EXPECT_NE(auth->message.find("token auth, gateway.auth.token (inline), sha256:"),
            std::string::npos);
  EXPECT_EQ(auth->message.find("t0ken-0123456789"), std::string::npos);
}

TEST(DoctorAuthChecks, LanBindWithoutAuthIsTheStartupRefusal) {
  TestState state;
  state.write_config(R"({"gateway": {"mode": "local", "bind": "lan", "port": 18790}})");
  Findings findings;
  check_gateway_auth(state.inputs(), DoctorOptions{}, findings);
  const Finding* missing = findings.find("gateway.auth.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->severity, Severity::Error);
  EXPECT_NE(missing->message.find("refusing to bind gateway to 0.0.0.0:18790 without auth"),
            std::string::npos);
  EXPECT_EQ(missing->remedy, "openclaw doctor --generate-gateway-token");
  EXPECT_TRUE(missing->fixable);
  EXPECT_FALSE(std::filesystem::exists(state.layout().gateway_token()));
}

TEST(DoctorAuthChecks, FixGeneratesATokenFileAndReferencesItLikeTheProvisioner) {
  TestState state;
  state.write_config(R"({"gateway": {"mode": "local", "bind": "lan", "port": 18790,
                                     "controlUi": {"allowedOrigins": ["https://gw.example.com"]}}, "custom": {}})");
  const std::string before = read_text(state.layout().config_file());
  Findings findings;
  check_gateway_auth(state.inputs(), fixing(), findings);
  const Finding* missing = findings.find("gateway.auth.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_TRUE(missing->fixed) << missing->fix_note;
  EXPECT_FALSE(findings.has_unfixed_error());

  const std::string token = read_text(state.layout().gateway_token());
  ASSERT_EQ(token.size(), 49u);  // 48 hex characters and a newline
  EXPECT_EQ(mode_of(state.layout().gateway_token()), 0600u);
  EXPECT_EQ(missing->fix_note.find(token.substr(0, 48)),
            std::string::npos);  // only its fingerprint

  const auto config = nlohmann::json::parse(read_text(state.layout().config_file()));
  EXPECT_EQ(config["gateway"]["auth"]["mode"], "token");
  EXPECT_EQ(config["gateway"]["auth"]["token"], config::single_value_file_ref("gateway-token"));
  EXPECT_EQ(config["secrets"]["providers"]["gateway-token"],
            config::single_value_file_provider(state.layout().gateway_token()));
  EXPECT_EQ(config["gateway"]["controlUi"]["allowedOrigins"][0], "https://gw.example.com");
  EXPECT_TRUE(config.contains("custom"));
  EXPECT_EQ(read_text(state.layout().config_file().string() + ".bak"), before);

  // The gateway resolves the reference to the generated token.
  auto loaded = config::load_config(state.layout().config_file(), Environment{});
  ASSERT_TRUE(loaded) << loaded.error().message;
  auto resolved = config::resolve_secret(*loaded->config.gateway.auth.token, loaded->config.secrets,
                                         Environment{}, state.root());
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(*resolved + "\n", token);

  Findings again;
  check_gateway_auth(state.inputs(), DoctorOptions{}, again);
  EXPECT_NE(again.find("gateway.auth"), nullptr);
  EXPECT_FALSE(again.has_unfixed_error());
}

TEST(DoctorAuthChecks, AnExistingTokenFileIsReferencedNotOverwritten) {
  TestState state;
  state.write(state.layout().gateway_token(), "kept-token-value\n");
  state.write_config(
      R"({"gateway": {"mode": "local", "bind": "loopback", "auth": {"mode": "token"}}})");
  Findings findings;
  check_gateway_auth(state.inputs(), fixing(), findings);
  const Finding* missing = findings.find("gateway.auth.token.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_TRUE(missing->fixed) << missing->fix_note;
  EXPECT_EQ(read_text(state.layout().gateway_token()), "kept-token-value\n");
}

TEST(DoctorAuthChecks, MissingGeneratedTokenFileIsRegenerated) {
  TestState state;
  nlohmann::json config = {
      {"gateway", {{"mode", "local"}, {"bind", "loopback"}, {"auth", {{"mode", "token"}}}}}};
  config["gateway"]["auth"]["token"] = config::single_value_file_ref("gateway-token");
  config["secrets"]["providers"]["gateway-token"] =
      config::single_value_file_provider(state.layout().gateway_token());
  state.write_config(config.dump());
  Findings findings;
  check_gateway_auth(state.inputs(), DoctorOptions{}, findings);
  const Finding* unresolved = findings.find("gateway.auth.token.unresolved");
  ASSERT_NE(unresolved, nullptr);
  EXPECT_EQ(unresolved->severity, Severity::Error);
  EXPECT_TRUE(unresolved->fixable);

  Findings fixed;
  check_gateway_auth(state.inputs(), fixing(), fixed);
  EXPECT_TRUE(fixed.find("gateway.auth.token.unresolved")->fixed);
  EXPECT_TRUE(std::filesystem::exists(state.layout().gateway_token()));
}

TEST(DoctorAuthChecks, ConfigWithIncludeIsNotRewritten) {
  TestState state;
  state.write(state.root() / "gateway.json5", R"({"mode": "local", "bind": "lan"})");
  state.write_config(R"({"gateway": {"$include": "./gateway.json5"}})");
  const std::string before = read_text(state.layout().config_file());
  Findings findings;
  check_gateway_auth(state.inputs(), fixing(), findings);
  const Finding* missing = findings.find("gateway.auth.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_FALSE(missing->fixed);
  EXPECT_NE(missing->fix_note.find("$include"), std::string::npos);
  EXPECT_EQ(read_text(state.layout().config_file()), before);
  EXPECT_TRUE(findings.has_unfixed_error());
}

TEST(DoctorAuthChecks, AuthNoneOnLoopbackIsAWarningOnlyGenerateTokenChanges) {
  TestState state;
  state.write_config(
      R"({"gateway": {"mode": "local", "bind": "loopback", "auth": {"mode": "none"}}})");
  Findings findings;
  check_gateway_auth(state.inputs(), fixing(), findings);
  const Finding* off = findings.find("gateway.auth.off");
  ASSERT_NE(off, nullptr);
  EXPECT_EQ(off->severity, Severity::Warn);
  EXPECT_FALSE(off->fixed);
  EXPECT_FALSE(std::filesystem::exists(state.layout().gateway_token()));

  DoctorOptions generate;
  generate.generate_gateway_token = true;
  Findings generated;
  check_gateway_auth(state.inputs(), generate, generated);
  EXPECT_TRUE(generated.find("gateway.auth.off")->fixed);
  EXPECT_TRUE(std::filesystem::exists(state.layout().gateway_token()));
}

TEST(DoctorAuthChecks, ShellVariableThatDisagreesWithTheConfigIsWarned) {
  TestState state;
  Findings findings;
  check_gateway_auth(
      state.inputs(config::testing::env_of({{"OPENCLAW_GATEWAY_TOKEN", "stale-token"}})),
      DoctorOptions{}, findings);
  const Finding* mismatch = findings.find("gateway.auth.env-mismatch");
  ASSERT_NE(mismatch, nullptr);
  EXPECT_EQ(mismatch->remedy, "unset OPENCLAW_GATEWAY_TOKEN");
  EXPECT_EQ(mismatch->message.find("stale-token"), std::string::npos);
}

TEST(DoctorAuthChecks, TrustedProxyModeNeedsProxies) {
  TestState state;
  state.write_config(
      R"({"gateway": {"mode": "local", "bind": "lan", "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}}}})");
  Findings findings;
  check_gateway_auth(state.inputs(), DoctorOptions{}, findings);
  const Finding* proxy = findings.find("gateway.auth.trusted-proxy");
  ASSERT_NE(proxy, nullptr);
  EXPECT_EQ(proxy->severity, Severity::Error);
}

TEST(DoctorExposureChecks, CatchAllAndVeryWideProxyRangesAreWarned) {
  TestState state;
  state.write_config(
      R"({"gateway": {"mode": "local", "trustedProxies": ["0.0.0.0/0", "::/0", "fc00::/7", "10.0.0.0/8", "172.19.0.2"]}})");
  Findings findings;
  check_network_exposure(state.inputs(), findings);
  std::vector<std::string> wide;
  for (const auto& finding : findings.all()) {
    if (finding.id == "security.trusted-proxies.wide") wide.push_back(finding.message);
  }
  ASSERT_EQ(wide.size(), 3u);
  EXPECT_NE(wide[0].find("gateway.trustedProxies[0]: \"0.0.0.0/0\" trusts every IPv4 address"),
            std::string::npos);
  EXPECT_NE(wide[1].find("trusts every IPv6 address"), std::string::npos);
  EXPECT_NE(wide[2].find("trusts a /7 block"), std::string::npos);
  EXPECT_EQ(findings.find("security.trusted-proxies"), nullptr);  // not "all narrow"
}

TEST(DoctorExposureChecks, ExactProxyAddressesAreOk) {
  TestState state;
  state.write_config(
      R"({"gateway": {"mode": "local", "bind": "loopback", "trustedProxies": ["172.19.0.2", "::1"]}})");
  Findings findings;
  check_network_exposure(state.inputs(), findings);
  EXPECT_NE(findings.find("security.trusted-proxies"), nullptr);
  EXPECT_EQ(findings.count(Severity::Warn), 0u);
}

TEST(DoctorExposureChecks, NonLoopbackControlUiWithoutOriginsIsWarned) {
  TestState state;
  state.write_config(
      R"({"gateway": {"mode": "local", "bind": "lan", "port": 3000, "auth": {"token": "x"}}})");
  Findings findings;
  check_network_exposure(state.inputs(), findings);
  const Finding* origins = findings.find("security.allowed-origins");
  ASSERT_NE(origins, nullptr);
  EXPECT_EQ(origins->severity, Severity::Warn);
  EXPECT_NE(origins->message.find("http://localhost:3000"), std::string::npos);
}

TEST(DoctorExposureChecks, LoopbackNeedsNoOrigins) {
  TestState state;
  Findings findings;
  check_network_exposure(state.inputs(), findings);
  EXPECT_EQ(findings.find("security.allowed-origins"), nullptr);
}

}  // namespace
}  // namespace openclaw::cli::doctor
