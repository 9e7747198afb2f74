#include "providers/http/proxy_settings.h"

#include <charconv>

#include "core/crypto/encoding.h"
#include "core/net/ip_address.h"
#include "core/util/text.h"
#include "providers/http/https_client.h"
#include "providers/http/outgoing_url.h"

namespace openclaw::providers {
namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

std::string strip_brackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::string(host);
}

// One NO_PROXY entry split into host and optional port ("[::1]:8080", "example.com:443").
struct NoProxyEntry {
  std::string host;
  std::optional<std::uint16_t> port;
};

NoProxyEntry split_entry(std::string_view entry) {
  if (entry.starts_with('[')) {
    const auto close = entry.find(']');
    if (close != std::string_view::npos) {
      const std::string_view after = entry.substr(close + 1);
      if (after.starts_with(':')) {
        return {std::string(entry.substr(1, close - 1)), parse_port(after.substr(1))};
      }
      return {std::string(entry.substr(1, close - 1)), std::nullopt};
    }
  }
  // One colon is a port; more are an IPv6 address without brackets.
  const auto colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    if (auto port = parse_port(entry.substr(colon + 1))) {
      return {std::string(entry.substr(0, colon)), port};
    }
  }
  return {std::string(entry), std::nullopt};
}

bool same_address(std::string_view left, std::string_view right) {
  auto a = net::IpAddress::parse(left);
  auto b = net::IpAddress::parse(right);
  return a && b && *a == *b;
}

}  // namespace

std::string ProxyEndpoint::authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ProxyEndpoint> parse_proxy_url(std::string_view text) {
  text = trim(text);
  const auto scheme_end = text.find("://");
  if (scheme_end != std::string_view::npos) {
    const std::string scheme = ascii_lowercase(text.substr(0, scheme_end));
    if (scheme == "https") {
      return fail(
          "https:// proxies are not supported (use an http:// proxy; CONNECT still tunnels TLS)");
    }
    if (scheme != "http") {
      return fail("unsupported proxy scheme \"" + scheme + "\" (expected http://host:port)");
    }
    text = text.substr(scheme_end + 3);
  }
  std::string_view authority = text.substr(0, text.find_first_of("/?#"));

  ProxyEndpoint proxy;
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon));
    auto password = percent_decode(colon == std::string_view::npos ? std::string_view()
                                                                   : userinfo.substr(colon + 1));
    if (!user || !password) return fail("proxy URL has a bad %-escape in its user:password");
    proxy.authorization = "Basic " + crypto::base64_encode(*user + ":" + *password);
  }

  auto host_port = parse_host_port(authority, 80, "proxy URL");
  if (!host_port) return std::unexpected(host_port.error());
  proxy.host = std::move(host_port->host);
  proxy.port = host_port->port;
  return proxy;
}

std::vector<std::string> parse_no_proxy(std::string_view text) {
  std::vector<std::string> entries;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find_first_of(", \t\r\n", start);
    std::string entry =
        ascii_lowercase(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (entry.starts_with("*.")) entry.erase(0, 1);
    if (!entry.empty()) entries.push_back(std::move(entry));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return entries;
}

bool bypasses_proxy(std::string_view host, std::uint16_t port,
                    const std::vector<std::string>& hosts_without_proxy) {
  const std::string wanted = ascii_lowercase(strip_brackets(host));
  for (const std::string& raw : hosts_without_proxy) {
    if (raw == "*") return true;
    NoProxyEntry entry = split_entry(ascii_lowercase(raw));
    if (entry.port && *entry.port != port) continue;
    std::string_view name = entry.host;
    if (name.starts_with("*.")) name.remove_prefix(1);
    if (name.starts_with('.')) name.remove_prefix(1);
    if (name.empty()) continue;
    if (wanted == name || same_address(wanted, name)) return true;
    if (wanted.size() > name.size() && wanted.ends_with(name) &&
        wanted[wanted.size() - name.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

Result<HttpsClientOptions> https_client_options_from(const Environment& env) {
  HttpsClientOptions options;
  // undici's EnvHttpProxyAgent reads the lower-case spelling first.
  for (const char* name : {"https_proxy", "HTTPS_PROXY"}) {
    auto value = env.get_non_empty(name);
    if (!value) continue;
    auto proxy = parse_proxy_url(*value);
    if (!proxy) return fail(std::string(name) + ": " + proxy.error().message);
    options.proxy_url = *value;
    break;
  }
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    if (auto value = env.get(name)) {
      options.hosts_without_proxy = parse_no_proxy(*value);
      break;
    }
  }
  if (auto ca_file = env.get_non_empty("SSL_CERT_FILE")) {
    options.ca_file = std::filesystem::path(*ca_file);
  }
  return options;
}

}  // namespace openclaw::providers
