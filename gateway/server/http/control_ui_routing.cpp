#include "server/http/control_ui_routing.h"

#include <array>

#include "server/http/control_ui_headers.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;

// The gateway's own paths that a root-mounted SPA must leave alone: the probes (upstream
// keeps them out so the probe handler answers even when the UI owns "/"), plugin and API
// namespaces, and the OpenAI-compatible surface (answered 404 when its endpoints are off).
constexpr std::array<std::string_view, 9> kReservedPrefixes = {"/health", "/healthz", "/ready",  "/readyz", "/startup",
                                                               "/startupz", "/plugins", "/api", "/v1"};

// `path` is `prefix` or below it ("/api", "/api/x"; not "/apix").
bool within(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

constexpr std::string_view kConfigName = "/control-ui-config.json";
// Upstream serves the bootstrap at <base>/control-ui-config.json and keeps the older
// <base>/__openclaw/… (spec §6) and, at the root mount, /__openclaw__/… working.
constexpr std::string_view kLegacyConfigPath = "/__openclaw/control-ui-config.json";
constexpr std::string_view kNamespacedConfigPath = "/__openclaw__/control-ui-config.json";

bool is_config_path(std::string_view base_path, std::string_view path) {
  if (!path.starts_with(base_path)) return false;
  const auto rest = path.substr(base_path.size());
  return rest == kConfigName || rest == kLegacyConfigPath || (base_path.empty() && rest == kNamespacedConfigPath);
}

}  // namespace

std::string normalize_ui_base_path(std::string_view configured) {
  while (!configured.empty() && (configured.front() == ' ' || configured.front() == '\t')) configured.remove_prefix(1);
  while (!configured.empty() && (configured.back() == ' ' || configured.back() == '\t')) configured.remove_suffix(1);
  if (configured.empty() || configured == "/") return "";
  std::string path = configured.starts_with('/') ? std::string(configured) : "/" + std::string(configured);
  if (path.ends_with('/')) path.pop_back();
  return path;
}

UiRoute classify_ui_request(std::string_view base_path, std::string_view target, http::verb method,
                            std::string_view accept) {
  UiRoute route;
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? "" : target.substr(question);
  // Absolute-form targets ("http://host/…") and "*" are nobody's file.
  if (!path.starts_with('/')) return route;
  const bool read = method == http::verb::get || method == http::verb::head;

  if (base_path.empty()) {
    if (within(path, "/ui")) {
      route.kind = UiRoute::Kind::NotFound;
      return route;
    }
    for (const auto prefix : kReservedPrefixes) {
      if (within(path, prefix)) return route;
    }
    if (!read) return route;
  } else {
    if (!read) return route;
    if (path == "/" || path == base_path) {
      route.kind = UiRoute::Kind::Redirect;
      route.location = std::string(base_path) + "/" + std::string(query);
      return route;
    }
    if (!path.starts_with(base_path) || path[base_path.size()] != '/') return route;
  }

  if (is_config_path(base_path, path)) {
    route.kind = UiRoute::Kind::Config;
    return route;
  }
  route.kind = UiRoute::Kind::Serve;
  route.below_mount = std::string(path.substr(base_path.size()));
  route.spa_fallback = ui_accepts_html(accept);
  return route;
}

}  // namespace openclaw::server
