#include "core/config/precedence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_env.h"

namespace openclaw::config {
namespace {

using testing::env_of;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Environment port_env(std::string value) {
  return env_of({{"OPENCLAW_GATEWAY_PORT", std::move(value)}});
}

TEST(ResolvePort, FlagBeatsEnvBeatsConfigBeatsDefault) {
  EXPECT_EQ(resolve_port(1111, port_env("2222"), 3333, false).value(),
            (ResolvedPort{1111, PortSource::Flag}));
  EXPECT_EQ(resolve_port(std::nullopt, port_env("2222"), 3333, false).value(),
            (ResolvedPort{2222, PortSource::Env}));
  EXPECT_EQ(resolve_port(std::nullopt, Environment(), 3333, false).value(),
            (ResolvedPort{3333, PortSource::Config}));
  EXPECT_EQ(resolve_port(std::nullopt, Environment(), std::nullopt, false).value(),
            (ResolvedPort{18789, PortSource::Default}));
}

TEST(ResolvePort, DevDefaultsTo19001LikeUpstreamsSeededEnv) {
  EXPECT_EQ(resolve_port(std::nullopt, Environment(), std::nullopt, true).value(),
            (ResolvedPort{19001, PortSource::Default}));
  EXPECT_EQ(resolve_port(std::nullopt, Environment(), 3333, true).value().port, 19001);
  EXPECT_EQ(resolve_port(std::nullopt, port_env("2222"), std::nullopt, true).value().port, 2222);
  EXPECT_EQ(resolve_port(4444, Environment(), std::nullopt, true).value().port, 4444);
}

TEST(ResolvePort, EnvAcceptsComposeStyleHostPort) {
  EXPECT_EQ(
      resolve_port(std::nullopt, port_env(" 127.0.0.1:18790 "), std::nullopt, false).value().port,
      18790);
  EXPECT_EQ(resolve_port(std::nullopt, port_env("[::1]:18791"), std::nullopt, false).value().port,
            18791);
}

TEST(ResolvePort, InvalidEnvValueIsAnErrorNamingTheVariable) {
  for (const char* bad : {"abc", "0", "70000", "-1", "1.5", ":80", "a:b:80"}) {
    auto result = resolve_port(std::nullopt, port_env(bad), 3333, false);
    ASSERT_FALSE(result) << bad;
    EXPECT_THAT(result.error().message,
                HasSubstr(std::string("OPENCLAW_GATEWAY_PORT=\"") + bad + "\""));
  }
  // Unset or blank falls through to the config.
  EXPECT_EQ(resolve_port(std::nullopt, port_env("  "), 3333, false).value().source,
            PortSource::Config);
}

TEST(ResolvePort, FlagOutOfRangeIsAnError) {
  EXPECT_FALSE(resolve_port(0, Environment(), std::nullopt, false));
  EXPECT_FALSE(resolve_port(65536, Environment(), std::nullopt, false));
  EXPECT_TRUE(resolve_port(65535, Environment(), std::nullopt, false));
}

TEST(ResolvePort, SourcesHaveStableNames) {
  EXPECT_EQ(to_string(PortSource::Flag), "flag");
  EXPECT_EQ(to_string(PortSource::Env), "env");
  EXPECT_EQ(to_string(PortSource::Config), "config");
  EXPECT_EQ(to_string(PortSource::Default), "default");
}

TEST(ResolveBindHosts, LoopbackListsBothFamilies) {
  auto result = resolve_bind_hosts({.mode = BindMode::Loopback});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->mode, BindMode::Loopback);
  EXPECT_THAT(result->hosts, ElementsAre("127.0.0.1", "::1"));
  EXPECT_TRUE(result->loopback_only);
}

TEST(ResolveBindHosts, UnsetMeansLoopbackOutsideAndAllInterfacesInsideAContainer) {
  auto outside = resolve_bind_hosts({});
  ASSERT_TRUE(outside);
  EXPECT_THAT(outside->hosts, ElementsAre("127.0.0.1", "::1"));
  auto inside = resolve_bind_hosts({.in_container = true});
  ASSERT_TRUE(inside);
  EXPECT_THAT(inside->hosts, ElementsAre("0.0.0.0"));
  EXPECT_FALSE(inside->loopback_only);
}

TEST(ResolveBindHosts, LanAutoAndTailnet) {
  EXPECT_THAT(resolve_bind_hosts({.mode = BindMode::Lan})->hosts, ElementsAre("0.0.0.0"));
  EXPECT_THAT(resolve_bind_hosts({.mode = BindMode::Auto})->hosts, ElementsAre("127.0.0.1", "::1"));
  EXPECT_THAT(resolve_bind_hosts({.mode = BindMode::Auto, .in_container = true})->hosts,
              ElementsAre("0.0.0.0"));
  EXPECT_THAT(resolve_bind_hosts({.mode = BindMode::Tailnet, .tailnet_ipv4 = "100.64.1.2"})->hosts,
              ElementsAre("100.64.1.2"));
  EXPECT_THAT(resolve_bind_hosts({.mode = BindMode::Tailnet})->hosts,
              ElementsAre("127.0.0.1", "::1"));
}

TEST(ResolveBindHosts, CustomNeedsADottedIpv4Host) {
  auto ok = resolve_bind_hosts({.mode = BindMode::Custom, .custom_host = "192.168.1.10"});
  ASSERT_TRUE(ok);
  EXPECT_THAT(ok->hosts, ElementsAre("192.168.1.10"));
  EXPECT_FALSE(ok->loopback_only);
  EXPECT_TRUE(
      resolve_bind_hosts({.mode = BindMode::Custom, .custom_host = "127.0.0.2"})->loopback_only);

  auto missing = resolve_bind_hosts({.mode = BindMode::Custom});
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("gateway.customBindHost is not set"));
  auto name = resolve_bind_hosts({.mode = BindMode::Custom, .custom_host = "gateway.local"});
  ASSERT_FALSE(name);
  EXPECT_THAT(name.error().message, HasSubstr("\"gateway.local\" is not a dotted IPv4 address"));
}

TEST(ResolveBindHosts, TailscaleServeForcesLoopback) {
  auto unset = resolve_bind_hosts({.in_container = true, .tailscale = TailscaleMode::Serve});
  ASSERT_TRUE(unset);
  EXPECT_TRUE(unset->loopback_only);
  auto lan = resolve_bind_hosts({.mode = BindMode::Lan, .tailscale = TailscaleMode::Funnel});
  ASSERT_FALSE(lan);
  EXPECT_THAT(lan.error().message, HasSubstr("gateway.tailscale.mode \"funnel\""));
}

TEST(ResolveAuthMode, ExplicitChoicesWin) {
  EXPECT_EQ(resolve_auth_mode(AuthMode::None, AuthMode::Password, true, true).value(),
            AuthMode::None);
  EXPECT_EQ(resolve_auth_mode(std::nullopt, AuthMode::TrustedProxy, true, true).value(),
            AuthMode::TrustedProxy);
}

TEST(ResolveAuthMode, InferredFromWhatIsPresent) {
  EXPECT_EQ(resolve_auth_mode(std::nullopt, std::nullopt, false, true).value(), AuthMode::Password);
  EXPECT_EQ(resolve_auth_mode(std::nullopt, std::nullopt, true, false).value(), AuthMode::Token);
  EXPECT_EQ(resolve_auth_mode(std::nullopt, std::nullopt, false, false).value(), AuthMode::Token);
}

TEST(ResolveAuthMode, BothSecretsWithoutAModeIsAnError) {
  auto result = resolve_auth_mode(std::nullopt, std::nullopt, true, true);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("set gateway.auth.mode"));
}

}  // namespace
}  // namespace openclaw::config
