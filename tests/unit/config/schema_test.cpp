#include "core/config/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace openclaw::config {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.to_string());
  return out;
}

std::string all_text(const ValidationReport& report) {
  std::string text;
  for (const auto& d : report.errors) text += d.to_string() + "\n";
  for (const auto& d : report.warnings) text += d.to_string() + "\n";
  return text;
}

ValidationReport check(std::string_view text) { return validate(json::parse(text)); }

TEST(Schema, EmptyConfigIsValidWithoutWarnings) {
  auto report = check("{}");
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.warnings.empty());
}

TEST(Schema, RootSchemaKeyIsAllowed) {
  auto report = check(R"({"$schema": "https://openclaw.ai/config.json"})");
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.warnings.empty());
}

TEST(Schema, RootMustBeAnObject) {
  auto report = validate(json::array());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_THAT(report.errors[0].message, HasSubstr("must be a JSON object"));
}

TEST(Schema, PortOutOfRangeNamesPathValueAndExpectation) {
  auto report = check(R"({"gateway": {"port": 70000}})");
  EXPECT_THAT(
      lines(report.errors),
      ::testing::ElementsAre("gateway.port: 70000 is out of range (expected an integer 1-65535)"));
}

TEST(Schema, PortOfWrongTypeIsRejected) {
  auto report = check(R"({"gateway": {"port": "18789"}})");
  EXPECT_THAT(lines(report.errors),
              ::testing::ElementsAre(
                  "gateway.port: \"18789\" has the wrong type (expected an integer 1-65535)"));
}

TEST(Schema, FractionalPortIsRejectedButIntegralDoubleIsFine) {
  EXPECT_THAT(all_text(check(R"({"gateway": {"port": 18789.5}})")),
              HasSubstr("gateway.port: 18789.5 is not a whole number"));
  EXPECT_TRUE(check(R"({"gateway": {"port": 18789.0}})").ok());
  EXPECT_FALSE(check(R"({"gateway": {"port": 0}})").ok());
}

TEST(Schema, UnknownKeysAreWarningsNotErrors) {
  auto report = check(R"({"gateway": {"foo": 1, "auth": {"bar": true}}, "nonsense": {}})");
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(lines(report.warnings),
              ::testing::UnorderedElementsAre("gateway.foo: unknown key (ignored)",
                                              "gateway.auth.bar: unknown key (ignored)",
                                              "nonsense: unknown key (ignored)"));
}

TEST(Schema, UpstreamSectionsWeDoNotInterpretAreAcceptedSilently) {
  auto report = check(R"({
    "channels": {"telegram": {"botToken": "x", "anything": [1, 2]}},
    "plugins": {"entries": {"x": {"enabled": true}}},
    "tools": {"exec": {"security": "full"}}, "cron": {"enabled": true},
    "skills": {}, "messages": {}, "commands": {}, "browser": {}, "bindings": [],
    "gateway": {"nodes": {"browser": {"mode": "auto"}}, "webchat": {}, "push": {}},
    "agents": {"defaults": {"heartbeat": {"every": "30m"}, "sandbox": {"mode": "all"},
                            "compaction": {"mode": "safeguard"}}}
  })");
  EXPECT_TRUE(report.ok()) << all_text(report);
  EXPECT_TRUE(report.warnings.empty()) << all_text(report);
}

TEST(Schema, BindMustBeOneOfTheModes) {
  auto report = check(R"({"gateway": {"bind": "everywhere"}})");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(),
            "gateway.bind: \"everywhere\" is not allowed (expected one of \"loopback\", \"lan\", "
            "\"tailnet\", \"auto\", \"custom\")");
}

TEST(Schema, CustomBindRequiresADottedIpv4Host) {
  EXPECT_THAT(all_text(check(R"({"gateway": {"bind": "custom"}})")),
              HasSubstr("gateway.customBindHost: is missing (required when gateway.bind is "
                        "\"custom\""));
  EXPECT_THAT(all_text(check(R"({"gateway": {"bind": "custom", "customBindHost": "myhost"}})")),
              HasSubstr("gateway.customBindHost: \"myhost\" is not a dotted IPv4 address"));
  EXPECT_FALSE(check(R"({"gateway": {"customBindHost": "10.0.0.256"}})").ok());
  EXPECT_TRUE(check(R"({"gateway": {"bind": "custom", "customBindHost": "10.1.2.3"}})").ok());
}

TEST(Schema, EachTrustedProxyMustBeAnIpOrCidr) {
  auto report = check(
      R"({"gateway": {"trustedProxies": ["10.0.0.1", "fd00::/8", "proxy.local", "10.0.0.0/33"]}})");
  ASSERT_EQ(report.errors.size(), 2u) << all_text(report);
  EXPECT_EQ(report.errors[0].path, "gateway.trustedProxies[2]");
  EXPECT_THAT(report.errors[0].message, HasSubstr("\"proxy.local\" is not an IP address or CIDR"));
  EXPECT_EQ(report.errors[1].path, "gateway.trustedProxies[3]");
}

TEST(Schema, AllowedOriginsAcceptStarAndBareOrigins) {
  auto report = check(R"({"gateway": {"controlUi": {"allowedOrigins": [
      "*", "https://ui.example.com", "http://127.0.0.1:18789", "http://[::1]:8080"]}}})");
  EXPECT_TRUE(report.ok()) << all_text(report);
}

TEST(Schema, AllowedOriginsRejectPathsAndGarbage) {
  auto report = check(R"({"gateway": {"controlUi": {"allowedOrigins": [
      "https://ui.example.com/", "example.com", "http://host:99999"]}}})");
  ASSERT_EQ(report.errors.size(), 3u) << all_text(report);
  EXPECT_EQ(report.errors[0].path, "gateway.controlUi.allowedOrigins[0]");
  EXPECT_THAT(report.errors[0].message, HasSubstr("has a path"));
  EXPECT_THAT(report.errors[2].message, HasSubstr("invalid port"));
}

TEST(Schema, SecretValuesAreNeverPrinted) {
  auto report = check(R"({
    "gateway": {"auth": {"token": 123456789, "password": ["hunter2"]}},
    "hooks": {"token": 42424242},
    "env": {"vars": {"OPENAI_API_KEY": 31337}}
  })");
  EXPECT_EQ(report.errors.size(), 4u) << all_text(report);
  std::string text = all_text(report);
  EXPECT_THAT(text, HasSubstr("gateway.auth.token: <redacted>"));
  EXPECT_THAT(text, HasSubstr("env.vars.OPENAI_API_KEY: <redacted>"));
  for (const char* secret : {"123456789", "hunter2", "42424242", "31337"}) {
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  }
}

TEST(Schema, RedactionGoesByKeyNameButNotForTokenCounts) {
  EXPECT_TRUE(schema::looks_secret_key("botToken"));
  EXPECT_TRUE(schema::looks_secret_key("tokenFile"));
  EXPECT_TRUE(schema::looks_secret_key("Authorization"));
  EXPECT_TRUE(schema::looks_secret_key("clientSecret"));
  EXPECT_FALSE(schema::looks_secret_key("maxTokens"));
  EXPECT_FALSE(schema::looks_secret_key("mainKey"));
  auto report = check(R"({"models": {"providers": {"p": {"baseUrl": "u",
      "models": [{"id": "m", "maxTokens": "lots"}]}}}})");
  EXPECT_THAT(all_text(report), HasSubstr("maxTokens: \"lots\" has the wrong type"));
}

TEST(Schema, TokenMayBeAStringOrAValidSecretRef) {
  EXPECT_TRUE(check(R"({"gateway": {"auth": {"token": "abc"}}})").ok());
  auto report = check(
      R"({"gateway": {"auth": {"token": {"source": "env", "provider": "default", "id": "GW_TOKEN"}}}})");
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.warnings.empty());
}

TEST(Schema, InvalidSecretRefExplainsWhichPartIsWrong) {
  auto report = check(
      R"({"models": {"providers": {"openai": {"baseUrl": "https://api.openai.com/v1",
          "apiKey": {"source": "env", "provider": "default", "id": "openai_key"}}}}})");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].path, "models.providers.openai.apiKey");
  EXPECT_THAT(report.errors[0].message, HasSubstr("id \"openai_key\" is invalid for an env ref"));

  auto bad_source =
      check(R"({"gateway": {"auth": {"token": {"source": "vault", "provider": "x", "id": "a"}}}})");
  EXPECT_THAT(all_text(bad_source), HasSubstr("expected \"env\", \"file\" or \"exec\""));
}

TEST(Schema, LegacySecretRefWithoutProviderIsAcceptedWithAWarning) {
  auto report = check(R"({"gateway": {"auth": {"token": {"source": "env", "id": "GW_TOKEN"}}}})");
  EXPECT_TRUE(report.ok());
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0].path, "gateway.auth.token");
  EXPECT_THAT(report.warnings[0].message, HasSubstr("no provider"));
}

TEST(Schema, ExecSecretRefIsValidButWarnsThatItCannotResolve) {
  auto report = check(R"({"gateway": {"auth": {"password":
      {"source": "exec", "provider": "vault", "id": "gateway/password"}}}})");
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(all_text(report), HasSubstr("exec secret sources are not supported yet"));
}

TEST(Schema, TrustedProxyModeNeedsUserHeaderAndNoToken) {
  auto missing = check(R"({"gateway": {"auth": {"mode": "trusted-proxy"}}})");
  EXPECT_THAT(all_text(missing), HasSubstr("gateway.auth.trustedProxy: is missing"));

  auto empty_header = check(
      R"({"gateway": {"auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": ""}}}})");
  EXPECT_THAT(all_text(empty_header),
              HasSubstr("gateway.auth.trustedProxy.userHeader: \"\" is empty"));

  auto with_token = check(R"({"gateway": {"auth": {"mode": "trusted-proxy", "token": "t",
      "trustedProxy": {"userHeader": "x-forwarded-user"}}}})");
  EXPECT_THAT(all_text(with_token), HasSubstr("gateway.auth.token: must not be set"));

  EXPECT_TRUE(check(R"({"gateway": {"auth": {"mode": "trusted-proxy", "trustedProxy":
      {"userHeader": "x-forwarded-user", "requiredHeaders": ["x-forwarded-proto"],
       "allowUsers": ["alice"], "allowLoopback": false}}}})")
                  .ok());
}

TEST(Schema, RateLimitValuesMustBeSensible) {
  EXPECT_TRUE(check(R"({"gateway": {"auth": {"rateLimit": {"maxAttempts": 5, "windowMs": 1000,
      "lockoutMs": 0, "exemptLoopback": false}}}})")
                  .ok());
  auto report =
      check(R"({"gateway": {"auth": {"rateLimit": {"maxAttempts": 0, "windowMs": -1}}}})");
  EXPECT_EQ(report.errors.size(), 2u);
  EXPECT_THAT(all_text(report),
              HasSubstr("gateway.auth.rateLimit.maxAttempts: 0 is out of range (expected a "
                        "positive integer)"));
}

TEST(Schema, NestedHttpEndpointErrorsCarryTheFullPath) {
  auto report = check(R"({"gateway": {"http": {"endpoints": {"chatCompletions":
      {"enabled": "yes", "maxBodyBytes": -5, "images": {"maxRedirects": -1}}}}}})");
  EXPECT_EQ(report.errors.size(), 3u);
  std::string text = all_text(report);
  EXPECT_THAT(text, HasSubstr("gateway.http.endpoints.chatCompletions.enabled: \"yes\" has the "
                              "wrong type (expected true or false)"));
  EXPECT_THAT(text, HasSubstr("gateway.http.endpoints.chatCompletions.images.maxRedirects"));
}

TEST(Schema, StrictTransportSecurityIsAStringOrFalse) {
  EXPECT_TRUE(check(R"({"gateway": {"http": {"securityHeaders": {"strictTransportSecurity":
      "max-age=31536000"}}}})")
                  .ok());
  EXPECT_TRUE(
      check(R"({"gateway": {"http": {"securityHeaders": {"strictTransportSecurity": false}}}})")
          .ok());
  EXPECT_FALSE(
      check(R"({"gateway": {"http": {"securityHeaders": {"strictTransportSecurity": true}}}})")
          .ok());
}

TEST(Schema, MetricsExtensionIsValidated) {
  EXPECT_TRUE(check(R"({"gateway": {"metrics": {"enabled": true, "bind": "0.0.0.0",
      "port": 9464, "path": "/metrics", "token": {"source": "file", "provider": "scrape",
      "id": "value"}}}})")
                  .ok());
  auto report = check(R"({"gateway": {"metrics": {"bind": "all", "path": "metrics", "port": 0}}})");
  EXPECT_EQ(report.errors.size(), 3u) << all_text(report);
  EXPECT_THAT(all_text(report), HasSubstr("gateway.metrics.path: \"metrics\" does not start with"));
}

TEST(Schema, ProviderEntriesAreCheckedUnderTheirOwnId) {
  auto report = check(R"({"models": {"providers": {"openai": {"apiKey": "sk"},
      "local": {"baseUrl": "http://127.0.0.1:11434", "api": "smoke-signals"}}}})");
  EXPECT_EQ(report.errors.size(), 2u) << all_text(report);
  EXPECT_THAT(all_text(report), HasSubstr("models.providers.openai.baseUrl: is missing"));
  EXPECT_THAT(all_text(report), HasSubstr("models.providers.local.api: \"smoke-signals\" is not "
                                          "allowed"));
}

TEST(Schema, ProviderTimeoutSecondsMustBePositive) {
  EXPECT_TRUE(check(R"({"models": {"providers": {"local": {"baseUrl": "http://127.0.0.1:8080/v1",
      "timeoutSeconds": 300}}}})").ok());
  auto report = check(R"({"models": {"providers": {"local": {"baseUrl": "http://127.0.0.1:8080/v1",
      "timeoutSeconds": 0}}}})");
  ASSERT_EQ(report.errors.size(), 1u) << all_text(report);
  EXPECT_EQ(report.errors[0].path, "models.providers.local.timeoutSeconds");
}

TEST(Schema, ProviderHeadersMaySecretRefs) {
  auto report = check(R"({"models": {"providers": {"corp": {"baseUrl": "https://llm.corp",
      "api": "openai-completions",
      "headers": {"X-Api-Key": {"source": "env", "provider": "default", "id": "CORP_KEY"}},
      "models": [{"id": "m1", "name": "Model 1", "contextWindow": 128000}]}}}})");
  EXPECT_TRUE(report.ok()) << all_text(report);
}

TEST(Schema, AgentIdsAreRequiredWellFormedAndUnique) {
  auto report = check(R"({"agents": {"list": [
      {"id": "main", "default": true}, {"name": "no id"}, {"id": "bad id!"}, {"id": "Main"}]}})");
  std::string text = all_text(report);
  EXPECT_THAT(text, HasSubstr("agents.list[1].id: is missing"));
  EXPECT_THAT(text, HasSubstr("agents.list[2].id: \"bad id!\" is not a valid agent id"));
  EXPECT_THAT(text, HasSubstr("agents.list[3].id: \"Main\" is already used by agents.list[0]"));
  EXPECT_EQ(report.errors.size(), 3u) << text;
}

TEST(Schema, MoreThanOneDefaultAgentIsAWarning) {
  auto report = check(R"({"agents": {"list": [{"id": "a", "default": true},
      {"id": "b", "default": true}]}})");
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(all_text(report), HasSubstr("agents.list: more than one agent"));
}

TEST(Schema, ModelSelectionIsAStringOrPrimaryWithFallbacks) {
  EXPECT_TRUE(check(R"({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-5"}}})").ok());
  EXPECT_TRUE(check(R"({"agents": {"defaults": {"model": {"primary": "openai/gpt-5",
      "fallbacks": ["anthropic/claude-sonnet-4-5"]}}}})")
                  .ok());
  auto report =
      check(R"({"agents": {"defaults": {"model": 5, "imageModel": {"fallbacks": [1]}}}})");
  EXPECT_EQ(report.errors.size(), 2u) << all_text(report);
  EXPECT_THAT(all_text(report), HasSubstr("agents.defaults.model: 5 has the wrong type (expected a "
                                          "model \"provider/model\" or an object"));
  EXPECT_THAT(all_text(report), HasSubstr("agents.defaults.imageModel.fallbacks[0]"));
}

TEST(Schema, ModelCatalogKeysWithSlashesGetBracketedPaths) {
  auto report = check(R"({"agents": {"defaults": {"models": {"openai/gpt-5": {"alias": 5}}}}})");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].path, "agents.defaults.models[\"openai/gpt-5\"].alias");
}

TEST(Schema, AuthProfilesNeedProviderAndMode) {
  auto report = check(R"({"auth": {"profiles": {"anthropic:me": {"provider": "anthropic",
      "mode": "password"}, "openai:x": {"mode": "api_key"}}, "order": {"anthropic": ["anthropic:me"]}}})");
  std::string text = all_text(report);
  EXPECT_THAT(text, HasSubstr("auth.profiles[\"anthropic:me\"].mode: \"password\" is not allowed"));
  EXPECT_THAT(text, HasSubstr("auth.profiles[\"openai:x\"].provider: is missing"));
  EXPECT_EQ(report.errors.size(), 2u) << text;
}

TEST(Schema, LoggingAndSessionEnumsAreChecked) {
  EXPECT_TRUE(check(R"({"logging": {"level": "debug", "file": "/var/log/oc.log",
      "consoleStyle": "json", "redactSensitive": "off"}, "session": {"scope": "global",
      "mainKey": "main", "reset": {"mode": "daily"}}})")
                  .ok());
  auto report = check(R"({"logging": {"level": "verbose"}, "session": {"scope": "per-user",
      "mainKey": ""}})");
  EXPECT_EQ(report.errors.size(), 3u) << all_text(report);
}

TEST(Schema, SecretProvidersAreCheckedBySource) {
  auto report = check(R"({"secrets": {"providers": {
      "mounted": {"source": "file", "mode": "singleValue"},
      "Vault": {"source": "env"},
      "odd": {"source": "keyring"},
      "cmd": {"source": "exec", "command": "bin/get-secret"},
      "envs": {"source": "env", "allowlist": ["OPENAI_API_KEY", "lower"]}},
      "defaults": {"env": "envs"}}})");
  std::string text = all_text(report);
  EXPECT_THAT(text, HasSubstr("secrets.providers.mounted.path: is missing"));
  EXPECT_THAT(text, HasSubstr("secrets.providers.Vault: key \"Vault\" is not a valid provider"));
  EXPECT_THAT(text, HasSubstr("secrets.providers.odd.source: \"keyring\" is not allowed"));
  EXPECT_THAT(text, HasSubstr("secrets.providers.cmd.command: \"bin/get-secret\" is not an "
                              "absolute path"));
  EXPECT_THAT(text, HasSubstr("secrets.providers.envs.allowlist[1]"));
  EXPECT_EQ(report.errors.size(), 5u) << text;
}

TEST(Schema, EnvSectionTakesVarsAndStringShorthands) {
  EXPECT_TRUE(
      check(R"({"env": {"vars": {"A": "1"}, "B": "2", "shellEnv": {"enabled": true}}})").ok());
  auto report = check(R"({"env": {"PORT": 18789}})");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].path, "env.PORT");
}

TEST(Schema, EveryErrorIsReportedNotJustTheFirst) {
  auto report = check(R"({"gateway": {"port": -1, "mode": "cloud", "bind": 3,
      "allowRealIpFallback": "no"}, "discovery": {"mdns": {"mode": "loud"}}})");
  EXPECT_EQ(report.errors.size(), 5u) << all_text(report);
}

TEST(Schema, TypicalFullConfigIsClean) {
  auto report = check(R"({
    "gateway": {"port": 18789, "mode": "local", "bind": "lan",
      "auth": {"mode": "token", "token": {"source": "file", "provider": "gw", "id": "value"},
               "rateLimit": {"maxAttempts": 10}},
      "trustedProxies": ["172.16.0.0/12"],
      "controlUi": {"enabled": true, "allowedOrigins": ["https://claw.example.com"],
                    "embedSandbox": "strict"},
      "tailscale": {"mode": "off"}, "reload": {"mode": "hybrid", "debounceMs": 300},
      "tls": {"enabled": false},
      "http": {"endpoints": {"responses": {"enabled": true,
               "files": {"pdf": {"maxPages": 10}}}}},
      "remote": {"url": "wss://gw.example.com", "transport": "direct"}},
    "secrets": {"providers": {"gw": {"source": "file", "path": "/run/secrets/gw",
                                     "mode": "singleValue"}}},
    "agents": {"defaults": {"workspace": "~/.openclaw/workspace",
                            "model": {"primary": "openai/gpt-5"}},
               "list": [{"id": "main", "default": true, "identity": {"name": "Claw"}}]},
    "auth": {"cooldowns": {"billingBackoffHours": 5}},
    "meta": {"lastTouchedVersion": "2026.4.12", "lastTouchedAt": 1760000000000},
    "wizard": {"lastRunMode": "local"}, "diagnostics": {"otel": {"enabled": false}}
  })");
  EXPECT_TRUE(report.ok()) << all_text(report);
  EXPECT_TRUE(report.warnings.empty()) << all_text(report);
}

}  // namespace
}  // namespace openclaw::config
