#include "client/gateway_url.h"

#include <charconv>

#include "core/net/ip_address.h"
#include "core/util/text.h"

namespace openclaw::client {

std::string GatewayUrl::host_header() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<GatewayUrl> parse_gateway_url(std::string_view text) {
  text = trim(text);
  GatewayUrl url;
  const std::string lowered = ascii_lowercase(text.substr(0, std::min<std::size_t>(text.size(), 8)));
  std::string_view rest;
  if (lowered.starts_with("ws://")) {
    rest = text.substr(5);
  } else if (lowered.starts_with("wss://")) {
    url.secure = true;
    rest = text.substr(6);
  } else if (lowered.starts_with("http://") || lowered.starts_with("https://")) {
    return fail("gateway URL must start with ws:// or wss:// (use " +
                std::string(lowered.starts_with("https") ? "wss://" : "ws://") + " instead of " +
                std::string(lowered.starts_with("https") ? "https://" : "http://") + ")");
  } else {
    return fail("gateway URL must start with ws:// or wss:// (got \"" + std::string(text) + "\")");
  }
  const auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    std::string_view path = rest.substr(path_start);
    path = path.substr(0, path.find('#'));
    url.path = path.starts_with('/') ? std::string(path) : "/" + std::string(path);
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail("gateway URL must not contain credentials (user:password@); pass --token or --password instead");
  }

  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("gateway URL has an unclosed [ in its host");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return fail("gateway URL has text after the IPv6 host: " + std::string(after));
      port_text = after.substr(1);
      if (port_text.empty()) return fail("gateway URL has an empty port");
    }
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
      if (port_text.empty()) return fail("gateway URL has an empty port");
    }
    url.host = std::string(authority);
  }
  if (url.host.empty()) return fail("gateway URL has no host (expected ws://host:port)");
  if (port_text.empty()) {
    url.port = url.secure ? 443 : 80;
  } else {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      return fail("gateway URL has a bad port \"" + std::string(port_text) + "\" (expected 1-65535)");
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  return url;
}

bool is_loopback_host(std::string_view host) {
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  const std::string lowered = ascii_lowercase(host);
  if (lowered == "localhost" || lowered.ends_with(".localhost")) return true;
  const auto address = net::IpAddress::parse(lowered);
  return address && address->is_loopback();
}

}  // namespace openclaw::client
