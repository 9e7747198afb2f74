#include "server/reload/reload_plan.h"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

namespace openclaw::server::reload {
namespace {

using nlohmann::json;

// Config paths whose effect RuntimeSettings already holds as an effective value; the
// snapshot comparison skips them so an unresolved form (a SecretRef, a custom host that the
// bind mode ignores) never reports a change the gateway would not see.
constexpr std::array<std::string_view, 14> kComparedAsEffective = {
    "gateway.port",
    "gateway.bind",
    "gateway.customBindHost",
    "gateway.auth.mode",
    "gateway.auth.token",
    "gateway.auth.password",
    "gateway.auth.trustedProxy",
    "gateway.auth.rateLimit",
    "gateway.trustedProxies",
    "gateway.allowRealIpFallback",
    "gateway.controlUi",
    "gateway.http.securityHeaders.strictTransportSecurity",
    "gateway.tls",
    "gateway.metrics",
};

// Snapshot differences are reported at most this many segments deep ("models.providers.x"),
// enough to say what changed without walking into values (which may be secrets).
constexpr std::size_t kMaxReportedDepth = 3;

bool is_compared_as_effective(std::string_view path) {
  return std::find(kComparedAsEffective.begin(), kComparedAsEffective.end(), path) !=
         kComparedAsEffective.end();
}

// True when some effective path lies below `path`, so the walk must go deeper to skip it.
bool contains_effective_path(std::string_view path) {
  return std::any_of(kComparedAsEffective.begin(), kComparedAsEffective.end(),
                     [path](std::string_view skipped) {
                       return skipped.size() > path.size() && skipped.starts_with(path) &&
                              skipped[path.size()] == '.';
                     });
}

void diff_snapshot(const json& running, const json& candidate, const std::string& path,
                   std::size_t depth, std::vector<std::string>& out) {
  // Above an effective path, a missing section is an empty one: only its other keys count.
  static const json empty = json::object();
  const bool descend = contains_effective_path(path);
  const json& before = descend && running.is_null() ? empty : running;
  const json& after = descend && candidate.is_null() ? empty : candidate;
  if (!before.is_object() || !after.is_object() || (depth >= kMaxReportedDepth && !descend)) {
    if (before != after) out.push_back(path);
    return;
  }
  std::set<std::string> keys;
  for (const auto& [key, value] : before.items()) keys.insert(key);
  for (const auto& [key, value] : after.items()) keys.insert(key);
  static const json absent;  // null: a key on one side only differs from any value
  for (const auto& key : keys) {
    const std::string child = path.empty() ? key : path + "." + key;
    if (is_compared_as_effective(child)) continue;
    diff_snapshot(before.contains(key) ? before.at(key) : absent,
                  after.contains(key) ? after.at(key) : absent, child, depth + 1, out);
  }
}

std::vector<std::string> hosts_of(const std::vector<ListenAddress>& listen) {
  std::vector<std::string> hosts;
  for (const auto& address : listen) hosts.push_back(address.host);
  return hosts;
}

bool same_tls(const TlsSettings& a, const TlsSettings& b) {
  return a.enabled == b.enabled && a.cert_path == b.cert_path && a.key_path == b.key_path &&
         a.fingerprint_sha256 == b.fingerprint_sha256;
}

bool same_rate_limit(const auth::RateLimitOptions& a, const auth::RateLimitOptions& b) {
  return a.max_attempts == b.max_attempts && a.window == b.window && a.lockout == b.lockout &&
         a.exempt_loopback == b.exempt_loopback && a.max_tracked_keys == b.max_tracked_keys;
}

bool same_trusted_proxy_auth(const std::optional<config::TrustedProxyAuthConfig>& a,
                             const std::optional<config::TrustedProxyAuthConfig>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->user_header == b->user_header && a->required_headers == b->required_headers &&
         a->allow_users == b->allow_users && a->allow_loopback == b->allow_loopback;
}

void diff_control_ui(const config::ControlUiConfig& a, const config::ControlUiConfig& b,
                     std::vector<std::string>& out) {
  const auto note = [&out](bool same, const char* key) {
    if (!same) out.push_back(std::string("gateway.controlUi.") + key);
  };
  note(a.enabled == b.enabled, "enabled");
  note(a.base_path == b.base_path, "basePath");
  note(a.root == b.root, "root");
  note(a.embed_sandbox == b.embed_sandbox, "embedSandbox");
  note(a.allow_external_embed_urls == b.allow_external_embed_urls, "allowExternalEmbedUrls");
  note(a.allowed_origins == b.allowed_origins, "allowedOrigins");
  note(a.dangerously_allow_host_header_origin_fallback ==
           b.dangerously_allow_host_header_origin_fallback,
       "dangerouslyAllowHostHeaderOriginFallback");
  note(a.allow_insecure_auth == b.allow_insecure_auth, "allowInsecureAuth");
  note(a.dangerously_disable_device_auth == b.dangerously_disable_device_auth,
       "dangerouslyDisableDeviceAuth");
}

std::vector<std::string> sorted_unique(std::vector<std::string> paths) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace

std::vector<std::string> ReloadPlan::changed() const {
  std::vector<std::string> all = hot;
  all.insert(all.end(), listener.begin(), listener.end());
  all.insert(all.end(), metrics_listener.begin(), metrics_listener.end());
  return sorted_unique(std::move(all));
}

std::vector<std::string> ReloadPlan::restart_paths() const {
  std::vector<std::string> all = listener;
  all.insert(all.end(), metrics_listener.begin(), metrics_listener.end());
  return sorted_unique(std::move(all));
}

ReloadPlan plan_reload(const RuntimeSettings& running, const RuntimeSettings& candidate) {
  ReloadPlan plan;
  if (running.port != candidate.port) plan.listener.push_back("gateway.port");
  if (hosts_of(running.listen) != hosts_of(candidate.listen) ||
      running.optional_hosts != candidate.optional_hosts) {
    plan.listener.push_back("gateway.bind");
  }
  if (!same_tls(running.tls, candidate.tls)) plan.listener.push_back("gateway.tls");

  const auto& before = running.auth;
  const auto& after = candidate.auth;
  if (before.mode != after.mode) plan.hot.push_back("gateway.auth.mode");
  if (before.token != after.token) plan.hot.push_back("gateway.auth.token");
  if (before.password != after.password) plan.hot.push_back("gateway.auth.password");
  plan.shared_secret_changed =
      before.mode != after.mode || before.token != after.token || before.password != after.password;
  if (!same_trusted_proxy_auth(before.trusted_proxy, after.trusted_proxy))
    plan.hot.push_back("gateway.auth.trustedProxy");
  plan.rate_limit_changed = !same_rate_limit(before.rate_limit, after.rate_limit);
  if (plan.rate_limit_changed) plan.hot.push_back("gateway.auth.rateLimit");

  if (running.trusted_proxies.entries() != candidate.trusted_proxies.entries()) {
    plan.hot.push_back("gateway.trustedProxies");
  }
  if (running.allow_real_ip_fallback != candidate.allow_real_ip_fallback) {
    plan.hot.push_back("gateway.allowRealIpFallback");
  }
  diff_control_ui(running.control_ui, candidate.control_ui, plan.hot);
  if (running.strict_transport_security != candidate.strict_transport_security) {
    plan.hot.push_back("gateway.http.securityHeaders.strictTransportSecurity");
  }

  const auto& metrics_before = running.metrics;
  const auto& metrics_after = candidate.metrics;
  if (metrics_before.enabled != metrics_after.enabled)
    plan.metrics_listener.push_back("gateway.metrics.enabled");
  // A disabled listener's address does not matter until it is enabled.
  if (metrics_after.enabled && metrics_before.enabled) {
    if (metrics_before.bind != metrics_after.bind)
      plan.metrics_listener.push_back("gateway.metrics.bind");
    if (metrics_before.port != metrics_after.port)
      plan.metrics_listener.push_back("gateway.metrics.port");
  }
  if (metrics_after.enabled) {
    if (metrics_before.path != metrics_after.path) plan.hot.push_back("gateway.metrics.path");
    if (metrics_before.token != metrics_after.token) plan.hot.push_back("gateway.metrics.token");
  }

  diff_snapshot(running.config.raw, candidate.config.raw, "", 0, plan.hot);

  plan.hot = sorted_unique(std::move(plan.hot));
  plan.listener = sorted_unique(std::move(plan.listener));
  plan.metrics_listener = sorted_unique(std::move(plan.metrics_listener));
  return plan;
}

RuntimeSettings keep_running_listeners(const RuntimeSettings& running, RuntimeSettings candidate) {
  candidate.port = running.port;
  candidate.listen = running.listen;
  candidate.optional_hosts = running.optional_hosts;
  candidate.tls = running.tls;
  candidate.metrics.enabled = running.metrics.enabled;
  candidate.metrics.bind = running.metrics.bind;
  candidate.metrics.port = running.metrics.port;
  return candidate;
}

}  // namespace openclaw::server::reload
