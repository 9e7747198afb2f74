#include "providers/provider_catalog.h"

#include <array>
#include <chrono>
#include <cstdint>

#include "core/net/ip_address.h"
#include "core/util/text.h"

namespace openclaw::providers {
namespace {

struct BuiltInProvider {
  std::string_view id;
  std::string_view base_url;
  std::string_view api;
};

// The providers that work with nothing but a key. Anything else needs models.providers.
constexpr std::array kBuiltIns{
    BuiltInProvider{"openai", "https://api.openai.com/v1", "openai-completions"},
    BuiltInProvider{"anthropic", "https://api.anthropic.com", "anthropic-messages"},
    BuiltInProvider{"openrouter", "https://openrouter.ai/api/v1", "openai-completions"},
    BuiltInProvider{"ollama", "http://127.0.0.1:11434/v1", "openai-completions"},
};

const BuiltInProvider* find_built_in(std::string_view provider_id) {
  for (const BuiltInProvider& provider : kBuiltIns) {
    if (provider.id == provider_id) return &provider;
  }
  return nullptr;
}

std::string without_trailing_slashes(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The host part of "scheme://[userinfo@]host[:port][/path]", brackets kept off IPv6
// literals; empty when the URL has no "://".
std::string_view url_host(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    return close == std::string_view::npos ? std::string_view{} : authority.substr(1, close - 1);
  }
  return authority.substr(0, authority.find(':'));
}

const config::ModelDefinition* find_model(const config::ProviderConfig* provider,
                                          std::string_view model_id) {
  if (provider == nullptr) return nullptr;
  for (const config::ModelDefinition& model : provider->models) {
    if (model.id == model_id) return &model;
  }
  return nullptr;
}

}  // namespace

const config::ProviderConfig* find_provider_config(const config::Config& config,
                                                   std::string_view provider_id) {
  const auto& providers = config.models.providers;
  if (auto it = providers.find(std::string(provider_id)); it != providers.end()) return &it->second;
  const std::string wanted = ascii_lowercase(provider_id);
  for (const auto& [id, provider] : providers) {
    if (ascii_lowercase(id) == wanted) return &provider;
  }
  return nullptr;
}

bool is_loopback_base_url(std::string_view url) {
  const std::string host = ascii_lowercase(url_host(url));
  if (host.empty()) return false;
  if (host == "localhost") return true;
  auto address = net::IpAddress::parse(host);
  return address && (address->is_loopback() || address->is_unspecified());
}

Result<ProviderEndpoint> resolve_endpoint(const config::Config& config,
                                          std::string_view provider_id, std::string_view model_id,
                                          const Environment& env,
                                          const std::filesystem::path& config_dir) {
  const std::string id = ascii_lowercase(trim(provider_id));
  const config::ProviderConfig* configured = find_provider_config(config, id);
  const BuiltInProvider* built_in = find_built_in(id);
  if (configured == nullptr && built_in == nullptr) {
    return fail("unknown model provider \"" + std::string(provider_id) +
                "\": configure it under models.providers (baseUrl, api) or use a built-in provider "
                "(openai, anthropic, openrouter, ollama)");
  }
  const std::string where = "models.providers." + id;

  ProviderEndpoint endpoint;
  endpoint.provider_id = id;
  if (configured != nullptr && !trim(configured->base_url).empty()) {
    endpoint.base_url = std::string(trim(configured->base_url));
  } else if (built_in != nullptr) {
    endpoint.base_url = std::string(built_in->base_url);
  } else {
    return fail(where +
                ".baseUrl is missing: a provider that is not built in needs the URL of its API");
  }
  endpoint.base_url = without_trailing_slashes(std::move(endpoint.base_url));

  const config::ModelDefinition* model = find_model(configured, model_id);
  std::string api = "openai-completions";
  if (model != nullptr && model->api) {
    api = *model->api;
  } else if (configured != nullptr && configured->api) {
    api = *configured->api;
  } else if (built_in != nullptr) {
    api = std::string(built_in->api);
  }
  auto wire = parse_wire_api(api);
  if (!wire) {
    return fail(
        where + " uses api \"" + api +
        "\", which this gateway does not speak (supported: openai-completions, anthropic-messages, "
        "ollama)");
  }
  endpoint.api = *wire;
  if (api == "ollama" && !ends_with(endpoint.base_url, "/v1")) endpoint.base_url += "/v1";

  if (configured != nullptr) {
    for (const auto& [name, input] : configured->headers) {
      auto value = config::resolve_secret(input, config.secrets, env, config_dir);
      if (!value) return fail(where + ".headers." + name + ": " + value.error().message);
      endpoint.headers[name] = std::move(*value);
    }
    endpoint.auth_header = configured->auth_header.value_or(true);
    if (configured->timeout_seconds && *configured->timeout_seconds > 0) {
      endpoint.timeout = std::chrono::milliseconds(
          static_cast<std::int64_t>(*configured->timeout_seconds * 1000.0 + 0.5));
    }
  }
  if (model != nullptr) {
    for (const auto& [name, value] : model->headers) endpoint.headers[name] = value;
  }
  return endpoint;
}

}  // namespace openclaw::providers
