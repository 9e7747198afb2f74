// Outbound proxy settings as operators give them in the environment (HTTPS_PROXY,
// NO_PROXY), and the one question asked per request: does this host go through the proxy.
// Matching follows undici's EnvHttpProxyAgent, which upstream OpenClaw installs: NO_PROXY
// decides alone — a loopback host is proxied unless NO_PROXY names it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace openclaw::providers {

struct ProxyEndpoint {
  std::string host;  // lower-cased, without IPv6 brackets
  std::uint16_t port = 80;
  // "Basic <base64(user:password)>" when the URL had userinfo (percent-decoded first).
  std::optional<std::string> authorization;

  // "host:port", with brackets around an IPv6 literal.
  std::string authority() const;
};

// Parses "http://[user:pass@]host[:port][/]" or a bare "host:port" (taken as http://).
// The port defaults to 80. Fails for https://, socks and other schemes (only plain-HTTP
// proxies are spoken), an empty host, a bad port or a bad percent-escape. Messages never
// repeat the URL, which may hold a password.
Result<ProxyEndpoint> parse_proxy_url(std::string_view text);

// The entries of a NO_PROXY value, split at commas and whitespace, lower-cased, empty ones
// dropped. "*.example.com" is kept as ".example.com".
std::vector<std::string> parse_no_proxy(std::string_view text);

// True when `host` is exempt from the proxy under `hosts_without_proxy`:
//  - "*" exempts every host;
//  - "example.com" and ".example.com" both exempt example.com and any name under it;
//  - an IP literal exempts that address only (IPv6 with or without brackets);
//  - "host:port" exempts the host on that port only.
// Comparison ignores case.
bool bypasses_proxy(std::string_view host, std::uint16_t port,
                    const std::vector<std::string>& hosts_without_proxy);

}  // namespace openclaw::providers
