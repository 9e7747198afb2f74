#include "providers/http/outgoing_url.h"

#include <charconv>

#include "core/net/ip_address.h"
#include "core/util/text.h"

namespace openclaw::providers {
namespace {

bool is_default_port(bool tls, std::uint16_t port) { return port == (tls ? 443 : 80); }

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Host names as RFC 3986 reg-names minus percent-encoding: letters, digits and "-._~" plus
// the sub-delims that resolvers refuse anyway are kept out, so a stray space, slash or
// backslash is an error here rather than a confusing DNS failure later.
bool is_host_name(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string OutgoingUrl::authority() const { return bracketed(host) + ":" + std::to_string(port); }

std::string OutgoingUrl::host_header() const {
  return is_default_port(tls, port) ? bracketed(host) : authority();
}

std::string OutgoingUrl::origin() const {
  return std::string(tls ? "https://" : "http://") + authority();
}

std::string OutgoingUrl::absolute_form() const { return origin() + target; }

bool is_ip_literal(std::string_view host) {
  if (host.find_first_of("[]") != std::string_view::npos) return false;
  return net::IpAddress::parse(host).has_value();
}

Result<HostPort> parse_host_port(std::string_view authority, std::uint16_t default_port,
                                 std::string_view what) {
  const std::string subject(what);
  HostPort result{"", default_port};
  std::string_view port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(subject + " has an unclosed [ in its host");
    result.host = ascii_lowercase(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return fail(subject + " has text after the IPv6 host");
      port_text = after.substr(1);
      has_port = true;
    }
    auto address = net::IpAddress::parse(result.host);
    if (!address || address->is_v4()) return fail(subject + " has a malformed IPv6 host in [ ]");
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
      has_port = true;
    }
    result.host = ascii_lowercase(authority);
    if (result.host.empty()) return fail(subject + " has no host");
    if (!is_host_name(result.host)) return fail(subject + " has a malformed host");
  }
  if (has_port) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
        value == 0 || value > 65535) {
      return fail(subject + " has a bad port (expected 1-65535)");
    }
    result.port = static_cast<std::uint16_t>(value);
  }
  return result;
}

Result<OutgoingUrl> parse_outgoing_url(std::string_view text) {
  text = trim(text);
  OutgoingUrl url;
  const std::string scheme_part =
      ascii_lowercase(text.substr(0, std::min<std::size_t>(text.size(), 8)));
  std::string_view rest;
  if (scheme_part.starts_with("http://")) {
    rest = text.substr(7);
  } else if (scheme_part.starts_with("https://")) {
    url.tls = true;
    rest = text.substr(8);
  } else {
    return fail("request URL must start with http:// or https://");
  }

  const auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    std::string_view target = rest.substr(path_start);
    target = target.substr(0, target.find('#'));
    url.target = target.starts_with('/') ? std::string(target) : "/" + std::string(target);
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail("request URL must not contain credentials (user:password@)");
  }

  auto host_port = parse_host_port(authority, url.tls ? 443 : 80, "request URL");
  if (!host_port) return std::unexpected(host_port.error());
  url.host = std::move(host_port->host);
  url.port = host_port->port;
  return url;
}

}  // namespace openclaw::providers
