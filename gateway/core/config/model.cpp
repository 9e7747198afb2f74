#include "core/config/model.h"

#include <cmath>
#include <limits>

namespace openclaw::config {
namespace {

using nlohmann::json;

const json& empty_object() {
  static const json empty = json::object();
  return empty;
}

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The child object at `key`, or an empty object when absent or not an object.
const json& section(const json& object, std::string_view key) {
  const json* child = member(object, key);
  return child != nullptr && child->is_object() ? *child : empty_object();
}

std::optional<std::string> get_string(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<bool> get_bool(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

std::optional<double> get_number(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  double number = value->get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

std::optional<std::int64_t> get_int(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return value->get<std::int64_t>();
  }
  double number = value->get<double>();
  if (!std::isfinite(number) || std::trunc(number) != number || std::fabs(number) > 9e15) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(number);
}

std::optional<std::uint16_t> get_port(const json& object, std::string_view key) {
  auto value = get_int(object, key);
  if (!value || *value < 1 || *value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

std::vector<std::string> get_strings(const json& object, std::string_view key) {
  std::vector<std::string> out;
  const json* value = member(object, key);
  if (value == nullptr || !value->is_array()) return out;
  for (const auto& item : *value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<SecretInput> get_secret(const json& object, std::string_view key,
                                      const json& secrets) {
  const json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  auto parsed = parse_secret_input(*value, secrets);
  if (!parsed) return std::nullopt;
  return *parsed;
}

std::optional<ModelSelection> parse_model_selection(const json& value) {
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().empty()) return std::nullopt;
    return ModelSelection{value.get<std::string>(), {}};
  }
  if (!value.is_object()) return std::nullopt;
  ModelSelection selection;
  selection.primary = get_string(value, "primary").value_or("");
  selection.fallbacks = get_strings(value, "fallbacks");
  if (selection.primary.empty() && selection.fallbacks.empty()) return std::nullopt;
  return selection;
}

std::optional<ModelSelection> get_model(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  return parse_model_selection(*value);
}

std::map<std::string, ModelCatalogEntry> parse_catalog(const json& object) {
  std::map<std::string, ModelCatalogEntry> catalog;
  for (const auto& [key, value] : section(object, "models").items()) {
    if (!value.is_object()) continue;
    ModelCatalogEntry entry;
    entry.alias = get_string(value, "alias");
    if (const json* params = member(value, "params"); params != nullptr && params->is_object()) {
      entry.params = *params;
    }
    entry.streaming = get_bool(value, "streaming");
    catalog.emplace(key, std::move(entry));
  }
  return catalog;
}

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return text;
}

template <class Enum>
std::optional<Enum> parse_enum(std::optional<std::string> text,
                               std::initializer_list<std::pair<std::string_view, Enum>> table) {
  if (!text) return std::nullopt;
  for (const auto& [name, value] : table) {
    if (*text == name) return value;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- sections

AuthConfig parse_auth(const json& auth, const json& secrets) {
  AuthConfig out;
  out.mode = parse_auth_mode(get_string(auth, "mode").value_or(""));
  out.token = get_secret(auth, "token", secrets);
  out.password = get_secret(auth, "password", secrets);
  out.allow_tailscale = get_bool(auth, "allowTailscale");
  if (const json* rate = member(auth, "rateLimit"); rate != nullptr && rate->is_object()) {
    out.rate_limit.configured = true;
    out.rate_limit.max_attempts = get_int(*rate, "maxAttempts").value_or(10);
    out.rate_limit.window_ms = get_int(*rate, "windowMs").value_or(60'000);
    out.rate_limit.lockout_ms = get_int(*rate, "lockoutMs").value_or(300'000);
    out.rate_limit.exempt_loopback = get_bool(*rate, "exemptLoopback").value_or(true);
  }
  if (const json* proxy = member(auth, "trustedProxy"); proxy != nullptr && proxy->is_object()) {
    TrustedProxyAuthConfig trusted;
    trusted.user_header = get_string(*proxy, "userHeader").value_or("");
    trusted.required_headers = get_strings(*proxy, "requiredHeaders");
    trusted.allow_users = get_strings(*proxy, "allowUsers");
    trusted.allow_loopback = get_bool(*proxy, "allowLoopback").value_or(false);
    out.trusted_proxy = std::move(trusted);
  }
  return out;
}

ControlUiConfig parse_control_ui(const json& ui) {
  ControlUiConfig out;
  out.enabled = get_bool(ui, "enabled").value_or(true);
  out.base_path = get_string(ui, "basePath").value_or("");
  out.root = get_string(ui, "root");
  out.embed_sandbox =
      parse_enum<EmbedSandbox>(get_string(ui, "embedSandbox"), {{"strict", EmbedSandbox::Strict},
                                                                {"scripts", EmbedSandbox::Scripts},
                                                                {"trusted", EmbedSandbox::Trusted}})
          .value_or(EmbedSandbox::Scripts);
  out.allow_external_embed_urls = get_bool(ui, "allowExternalEmbedUrls").value_or(false);
  out.allowed_origins = get_strings(ui, "allowedOrigins");
  out.dangerously_allow_host_header_origin_fallback =
      get_bool(ui, "dangerouslyAllowHostHeaderOriginFallback").value_or(false);
  out.allow_insecure_auth = get_bool(ui, "allowInsecureAuth").value_or(false);
  out.dangerously_disable_device_auth =
      get_bool(ui, "dangerouslyDisableDeviceAuth").value_or(false);
  return out;
}

HttpConfig parse_http(const json& http) {
  HttpConfig out;
  const json& endpoints = section(http, "endpoints");
  const json& chat = section(endpoints, "chatCompletions");
  out.chat_completions.enabled = get_bool(chat, "enabled").value_or(false);
  out.chat_completions.max_body_bytes =
      get_int(chat, "maxBodyBytes").value_or(kDefaultHttpMaxBodyBytes);
  out.chat_completions.max_image_parts = get_int(chat, "maxImageParts").value_or(8);
  out.chat_completions.max_total_image_bytes =
      get_int(chat, "maxTotalImageBytes").value_or(kDefaultHttpMaxBodyBytes);
  out.chat_completions.images = section(chat, "images");
  const json& responses = section(endpoints, "responses");
  out.responses.enabled = get_bool(responses, "enabled").value_or(false);
  out.responses.max_body_bytes =
      get_int(responses, "maxBodyBytes").value_or(kDefaultHttpMaxBodyBytes);
  out.responses.max_url_parts = get_int(responses, "maxUrlParts").value_or(8);
  out.responses.files = section(responses, "files");
  out.responses.images = section(responses, "images");
  const json& headers = section(http, "securityHeaders");
  if (const json* hsts = member(headers, "strictTransportSecurity"); hsts != nullptr) {
    if (hsts->is_string()) out.strict_transport_security = hsts->get<std::string>();
    if (hsts->is_boolean() && !hsts->get<bool>()) out.strict_transport_security = "";
  }
  return out;
}

GatewayConfig parse_gateway(const json& gateway, const json& secrets) {
  GatewayConfig out;
  out.port = get_port(gateway, "port");
  out.mode = parse_gateway_mode(get_string(gateway, "mode").value_or(""));
  out.bind = parse_bind_mode(get_string(gateway, "bind").value_or(""));
  out.custom_bind_host = get_string(gateway, "customBindHost");
  out.auth = parse_auth(section(gateway, "auth"), secrets);
  out.trusted_proxies = get_strings(gateway, "trustedProxies");
  out.allow_real_ip_fallback = get_bool(gateway, "allowRealIpFallback").value_or(false);
  out.control_ui = parse_control_ui(section(gateway, "controlUi"));

  const json& tailscale = section(gateway, "tailscale");
  out.tailscale.mode =
      parse_enum<TailscaleMode>(get_string(tailscale, "mode"), {{"off", TailscaleMode::Off},
                                                                {"serve", TailscaleMode::Serve},
                                                                {"funnel", TailscaleMode::Funnel}})
          .value_or(TailscaleMode::Off);
  out.tailscale.reset_on_exit = get_bool(tailscale, "resetOnExit").value_or(false);

  const json& remote = section(gateway, "remote");
  out.remote.enabled = get_bool(remote, "enabled").value_or(false);
  out.remote.url = get_string(remote, "url");
  out.remote.transport = get_string(remote, "transport");
  out.remote.token = get_secret(remote, "token", secrets);
  out.remote.password = get_secret(remote, "password", secrets);
  out.remote.tls_fingerprint = get_string(remote, "tlsFingerprint");
  out.remote.ssh_target = get_string(remote, "sshTarget");
  out.remote.ssh_identity = get_string(remote, "sshIdentity");

  const json& reload = section(gateway, "reload");
  out.reload.mode =
      parse_enum<ReloadMode>(get_string(reload, "mode"), {{"off", ReloadMode::Off},
                                                          {"restart", ReloadMode::Restart},
                                                          {"hot", ReloadMode::Hot},
                                                          {"hybrid", ReloadMode::Hybrid}})
          .value_or(ReloadMode::Hybrid);
  out.reload.debounce_ms = get_int(reload, "debounceMs").value_or(300);
  out.reload.deferral_timeout_ms = get_int(reload, "deferralTimeoutMs");

  const json& tls = section(gateway, "tls");
  out.tls.enabled = get_bool(tls, "enabled").value_or(false);
  out.tls.auto_generate = get_bool(tls, "autoGenerate").value_or(true);
  out.tls.cert_path = get_string(tls, "certPath");
  out.tls.key_path = get_string(tls, "keyPath");
  out.tls.ca_path = get_string(tls, "caPath");

  out.http = parse_http(section(gateway, "http"));

  const json& metrics = section(gateway, "metrics");
  out.metrics.enabled = get_bool(metrics, "enabled").value_or(false);
  out.metrics.bind = get_string(metrics, "bind").value_or("127.0.0.1");
  out.metrics.port = get_port(metrics, "port").value_or(kDefaultMetricsPort);
  out.metrics.path = get_string(metrics, "path").value_or("/metrics");
  out.metrics.token = get_secret(metrics, "token", secrets);
  return out;
}

AgentsConfig parse_agents(const json& agents) {
  AgentsConfig out;
  const json& defaults = section(agents, "defaults");
  out.defaults.model = get_model(defaults, "model");
  out.defaults.image_model = get_model(defaults, "imageModel");
  out.defaults.pdf_model = get_model(defaults, "pdfModel");
  out.defaults.models = parse_catalog(defaults);
  out.defaults.workspace = get_string(defaults, "workspace");

  if (const json* list = member(agents, "list"); list != nullptr && list->is_array()) {
    for (const auto& item : *list) {
      auto id = get_string(item, "id");
      if (!id || id->empty()) continue;
      AgentEntry entry;
      entry.id = lowercase(*id);
      entry.name = get_string(item, "name");
      entry.workspace = get_string(item, "workspace");
      entry.agent_dir = get_string(item, "agentDir");
      entry.model = get_model(item, "model");
      entry.models = parse_catalog(item);
      entry.is_default = get_bool(item, "default").value_or(false);
      entry.raw = item;
      out.list.push_back(std::move(entry));
    }
  }
  return out;
}

ModelsConfig parse_models(const json& models, const json& secrets) {
  ModelsConfig out;
  out.mode = get_string(models, "mode").value_or("merge");
  for (const auto& [id, value] : section(models, "providers").items()) {
    if (!value.is_object()) continue;
    ProviderConfig provider;
    provider.base_url = get_string(value, "baseUrl").value_or("");
    provider.api_key = get_secret(value, "apiKey", secrets);
    provider.api = get_string(value, "api");
    provider.auth = get_string(value, "auth");
    for (const auto& [name, header] : section(value, "headers").items()) {
      if (auto parsed = parse_secret_input(header, secrets))
        provider.headers.emplace(name, *parsed);
    }
    provider.auth_header = get_bool(value, "authHeader");
    provider.timeout_seconds = get_number(value, "timeoutSeconds");
    if (const json* list = member(value, "models"); list != nullptr && list->is_array()) {
      for (const auto& item : *list) {
        auto model_id = get_string(item, "id");
        if (!model_id) continue;
        ModelDefinition model;
        model.id = *model_id;
        model.name = get_string(item, "name").value_or(*model_id);
        model.api = get_string(item, "api");
        model.reasoning = get_bool(item, "reasoning").value_or(false);
        model.input = get_strings(item, "input");
        model.context_window = get_number(item, "contextWindow");
        model.max_tokens = get_number(item, "maxTokens");
        for (const auto& [name, header] : section(item, "headers").items()) {
          if (header.is_string()) model.headers.emplace(name, header.get<std::string>());
        }
        model.raw = item;
        provider.models.push_back(std::move(model));
      }
    }
    out.providers.emplace(id, std::move(provider));
  }
  return out;
}

AuthProfilesConfig parse_auth_profiles(const json& auth) {
  AuthProfilesConfig out;
  for (const auto& [id, value] : section(auth, "profiles").items()) {
    if (!value.is_object()) continue;
    AuthProfile profile;
    profile.provider = get_string(value, "provider").value_or("");
    profile.mode = get_string(value, "mode").value_or("");
    profile.email = get_string(value, "email");
    profile.display_name = get_string(value, "displayName");
    out.profiles.emplace(id, std::move(profile));
  }
  for (const auto& [provider, value] : section(auth, "order").items()) {
    std::vector<std::string> ids;
    if (value.is_array()) {
      for (const auto& item : value) {
        if (item.is_string()) ids.push_back(item.get<std::string>());
      }
    }
    out.order.emplace(provider, std::move(ids));
  }
  out.cooldowns = section(auth, "cooldowns");
  return out;
}

LoggingConfig parse_logging(const json& logging) {
  LoggingConfig out;
  out.level = get_string(logging, "level").value_or("info");
  out.file = get_string(logging, "file");
  out.max_file_bytes = get_int(logging, "maxFileBytes");
  out.console_level = get_string(logging, "consoleLevel");
  out.console_style = get_string(logging, "consoleStyle");
  out.redact_sensitive = get_string(logging, "redactSensitive").value_or("tools");
  out.redact_patterns = get_strings(logging, "redactPatterns");
  return out;
}

SessionConfig parse_session(const json& session) {
  SessionConfig out;
  out.main_key = get_string(session, "mainKey").value_or("main");
  if (out.main_key.empty()) out.main_key = "main";
  out.scope =
      get_string(session, "scope") == "global" ? SessionScope::Global : SessionScope::PerSender;
  out.dm_scope = get_string(session, "dmScope");
  out.store = get_string(session, "store");
  return out;
}

HooksConfig parse_hooks(const json& hooks) {
  HooksConfig out;
  out.enabled = get_bool(hooks, "enabled").value_or(false);
  out.path = get_string(hooks, "path").value_or("/hooks");
  out.token = get_string(hooks, "token");
  out.max_body_bytes = get_int(hooks, "maxBodyBytes").value_or(kDefaultHooksMaxBodyBytes);
  out.allow_request_session_key = get_bool(hooks, "allowRequestSessionKey").value_or(false);
  out.allowed_session_key_prefixes = get_strings(hooks, "allowedSessionKeyPrefixes");
  out.default_session_key = get_string(hooks, "defaultSessionKey");
  if (const json* mappings = member(hooks, "mappings");
      mappings != nullptr && mappings->is_array()) {
    out.mappings = *mappings;
  }
  return out;
}

DiscoveryConfig parse_discovery(const json& discovery) {
  DiscoveryConfig out;
  out.mdns_mode = get_string(section(discovery, "mdns"), "mode").value_or("minimal");
  const json& wide = section(discovery, "wideArea");
  out.wide_area_enabled = get_bool(wide, "enabled").value_or(false);
  out.wide_area_domain = get_string(wide, "domain");
  return out;
}

std::map<std::string, std::string> parse_env_vars(const json& env) {
  std::map<std::string, std::string> vars;
  for (const auto& [key, value] : env.items()) {
    if (value.is_string()) vars[key] = value.get<std::string>();
  }
  // env.vars wins over a same-named shorthand key.
  for (const auto& [key, value] : section(env, "vars").items()) {
    if (value.is_string()) vars[key] = value.get<std::string>();
  }
  return vars;
}

}  // namespace

std::string_view to_string(GatewayMode mode) {
  return mode == GatewayMode::Local ? "local" : "remote";
}

std::string_view to_string(BindMode mode) {
  switch (mode) {
    case BindMode::Loopback:
      return "loopback";
    case BindMode::Lan:
      return "lan";
    case BindMode::Tailnet:
      return "tailnet";
    case BindMode::Auto:
      return "auto";
    case BindMode::Custom:
      return "custom";
  }
  return "loopback";
}

std::string_view to_string(AuthMode mode) {
  switch (mode) {
    case AuthMode::None:
      return "none";
    case AuthMode::Token:
      return "token";
    case AuthMode::Password:
      return "password";
    case AuthMode::TrustedProxy:
      return "trusted-proxy";
  }
  return "token";
}

std::string_view to_string(EmbedSandbox mode) {
  switch (mode) {
    case EmbedSandbox::Strict:
      return "strict";
    case EmbedSandbox::Scripts:
      return "scripts";
    case EmbedSandbox::Trusted:
      return "trusted";
  }
  return "scripts";
}

std::string_view to_string(TailscaleMode mode) {
  switch (mode) {
    case TailscaleMode::Off:
      return "off";
    case TailscaleMode::Serve:
      return "serve";
    case TailscaleMode::Funnel:
      return "funnel";
  }
  return "off";
}

std::string_view to_string(ReloadMode mode) {
  switch (mode) {
    case ReloadMode::Off:
      return "off";
    case ReloadMode::Restart:
      return "restart";
    case ReloadMode::Hot:
      return "hot";
    case ReloadMode::Hybrid:
      return "hybrid";
  }
  return "hybrid";
}

std::string_view to_string(SessionScope scope) {
  return scope == SessionScope::Global ? "global" : "per-sender";
}

std::optional<GatewayMode> parse_gateway_mode(std::string_view text) {
  if (text == "local") return GatewayMode::Local;
  if (text == "remote") return GatewayMode::Remote;
  return std::nullopt;
}

std::optional<BindMode> parse_bind_mode(std::string_view text) {
  if (text == "loopback") return BindMode::Loopback;
  if (text == "lan") return BindMode::Lan;
  if (text == "tailnet") return BindMode::Tailnet;
  if (text == "auto") return BindMode::Auto;
  if (text == "custom") return BindMode::Custom;
  return std::nullopt;
}

std::optional<AuthMode> parse_auth_mode(std::string_view text) {
  if (text == "none") return AuthMode::None;
  if (text == "token") return AuthMode::Token;
  if (text == "password") return AuthMode::Password;
  if (text == "trusted-proxy") return AuthMode::TrustedProxy;
  return std::nullopt;
}

const AgentEntry* AgentsConfig::default_agent() const {
  for (const auto& entry : list) {
    if (entry.is_default) return &entry;
  }
  return list.empty() ? nullptr : &list.front();
}

Result<Config> from_json(const json& root) {
  if (!root.is_object()) return fail("the config must be a JSON object");
  Config config;
  config.secrets = section(root, "secrets");
  config.gateway = parse_gateway(section(root, "gateway"), config.secrets);
  config.agents = parse_agents(section(root, "agents"));
  config.models = parse_models(section(root, "models"), config.secrets);
  config.auth = parse_auth_profiles(section(root, "auth"));
  config.logging = parse_logging(section(root, "logging"));
  config.session = parse_session(section(root, "session"));
  config.hooks = parse_hooks(section(root, "hooks"));
  config.discovery = parse_discovery(section(root, "discovery"));
  config.env_vars = parse_env_vars(section(root, "env"));
  config.raw = root;
  return config;
}

}  // namespace openclaw::config
