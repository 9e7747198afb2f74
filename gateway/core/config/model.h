// The typed, immutable view of openclaw.json the gateway runs on (spec §5.2-§5.3). Built by
// from_json() from a tree that validate() accepted; absent keys take the documented defaults.
// Settings whose precedence involves flags or the environment (port, bind, auth mode,
// gateway mode) stay optional so callers can tell "not configured" from "default".
// Secrets stay SecretInput (a literal or a SecretRef) and are resolved by resolve_secret().
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/secret_ref.h"
#include "core/util/result.h"

namespace openclaw::config {

inline constexpr std::uint16_t kDefaultGatewayPort = 18789;
inline constexpr std::uint16_t kDevGatewayPort = 19001;
inline constexpr std::uint16_t kDefaultMetricsPort = 9464;
inline constexpr std::int64_t kDefaultHttpMaxBodyBytes = 20 * 1024 * 1024;
inline constexpr std::int64_t kDefaultHooksMaxBodyBytes = 256 * 1024;

enum class GatewayMode { Local, Remote };
enum class BindMode { Loopback, Lan, Tailnet, Auto, Custom };
enum class AuthMode { None, Token, Password, TrustedProxy };
enum class EmbedSandbox { Strict, Scripts, Trusted };
enum class TailscaleMode { Off, Serve, Funnel };
enum class ReloadMode { Off, Restart, Hot, Hybrid };
enum class SessionScope { PerSender, Global };

std::string_view to_string(GatewayMode mode);
std::string_view to_string(BindMode mode);
std::string_view to_string(AuthMode mode);
std::string_view to_string(EmbedSandbox mode);
std::string_view to_string(TailscaleMode mode);
std::string_view to_string(ReloadMode mode);
std::string_view to_string(SessionScope scope);

std::optional<GatewayMode> parse_gateway_mode(std::string_view text);
std::optional<BindMode> parse_bind_mode(std::string_view text);
std::optional<AuthMode> parse_auth_mode(std::string_view text);

// Failed-auth rate limiting (spec §3.7). Upstream only limits when gateway.auth.rateLimit
// is present; this gateway limits by default (`configured` records whether the operator
// wrote the section).
struct RateLimitConfig {
  std::int64_t max_attempts = 10;
  std::int64_t window_ms = 60'000;
  std::int64_t lockout_ms = 300'000;
  bool exempt_loopback = true;
  bool configured = false;
};

struct TrustedProxyAuthConfig {
  std::string user_header;
  std::vector<std::string> required_headers;
  std::vector<std::string> allow_users;  // empty: any user the proxy names
  bool allow_loopback = false;
};

struct AuthConfig {
  std::optional<AuthMode> mode;  // see resolve_auth_mode() for the effective mode
  std::optional<SecretInput> token;
  std::optional<SecretInput> password;
  std::optional<bool> allow_tailscale;  // default depends on tailscale mode (spec §3.1)
  RateLimitConfig rate_limit;
  std::optional<TrustedProxyAuthConfig> trusted_proxy;
};

struct ControlUiConfig {
  bool enabled = true;
  std::string base_path;  // "" = served at the root
  std::optional<std::string> root;
  EmbedSandbox embed_sandbox = EmbedSandbox::Scripts;
  bool allow_external_embed_urls = false;
  std::vector<std::string> allowed_origins;
  bool dangerously_allow_host_header_origin_fallback = false;
  bool allow_insecure_auth = false;
  bool dangerously_disable_device_auth = false;
};

struct TailscaleConfig {
  TailscaleMode mode = TailscaleMode::Off;
  bool reset_on_exit = false;
};

// Client-side settings for reaching a remote gateway; never used for server auth.
struct RemoteConfig {
  bool enabled = false;
  std::optional<std::string> url;
  std::optional<std::string> transport;  // "ssh" | "direct"
  std::optional<SecretInput> token;
  std::optional<SecretInput> password;
  std::optional<std::string> tls_fingerprint;
  std::optional<std::string> ssh_target;
  std::optional<std::string> ssh_identity;
};

struct ReloadConfig {
  ReloadMode mode = ReloadMode::Hybrid;
  std::int64_t debounce_ms = 300;
  std::optional<std::int64_t> deferral_timeout_ms;
};

struct TlsConfig {
  bool enabled = false;
  bool auto_generate = true;
  std::optional<std::string> cert_path;
  std::optional<std::string> key_path;
  std::optional<std::string> ca_path;
};

struct ChatCompletionsEndpointConfig {
  bool enabled = false;
  std::int64_t max_body_bytes = kDefaultHttpMaxBodyBytes;
  std::int64_t max_image_parts = 8;
  std::int64_t max_total_image_bytes = kDefaultHttpMaxBodyBytes;
  nlohmann::json images = nlohmann::json::object();  // URL-fetch limits, as written
};

struct ResponsesEndpointConfig {
  bool enabled = false;
  std::int64_t max_body_bytes = kDefaultHttpMaxBodyBytes;
  std::int64_t max_url_parts = 8;
  nlohmann::json files = nlohmann::json::object();
  nlohmann::json images = nlohmann::json::object();
};

struct HttpConfig {
  ChatCompletionsEndpointConfig chat_completions;
  ResponsesEndpointConfig responses;
  // Strict-Transport-Security value; nullopt when unset, "" when explicitly disabled (false).
  std::optional<std::string> strict_transport_security;
};

// Our extension: Prometheus text exposition on its own listener (operator pain E1).
struct MetricsConfig {
  bool enabled = false;
  std::string bind = "127.0.0.1";
  std::uint16_t port = kDefaultMetricsPort;
  std::string path = "/metrics";
  std::optional<SecretInput> token;  // bearer token required from scrapers when set
};

struct GatewayConfig {
  std::optional<std::uint16_t> port;  // see resolve_port(); default 18789
  std::optional<GatewayMode> mode;    // the gateway runs only with Local (spec §3.3)
  std::optional<BindMode> bind;       // see resolve_bind_hosts()
  std::optional<std::string> custom_bind_host;
  AuthConfig auth;
  std::vector<std::string> trusted_proxies;
  bool allow_real_ip_fallback = false;
  ControlUiConfig control_ui;
  TailscaleConfig tailscale;
  RemoteConfig remote;
  ReloadConfig reload;
  TlsConfig tls;
  HttpConfig http;
  MetricsConfig metrics;
};

struct ModelSelection {
  std::string primary;
  std::vector<std::string> fallbacks;
  bool operator==(const ModelSelection&) const = default;
};

struct ModelCatalogEntry {
  std::optional<std::string> alias;
  nlohmann::json params = nlohmann::json::object();
  std::optional<bool> streaming;
};

struct AgentDefaults {
  std::optional<ModelSelection> model;
  std::optional<ModelSelection> image_model;
  std::optional<ModelSelection> pdf_model;
  std::map<std::string, ModelCatalogEntry> models;  // "provider/model" -> entry
  std::optional<std::string> workspace;
};

struct AgentEntry {
  std::string id;  // lowercased, as upstream normalises it
  std::optional<std::string> name;
  std::optional<std::string> workspace;
  std::optional<std::string> agent_dir;
  std::optional<ModelSelection> model;
  std::map<std::string, ModelCatalogEntry> models;
  bool is_default = false;
  nlohmann::json raw = nlohmann::json::object();  // the entry as written
};

struct AgentsConfig {
  AgentDefaults defaults;
  std::vector<AgentEntry> list;

  // The agent marked default (first one), else the first listed, else nullptr.
  const AgentEntry* default_agent() const;
};

struct ModelDefinition {
  std::string id;
  std::string name;
  std::optional<std::string> api;
  bool reasoning = false;
  std::vector<std::string> input;
  std::optional<double> context_window;
  std::optional<double> max_tokens;
  std::map<std::string, std::string> headers;
  nlohmann::json raw = nlohmann::json::object();
};

struct ProviderConfig {
  std::string base_url;
  std::optional<SecretInput> api_key;
  std::optional<std::string> api;   // e.g. "openai-completions", "anthropic-messages"
  std::optional<std::string> auth;  // "api-key" | "aws-sdk" | "oauth" | "token"
  std::map<std::string, SecretInput> headers;
  std::optional<bool> auth_header;
  // timeoutSeconds: how long a request to this provider may wait for the answer to start and
  // then between streamed pieces (connect stays capped at 10 s); unset keeps the defaults.
  std::optional<double> timeout_seconds;
  std::vector<ModelDefinition> models;
};

struct ModelsConfig {
  std::string mode = "merge";
  std::map<std::string, ProviderConfig> providers;
};

struct AuthProfile {
  std::string provider;
  std::string mode;  // "api_key" | "oauth" | "token"
  std::optional<std::string> email;
  std::optional<std::string> display_name;
};

struct AuthProfilesConfig {
  std::map<std::string, AuthProfile> profiles;
  std::map<std::string, std::vector<std::string>> order;
  nlohmann::json cooldowns = nlohmann::json::object();
};

struct LoggingConfig {
  std::string level = "info";
  std::optional<std::string> file;  // default /tmp/openclaw/openclaw-YYYY-MM-DD.log
  std::optional<std::int64_t> max_file_bytes;
  std::optional<std::string> console_level;
  std::optional<std::string> console_style;
  std::string redact_sensitive = "tools";
  std::vector<std::string> redact_patterns;
};

struct SessionConfig {
  std::string main_key = "main";
  SessionScope scope = SessionScope::PerSender;
  std::optional<std::string> dm_scope;
  std::optional<std::string> store;
};

struct HooksConfig {
  bool enabled = false;
  std::string path = "/hooks";
  std::optional<std::string> token;
  std::int64_t max_body_bytes = kDefaultHooksMaxBodyBytes;
  bool allow_request_session_key = false;
  std::vector<std::string> allowed_session_key_prefixes;
  std::optional<std::string> default_session_key;
  nlohmann::json mappings = nlohmann::json::array();
};

struct DiscoveryConfig {
  std::string mdns_mode = "minimal";
  bool wide_area_enabled = false;
  std::optional<std::string> wide_area_domain;
};

struct Config {
  GatewayConfig gateway;
  AgentsConfig agents;
  ModelsConfig models;
  AuthProfilesConfig auth;
  LoggingConfig logging;
  SessionConfig session;
  HooksConfig hooks;
  DiscoveryConfig discovery;
  nlohmann::json secrets = nlohmann::json::object();  // for resolve_secret()
  std::map<std::string, std::string> env_vars;        // env.vars plus VAR keys under env
  nlohmann::json raw = nlohmann::json::object();      // the whole tree it was built from
};

// Builds the model from a tree that validate() accepted. Values of the wrong type are
// skipped (defaults kept) rather than trusted; the only failure is a root that is not an
// object.
Result<Config> from_json(const nlohmann::json& root);

}  // namespace openclaw::config
