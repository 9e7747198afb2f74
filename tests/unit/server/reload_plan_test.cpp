#include "server/reload/reload_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openclaw::server::reload {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// What `gateway run` would build from a provisioned config on loopback.
RuntimeSettings base_settings() {
  RuntimeSettings settings;
  settings.port = 18789;
  settings.listen = {{"127.0.0.1", 18789}, {"::1", 18789}};
  settings.optional_hosts = {"::1"};
  settings.auth.token = "token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  settings.config.raw = json::parse(R"({
    "gateway": {"mode": "local", "port": 18789, "bind": "loopback",
                "auth": {"mode": "token", "token": {"source": "file", "provider": "gateway-token", "id": "value"}}},
    "secrets": {"providers": {"gateway-token": {"source": "file", "path": "/state/credentials/gateway-token",
                                                 "mode": "singleValue"}}},
    "agents": {"defaults": {"model": "anthropic/claude-opus-4"}}
  })");
  return settings;
}

TEST(ReloadPlanTest, IdenticalSettingsChangeNothing) {
  const auto running = base_settings();
  const auto plan = plan_reload(running, base_settings());
  EXPECT_TRUE(plan.empty());
  EXPECT_THAT(plan.changed(), IsEmpty());
  EXPECT_FALSE(plan.shared_secret_changed);
}

TEST(ReloadPlanTest, TrustedProxiesAreHot) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.trusted_proxies = *net::TrustedProxyList::create({"10.0.0.0/8"});
  candidate.config.raw["gateway"]["trustedProxies"] = {"10.0.0.0/8"};
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot, ElementsAre("gateway.trustedProxies"));
  EXPECT_THAT(plan.listener, IsEmpty());
  EXPECT_FALSE(plan.needs_listeners());
}

TEST(ReloadPlanTest, RotatedTokenIsHotAndChangesTheSharedSecret) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.auth.token =
      "token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";  // same SecretRef, new file content
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot, ElementsAre("gateway.auth.token"));
  EXPECT_TRUE(plan.shared_secret_changed);
}

TEST(ReloadPlanTest, ARewrittenSecretRefThatResolvesToTheSameTokenIsNoChange) {
  const auto running = base_settings();
  auto candidate = base_settings();
  // Inline instead of a file ref; the effective token is the same.
  candidate.config.raw["gateway"]["auth"]["token"] = "token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  const auto plan = plan_reload(running, candidate);
  EXPECT_TRUE(plan.empty()) << ::testing::PrintToString(plan.changed());
}

TEST(ReloadPlanTest, AuthModeChangeChangesTheSharedSecret) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.auth.mode = config::AuthMode::Password;
  candidate.auth.token.reset();
  candidate.auth.password = "correct horse battery staple";
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot,
              ElementsAre("gateway.auth.mode", "gateway.auth.password", "gateway.auth.token"));
  EXPECT_TRUE(plan.shared_secret_changed);
}

TEST(ReloadPlanTest, RateLimitIsHot) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.auth.rate_limit.max_attempts = 3;
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot, ElementsAre("gateway.auth.rateLimit"));
  EXPECT_TRUE(plan.rate_limit_changed);
  EXPECT_FALSE(plan.shared_secret_changed);
}

TEST(ReloadPlanTest, PortNeedsNewListeners) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.port = 18800;
  candidate.listen = {{"127.0.0.1", 18800}, {"::1", 18800}};
  candidate.config.raw["gateway"]["port"] = 18800;
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.listener, ElementsAre("gateway.port"));
  EXPECT_THAT(plan.hot, IsEmpty()) << "gateway.port is not also reported from the snapshot";
  EXPECT_THAT(plan.restart_paths(), ElementsAre("gateway.port"));
  EXPECT_TRUE(plan.needs_listeners());
}

TEST(ReloadPlanTest, BindHostsAndTlsNeedNewListeners) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.listen = {{"0.0.0.0", 18789}};
  candidate.optional_hosts = {"::1"};
  candidate.tls.enabled = true;
  candidate.tls.fingerprint_sha256 = "ab";
  candidate.config.raw["gateway"]["bind"] = "lan";
  candidate.config.raw["gateway"]["tls"] = {{"enabled", true}};
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.listener, ElementsAre("gateway.bind", "gateway.tls"));
  EXPECT_THAT(plan.hot, IsEmpty());
}

TEST(ReloadPlanTest, ACustomHostTheBindModeIgnoresIsNoChange) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.config.raw["gateway"]["customBindHost"] = "192.0.2.10";  // bind stays loopback
  EXPECT_TRUE(plan_reload(running, candidate).empty());
}

TEST(ReloadPlanTest, MetricsListenerAddressOnlyMattersWhileEnabled) {
  auto running = base_settings();
  auto candidate = base_settings();
  candidate.metrics.port = 9999;  // disabled on both sides
  EXPECT_TRUE(plan_reload(running, candidate).empty());

  candidate.metrics.enabled = true;
  auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.metrics_listener, ElementsAre("gateway.metrics.enabled"));
  EXPECT_THAT(plan.listener, IsEmpty());

  running.metrics.enabled = true;
  candidate.metrics.bind = "0.0.0.0";
  candidate.metrics.token = "metrics-token-123";
  candidate.metrics.path = "/prom";
  plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.metrics_listener, ElementsAre("gateway.metrics.bind", "gateway.metrics.port"));
  EXPECT_THAT(plan.hot, ElementsAre("gateway.metrics.path", "gateway.metrics.token"));
}

TEST(ReloadPlanTest, ControlUiFieldsAreHotAndNamedOneByOne) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.control_ui.allowed_origins = {"https://ui.example"};
  candidate.control_ui.allow_insecure_auth = true;
  candidate.allow_real_ip_fallback = true;
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot,
              ElementsAre("gateway.allowRealIpFallback", "gateway.controlUi.allowInsecureAuth",
                          "gateway.controlUi.allowedOrigins"));
}

TEST(ReloadPlanTest, OtherSectionsAreHotAndReportedAtMostThreeLevelsDeep) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.config.raw["agents"]["defaults"]["model"] = "openai/gpt-5";
  candidate.config.raw["models"] =
      json::parse(R"({"providers": {"local": {"baseUrl": "http://127.0.0.1:8000",
                                                                           "apiKey": "sk-local-123456"}}})");
  candidate.config.raw["logging"] = {{"level", "debug"}};
  candidate.config.raw["gateway"]["reload"] = {{"mode", "hot"}};
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot,
              ElementsAre("agents.defaults.model", "gateway.reload", "logging", "models"));
  for (const auto& path : plan.changed()) EXPECT_EQ(path.find("sk-local"), std::string::npos);
  EXPECT_THAT(plan.listener, IsEmpty());

  auto deeper = candidate;
  deeper.config.raw["models"]["providers"]["local"]["apiKey"] = "sk-local-654321";
  EXPECT_THAT(plan_reload(candidate, deeper).hot, ElementsAre("models.providers.local"));
}

TEST(ReloadPlanTest, ARemovedGatewaySectionReportsItsOtherKeysNotTheWholeSection) {
  auto running = base_settings();
  running.config.raw["gateway"]["remote"] = {{"url", "ws://example:18789"}};
  auto candidate = base_settings();
  const auto plan = plan_reload(running, candidate);
  EXPECT_THAT(plan.hot, ElementsAre("gateway.remote"));
}

TEST(ReloadPlanTest, TheSecretGenerationIsBookkeepingNotConfig) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.auth.secret_generation = 7;
  EXPECT_TRUE(plan_reload(running, candidate).empty());
}

TEST(ReloadPlanTest, KeepRunningListenersPutsBackOnlyTheListenerSettings) {
  const auto running = base_settings();
  auto candidate = base_settings();
  candidate.port = 18800;
  candidate.listen = {{"0.0.0.0", 18800}};
  candidate.tls.enabled = true;
  candidate.metrics.enabled = true;
  candidate.metrics.path = "/prom";
  candidate.trusted_proxies = *net::TrustedProxyList::create({"10.0.0.0/8"});
  const auto kept = keep_running_listeners(running, candidate);
  EXPECT_EQ(kept.port, 18789);
  ASSERT_EQ(kept.listen.size(), 2u);
  EXPECT_EQ(kept.listen[0].host, "127.0.0.1");
  EXPECT_FALSE(kept.tls.enabled);
  EXPECT_FALSE(kept.metrics.enabled);
  EXPECT_EQ(kept.metrics.path, "/prom");
  EXPECT_FALSE(kept.trusted_proxies.empty());
  const auto plan = plan_reload(running, kept);
  EXPECT_FALSE(plan.needs_listeners());
  EXPECT_THAT(plan.hot, ElementsAre("gateway.trustedProxies"));
}

}  // namespace
}  // namespace openclaw::server::reload
