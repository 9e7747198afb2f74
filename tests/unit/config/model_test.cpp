#include "core/config/model.h"

#include <gtest/gtest.h>

namespace openclaw::config {
namespace {

using nlohmann::json;

Config build(std::string_view text) {
  auto config = from_json(json::parse(text));
  EXPECT_TRUE(config) << config.error().message;
  return config.value_or(Config{});
}

TEST(ConfigModel, EmptyConfigTakesTheDocumentedDefaults) {
  Config config = build("{}");
  const auto& gw = config.gateway;
  EXPECT_FALSE(gw.port.has_value());
  EXPECT_FALSE(gw.mode.has_value());
  EXPECT_FALSE(gw.bind.has_value());
  EXPECT_FALSE(gw.auth.mode.has_value());
  EXPECT_FALSE(gw.auth.token.has_value());
  EXPECT_EQ(gw.auth.rate_limit.max_attempts, 10);
  EXPECT_EQ(gw.auth.rate_limit.window_ms, 60000);
  EXPECT_EQ(gw.auth.rate_limit.lockout_ms, 300000);
  EXPECT_TRUE(gw.auth.rate_limit.exempt_loopback);
  EXPECT_FALSE(gw.auth.rate_limit.configured);
  EXPECT_FALSE(gw.allow_real_ip_fallback);
  EXPECT_TRUE(gw.control_ui.enabled);
  EXPECT_EQ(gw.control_ui.base_path, "");
  EXPECT_EQ(gw.control_ui.embed_sandbox, EmbedSandbox::Scripts);
  EXPECT_EQ(gw.reload.mode, ReloadMode::Hybrid);
  EXPECT_EQ(gw.reload.debounce_ms, 300);
  EXPECT_FALSE(gw.http.chat_completions.enabled);
  EXPECT_EQ(gw.http.chat_completions.max_body_bytes, 20 * 1024 * 1024);
  EXPECT_EQ(gw.http.chat_completions.max_image_parts, 8);
  EXPECT_FALSE(gw.http.responses.enabled);
  EXPECT_FALSE(gw.metrics.enabled);
  EXPECT_EQ(gw.metrics.bind, "127.0.0.1");
  EXPECT_EQ(gw.metrics.port, 9464);
  EXPECT_EQ(gw.metrics.path, "/metrics");
  EXPECT_EQ(config.session.main_key, "main");
  EXPECT_EQ(config.session.scope, SessionScope::PerSender);
  EXPECT_EQ(config.hooks.path, "/hooks");
  EXPECT_EQ(config.hooks.max_body_bytes, 256 * 1024);
  EXPECT_EQ(config.logging.level, "info");
  EXPECT_EQ(config.discovery.mdns_mode, "minimal");
}

TEST(ConfigModel, GatewaySettingsAreRead) {
  Config config = build(R"({"gateway": {"port": 18800, "mode": "local", "bind": "custom",
      "customBindHost": "10.0.0.5", "trustedProxies": ["10.0.0.0/8"],
      "allowRealIpFallback": true,
      "auth": {"mode": "trusted-proxy", "rateLimit": {"maxAttempts": 3},
               "trustedProxy": {"userHeader": "x-user", "allowUsers": ["alice"]}},
      "controlUi": {"allowedOrigins": ["https://a.example"], "embedSandbox": "strict",
                    "dangerouslyDisableDeviceAuth": true},
      "tailscale": {"mode": "serve"}, "reload": {"mode": "off"},
      "tls": {"enabled": true, "certPath": "/c.pem"},
      "http": {"securityHeaders": {"strictTransportSecurity": false},
               "endpoints": {"chatCompletions": {"enabled": true, "maxBodyBytes": 1024}}},
      "metrics": {"enabled": true, "bind": "0.0.0.0", "port": 9100}}})");
  const auto& gw = config.gateway;
  EXPECT_EQ(gw.port, 18800);
  EXPECT_EQ(gw.mode, GatewayMode::Local);
  EXPECT_EQ(gw.bind, BindMode::Custom);
  EXPECT_EQ(gw.custom_bind_host, "10.0.0.5");
  EXPECT_EQ(gw.trusted_proxies, std::vector<std::string>{"10.0.0.0/8"});
  EXPECT_TRUE(gw.allow_real_ip_fallback);
  EXPECT_EQ(gw.auth.mode, AuthMode::TrustedProxy);
  EXPECT_TRUE(gw.auth.rate_limit.configured);
  EXPECT_EQ(gw.auth.rate_limit.max_attempts, 3);
  EXPECT_EQ(gw.auth.rate_limit.window_ms, 60000);
  ASSERT_TRUE(gw.auth.trusted_proxy.has_value());
  EXPECT_EQ(gw.auth.trusted_proxy->user_header, "x-user");
  EXPECT_EQ(gw.auth.trusted_proxy->allow_users, std::vector<std::string>{"alice"});
  EXPECT_FALSE(gw.auth.trusted_proxy->allow_loopback);
  EXPECT_EQ(gw.control_ui.embed_sandbox, EmbedSandbox::Strict);
  EXPECT_TRUE(gw.control_ui.dangerously_disable_device_auth);
  EXPECT_EQ(gw.tailscale.mode, TailscaleMode::Serve);
  EXPECT_EQ(gw.reload.mode, ReloadMode::Off);
  EXPECT_TRUE(gw.tls.enabled);
  EXPECT_TRUE(gw.tls.auto_generate);
  EXPECT_EQ(gw.tls.cert_path, "/c.pem");
  EXPECT_EQ(gw.http.strict_transport_security, "");
  EXPECT_TRUE(gw.http.chat_completions.enabled);
  EXPECT_EQ(gw.http.chat_completions.max_body_bytes, 1024);
  EXPECT_EQ(gw.metrics.port, 9100);
  EXPECT_EQ(gw.metrics.bind, "0.0.0.0");
}

TEST(ConfigModel, SecretInputsStayLiteralsOrRefs) {
  Config config = build(R"({"gateway": {"auth": {"token": "literal",
      "password": {"source": "env", "provider": "default", "id": "GW_PASSWORD"}},
      "metrics": {"token": {"source": "file", "provider": "scrape", "id": "value"}}}})");
  ASSERT_TRUE(config.gateway.auth.token.has_value());
  EXPECT_EQ(std::get<std::string>(*config.gateway.auth.token), "literal");
  ASSERT_TRUE(config.gateway.auth.password.has_value());
  EXPECT_EQ(std::get<SecretRef>(*config.gateway.auth.password),
            (SecretRef{SecretSource::Env, "default", "GW_PASSWORD"}));
  ASSERT_TRUE(config.gateway.metrics.token.has_value());
  EXPECT_EQ(std::get<SecretRef>(*config.gateway.metrics.token).provider, "scrape");
}

TEST(ConfigModel, LegacyRefsGetTheConfiguredDefaultProvider) {
  Config config = build(R"({"secrets": {"defaults": {"env": "envs"}},
      "gateway": {"auth": {"token": {"source": "env", "id": "GW_TOKEN"}}}})");
  EXPECT_EQ(std::get<SecretRef>(*config.gateway.auth.token).provider, "envs");
  EXPECT_EQ(config.secrets["defaults"]["env"], "envs");
}

TEST(ConfigModel, ModelSelectionsAndAgents) {
  Config config = build(R"({"agents": {
      "defaults": {"model": {"primary": "openai/gpt-5", "fallbacks": ["anthropic/claude"]},
                   "imageModel": "openai/gpt-image", "workspace": "~/ws",
                   "models": {"openai/gpt-5": {"alias": "gpt", "params": {"temperature": 0.2}}}},
      "list": [{"id": "Main", "name": "Main agent"},
               {"id": "ops", "default": true, "model": "anthropic/claude", "workspace": "/w"}]}})");
  const auto& agents = config.agents;
  ASSERT_TRUE(agents.defaults.model.has_value());
  EXPECT_EQ(*agents.defaults.model, (ModelSelection{"openai/gpt-5", {"anthropic/claude"}}));
  EXPECT_EQ(agents.defaults.image_model->primary, "openai/gpt-image");
  EXPECT_EQ(agents.defaults.workspace, "~/ws");
  EXPECT_EQ(agents.defaults.models.at("openai/gpt-5").alias, "gpt");
  EXPECT_EQ(agents.defaults.models.at("openai/gpt-5").params["temperature"], 0.2);
  ASSERT_EQ(agents.list.size(), 2u);
  EXPECT_EQ(agents.list[0].id, "main");
  EXPECT_EQ(agents.list[0].name, "Main agent");
  ASSERT_NE(agents.default_agent(), nullptr);
  EXPECT_EQ(agents.default_agent()->id, "ops");
  EXPECT_EQ(agents.list[1].model->primary, "anthropic/claude");
}

TEST(ConfigModel, DefaultAgentFallsBackToTheFirstListed) {
  EXPECT_EQ(build(R"({"agents": {"list": [{"id": "a"}, {"id": "b"}]}})").agents.default_agent()->id,
            "a");
  EXPECT_EQ(build("{}").agents.default_agent(), nullptr);
}

TEST(ConfigModel, ProvidersAndTheirModels) {
  Config config = build(R"({"models": {"mode": "replace", "providers": {"local": {
      "baseUrl": "http://127.0.0.1:11434/v1", "api": "openai-completions",
      "apiKey": "${OLLAMA_KEY}",
      "headers": {"X-Team": "core", "X-Key": {"source": "env", "provider": "default", "id": "K"}},
      "models": [{"id": "llama3", "contextWindow": 8192, "input": ["text"]}]}}}})");
  EXPECT_EQ(config.models.mode, "replace");
  const auto& local = config.models.providers.at("local");
  EXPECT_EQ(local.base_url, "http://127.0.0.1:11434/v1");
  EXPECT_EQ(local.api, "openai-completions");
  EXPECT_EQ(std::get<std::string>(*local.api_key), "${OLLAMA_KEY}");
  EXPECT_EQ(std::get<std::string>(local.headers.at("X-Team")), "core");
  EXPECT_EQ(std::get<SecretRef>(local.headers.at("X-Key")).id, "K");
  ASSERT_EQ(local.models.size(), 1u);
  EXPECT_EQ(local.models[0].id, "llama3");
  EXPECT_EQ(local.models[0].name, "llama3");
  EXPECT_EQ(local.models[0].context_window, 8192);
}

TEST(ConfigModel, AuthProfilesLoggingSessionHooksEnv) {
  Config config = build(R"({
      "auth": {"profiles": {"anthropic:me": {"provider": "anthropic", "mode": "oauth",
               "email": "me@example.com"}}, "order": {"anthropic": ["anthropic:me"]}},
      "logging": {"level": "debug", "file": "/var/log/oc.jsonl"},
      "session": {"scope": "global", "mainKey": "home"},
      "hooks": {"enabled": true, "token": "hook-secret", "maxBodyBytes": 1000},
      "env": {"vars": {"A": "1", "B": "from-vars"}, "B": "shorthand", "C": "3"}})");
  EXPECT_EQ(config.auth.profiles.at("anthropic:me").mode, "oauth");
  EXPECT_EQ(config.auth.order.at("anthropic"), std::vector<std::string>{"anthropic:me"});
  EXPECT_EQ(config.logging.level, "debug");
  EXPECT_EQ(config.logging.file, "/var/log/oc.jsonl");
  EXPECT_EQ(config.session.scope, SessionScope::Global);
  EXPECT_EQ(config.session.main_key, "home");
  EXPECT_TRUE(config.hooks.enabled);
  EXPECT_EQ(config.hooks.token, "hook-secret");
  EXPECT_EQ(config.hooks.max_body_bytes, 1000);
  EXPECT_EQ(config.env_vars,
            (std::map<std::string, std::string>{{"A", "1"}, {"B", "from-vars"}, {"C", "3"}}));
}

TEST(ConfigModel, WrongTypesAreIgnoredRatherThanTrusted) {
  Config config = build(R"({"gateway": {"port": "18789", "bind": "everywhere",
      "controlUi": {"enabled": "no"}, "metrics": {"port": 70000}}})");
  EXPECT_FALSE(config.gateway.port.has_value());
  EXPECT_FALSE(config.gateway.bind.has_value());
  EXPECT_TRUE(config.gateway.control_ui.enabled);
  EXPECT_EQ(config.gateway.metrics.port, 9464);
}

TEST(ConfigModel, NonObjectRootFails) { EXPECT_FALSE(from_json(json::array())); }

TEST(ConfigModel, EnumNamesRoundTrip) {
  for (auto mode :
       {BindMode::Loopback, BindMode::Lan, BindMode::Tailnet, BindMode::Auto, BindMode::Custom}) {
    EXPECT_EQ(parse_bind_mode(to_string(mode)), mode);
  }
  for (auto mode : {AuthMode::None, AuthMode::Token, AuthMode::Password, AuthMode::TrustedProxy}) {
    EXPECT_EQ(parse_auth_mode(to_string(mode)), mode);
  }
  EXPECT_EQ(parse_gateway_mode("remote"), GatewayMode::Remote);
  EXPECT_FALSE(parse_auth_mode("basic").has_value());
}

}  // namespace
}  // namespace openclaw::config
