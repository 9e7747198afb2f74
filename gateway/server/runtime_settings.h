// What the running gateway was started with: the config snapshot plus everything flags and
// the environment decided (spec §3.2-§3.3), resolved once by `gateway run` so the server
// never re-derives precedence. Immutable once built; the server holds the current one behind
// a shared_ptr and swaps it whole when the shared secret changes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/rate_limiter.h"
#include "core/config/model.h"
#include "core/net/trusted_proxies.h"
#include "core/state/layout.h"

namespace openclaw::server {

struct ListenAddress {
  std::string host;
  unsigned short port;
};

// Upstream's protocol limits (spec §1.2, §1.8).
struct ProtocolLimits {
  std::size_t max_preauth_payload = 64 * 1024;
  std::size_t max_payload = 25 * 1024 * 1024;
  std::size_t max_buffered_bytes = 50 * 1024 * 1024;
  std::chrono::milliseconds handshake_timeout{10'000};
  std::size_t max_preauth_connections_per_ip = 32;
  std::chrono::milliseconds tick_interval{30'000};
  // Ours: how long a request head (request line and headers) may take to arrive, from the
  // connection's start or, on a kept-alive connection, from the head's first byte. Bounds
  // slowloris clients; OPENCLAW_HTTP_HEADER_TIMEOUT_MS overrides it.
  std::chrono::milliseconds http_header_timeout{10'000};
};

struct AuthSettings {
  config::AuthMode mode = config::AuthMode::Token;
  std::optional<std::string> token;
  std::optional<std::string> password;
  std::optional<config::TrustedProxyAuthConfig> trusted_proxy;
  auth::RateLimitOptions rate_limit;
  // Bumped whenever the shared secret changes; sockets that authenticated with an older
  // generation are closed 4001 "gateway auth changed" (spec §1.6 step 6).
  std::uint64_t secret_generation = 1;
};

struct TlsSettings {
  bool enabled = false;
  std::filesystem::path cert_path;
  std::filesystem::path key_path;
  std::string fingerprint_sha256;  // hex, for logs and clients that pin it
};

struct MetricsSettings {
  bool enabled = false;
  std::string bind = "127.0.0.1";
  unsigned short port = config::kDefaultMetricsPort;
  std::string path = "/metrics";
  std::optional<std::string> token;
};

struct RuntimeSettings {
  state::StateLayout layout{""};
  std::filesystem::path config_path;
  config::Config config;  // the loaded snapshot (defaults when there is no file)
  std::vector<ListenAddress> listen;
  std::vector<std::string> optional_hosts;  // may be skipped when unbindable (::1)
  unsigned short port = config::kDefaultGatewayPort;
  AuthSettings auth;
  net::TrustedProxyList trusted_proxies;
  bool allow_real_ip_fallback = false;
  config::ControlUiConfig control_ui;
  std::optional<std::string> strict_transport_security;
  TlsSettings tls;
  MetricsSettings metrics;
  ProtocolLimits limits;
};

}  // namespace openclaw::server
