#include "provision/gateway_config.h"

#include <algorithm>

#include "provision/origins.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

// The secrets.providers entries this tool creates; any of them that this run does not use
// any more is removed, so a stale reference never lingers.
constexpr const char* kOwnedProviders[] = {"gateway-token", "gateway-password", "metrics-token"};

json& object_at(json& root, std::initializer_list<const char*> keys) {
  json* node = &root;
  for (const char* key : keys) {
    if (!node->contains(key) || !(*node)[key].is_object()) (*node)[key] = json::object();
    node = &(*node)[key];
  }
  return *node;
}

void add_secrets_provider(json& config, const PlacedSecret& secret, std::vector<std::string>& used) {
  if (!secret.secrets_provider) return;
  object_at(config, {"secrets", "providers"})[secret.secrets_provider->first] =
      secret.secrets_provider->second;
  used.push_back(secret.secrets_provider->first);
}

void set_allowed_origins(json& config, const ProvisionSpec& spec, std::vector<std::string>& notes) {
  json& control_ui = object_at(config, {"gateway", "controlUi"});
  if (spec.public_url || spec.allowed_origins) {
    json origins = json::array();
    auto add = [&](const std::string& origin) {
      if (std::find(origins.begin(), origins.end(), origin) == origins.end()) origins.push_back(origin);
    };
    if (spec.public_url) add(*origin_of_url(*spec.public_url));
    for (const auto& origin : spec.allowed_origins.value_or(std::vector<std::string>{})) {
      add(origin == "*" ? origin : *normalize_origin(origin));
    }
    control_ui["allowedOrigins"] = origins;
    return;
  }
  // A non-loopback gateway with the Control UI on refuses to start without allowedOrigins
  // (spec §3.3). Seed the loopback origins as upstream does, and say so.
  bool ui_enabled = control_ui.value("enabled", true);
  bool has_origins = control_ui.contains("allowedOrigins") && control_ui["allowedOrigins"].is_array() &&
                     !control_ui["allowedOrigins"].empty();
  if (spec.bind != "loopback" && ui_enabled && !has_origins) {
    const std::string port = std::to_string(spec.port);
    control_ui["allowedOrigins"] = {"http://localhost:" + port, "http://127.0.0.1:" + port};
    notes.push_back("gateway.controlUi.allowedOrigins: seeded with the loopback origins for a " +
                    spec.bind + " bind; set gateway.publicUrl to allow the public hostname");
  }
}

void set_auth(json& config, const ProvisionSpec& spec, const ManagedConfigInputs& inputs,
              std::vector<std::string>& used_providers) {
  json& auth = object_at(config, {"gateway", "auth"});
  auth["mode"] = spec.auth_mode;
  auth.erase("token");
  auth.erase("password");
  if (spec.auth_mode == "token" && inputs.token) {
    auth["token"] = inputs.token->config_value;
    add_secrets_provider(config, *inputs.token, used_providers);
  }
  if (spec.auth_mode == "password" && inputs.password) {
    auth["password"] = inputs.password->config_value;
    add_secrets_provider(config, *inputs.password, used_providers);
  }
  if (spec.auth_mode == "trusted-proxy" && spec.trusted_proxy_auth) {
    json proxy = {{"userHeader", spec.trusted_proxy_auth->user_header}};
    if (!spec.trusted_proxy_auth->required_headers.empty()) {
      proxy["requiredHeaders"] = spec.trusted_proxy_auth->required_headers;
    }
    if (!spec.trusted_proxy_auth->allow_users.empty()) {
      proxy["allowUsers"] = spec.trusted_proxy_auth->allow_users;
    }
    auth["trustedProxy"] = proxy;
  }
}

void set_models_and_providers(json& config, const ProvisionSpec& spec,
                              const ManagedConfigInputs& inputs, std::vector<std::string>& used) {
  if (spec.primary_model) {
    json model = {{"primary", *spec.primary_model}};
    if (spec.fallback_models) model["fallbacks"] = *spec.fallback_models;
    object_at(config, {"agents", "defaults"})["model"] = model;
  }
  for (const auto& provider : spec.providers) {
    const PlacedSecret* key = nullptr;
    for (const auto& [id, secret] : inputs.provider_keys) {
      if (id == provider.id) key = &secret;
    }
    if (provider.base_url) {
      json& entry = object_at(config, {"models", "providers"})[provider.id];
      if (!entry.is_object()) entry = json::object();
      entry["baseUrl"] = *provider.base_url;
      if (provider.api) entry["api"] = *provider.api;
      if (!provider.models.empty()) {
        json models = json::array();
        for (const auto& id : provider.models) models.push_back({{"id", id}, {"name", id}});
        entry["models"] = models;
      }
      if (key) entry["apiKey"] = key->config_value;
    }
    if (key) {
      add_secrets_provider(config, *key, used);
      const std::string profile_id = provider.id + ":default";
      object_at(config, {"auth", "profiles"})[profile_id] = {{"provider", provider.id},
                                                             {"mode", "api_key"}};
      json& order = object_at(config, {"auth", "order"})[provider.id];
      if (!order.is_array()) order = json::array();
      if (std::find(order.begin(), order.end(), profile_id) == order.end()) order.push_back(profile_id);
    }
  }
}

void set_agents(json& config, const ProvisionSpec& spec) {
  if (spec.agents.size() == 1 && spec.agents.front() == "main") return;
  json& agents = object_at(config, {"agents"});
  if (!agents.contains("list") || !agents["list"].is_array()) agents["list"] = json::array();
  for (const auto& id : spec.agents) {
    bool present = std::any_of(agents["list"].begin(), agents["list"].end(),
                               [&](const json& entry) { return entry.is_object() && entry.value("id", "") == id; });
    if (!present) agents["list"].push_back({{"id", id}});
  }
}

void remove_unused_owned_providers(json& config, const std::vector<std::string>& used,
                                   const ProvisionSpec& spec) {
  if (!config.contains("secrets") || !config["secrets"].contains("providers")) return;
  json& providers = config["secrets"]["providers"];
  auto unused = [&](const std::string& name) {
    return std::find(used.begin(), used.end(), name) == used.end();
  };
  for (const char* name : kOwnedProviders) {
    if (unused(name)) providers.erase(name);
  }
  for (const auto& provider : spec.providers) {
    std::string alias = "apikey-";
    for (char c : provider.id) alias += (c == '.') ? '-' : c;
    if (unused(alias)) providers.erase(alias);
  }
  if (providers.empty()) config["secrets"].erase("providers");
  if (config["secrets"].empty()) config.erase("secrets");
}

}  // namespace

json merge_managed_config(json existing, const ProvisionSpec& spec, const ManagedConfigInputs& inputs,
                          std::vector<std::string>& notes) {
  json config = existing.is_object() ? std::move(existing) : json::object();
  std::vector<std::string> used_providers;

  json& gateway = object_at(config, {"gateway"});
  gateway["mode"] = "local";
  gateway["port"] = spec.port;
  gateway["bind"] = spec.bind;
  if (spec.bind == "custom") {
    gateway["customBindHost"] = *spec.custom_bind_host;
  } else {
    gateway.erase("customBindHost");
  }
  set_auth(config, spec, inputs, used_providers);
  if (inputs.trusted_proxies) config["gateway"]["trustedProxies"] = *inputs.trusted_proxies;
  if (spec.allow_real_ip_fallback) config["gateway"]["allowRealIpFallback"] = *spec.allow_real_ip_fallback;
  if (spec.control_ui_enabled) object_at(config, {"gateway", "controlUi"})["enabled"] = *spec.control_ui_enabled;
  if (spec.control_ui_base_path) {
    object_at(config, {"gateway", "controlUi"})["basePath"] = *spec.control_ui_base_path;
  }
  if (spec.control_ui_root) object_at(config, {"gateway", "controlUi"})["root"] = *spec.control_ui_root;
  set_allowed_origins(config, spec, notes);
  if (spec.openai_chat_completions) {
    object_at(config, {"gateway", "http", "endpoints", "chatCompletions"})["enabled"] =
        *spec.openai_chat_completions;
  }
  if (spec.openai_responses) {
    object_at(config, {"gateway", "http", "endpoints", "responses"})["enabled"] = *spec.openai_responses;
  }
  if (spec.metrics) {
    json metrics = {{"enabled", spec.metrics->enabled}, {"bind", spec.metrics->bind},
                    {"port", spec.metrics->port}};
    if (inputs.metrics_token) {
      metrics["token"] = inputs.metrics_token->config_value;
      add_secrets_provider(config, *inputs.metrics_token, used_providers);
    }
    object_at(config, {"gateway"})["metrics"] = metrics;
  }
  set_models_and_providers(config, spec, inputs, used_providers);
  set_agents(config, spec);
  remove_unused_owned_providers(config, used_providers, spec);
  return config;
}

}  // namespace openclaw::provision
