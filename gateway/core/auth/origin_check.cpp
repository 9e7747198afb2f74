#include "core/auth/origin_check.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/net/ip_address.h"
#include "core/util/text.h"

namespace openclaw::auth {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\f\v";

struct Authority {
  std::string host;          // lowercase; IPv6 bracketed
  std::optional<int> port;   // nullopt when absent or empty ("host:")
  bool is_loopback = false;  // "localhost", 127.0.0.0/8 or ::1
};

struct ParsedOrigin {
  std::string scheme;  // lowercase
  Authority authority;
};

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

// "" (absent) or a decimal port 0-65535; leading zeros allowed, as URL parsers do.
std::optional<std::optional<int>> parse_port(std::string_view text) {
  if (text.empty()) return std::optional<int>();
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  if (text.size() > 5) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 0 || value > 65535) {
    return std::nullopt;
  }
  return std::optional<int>(value);
}

// "host", "host:port", "[v6]" or "[v6]:port"; nullopt for anything else, including
// credentials ("user@host").
std::optional<Authority> parse_authority(std::string_view text) {
  if (text.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host_text;
  std::string_view port_text;
  Authority out;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto literal = text.substr(1, close - 1);
    auto rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port_text = rest.substr(1);
    if (literal.find(':') == std::string_view::npos) return std::nullopt;  // "[1.2.3.4]"
    auto address = net::IpAddress::parse(literal);
    if (!address) return std::nullopt;
    out.host = address->is_v6() ? "[" + address->to_string() + "]" : address->to_string();
    out.is_loopback = address->is_loopback();
  } else {
    const auto colon = text.rfind(':');
    host_text = text.substr(0, colon);
    if (colon != std::string_view::npos) port_text = text.substr(colon + 1);
    if (host_text.empty() || !std::ranges::all_of(host_text, is_host_char)) return std::nullopt;
    out.host = ascii_lowercase(host_text);
    if (auto address = net::IpAddress::parse(out.host)) {
      out.host = address->to_string();
      out.is_loopback = address->is_loopback();
    } else {
      out.is_loopback = out.host == "localhost";
    }
  }
  auto port = parse_port(port_text);
  if (!port) return std::nullopt;
  out.port = *port;
  return out;
}

std::optional<int> default_port(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  return std::nullopt;
}

bool valid_scheme(std::string_view scheme) {
  if (scheme.empty() || std::isalpha(static_cast<unsigned char>(scheme.front())) == 0) {
    return false;
  }
  return std::ranges::all_of(scheme, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
  });
}

std::optional<ParsedOrigin> parse_origin(std::string_view text) {
  text = trim(text, kWhitespace);
  if (text.empty() || text == "null") return std::nullopt;
  const auto separator = text.find("://");
  if (separator == std::string_view::npos) return std::nullopt;
  ParsedOrigin out;
  if (!valid_scheme(text.substr(0, separator))) return std::nullopt;
  out.scheme = ascii_lowercase(text.substr(0, separator));
  auto rest = text.substr(separator + 3);
  auto authority = parse_authority(rest.substr(0, rest.find_first_of("/?#")));
  if (!authority) return std::nullopt;
  out.authority = std::move(*authority);
  if (out.authority.port == default_port(out.scheme)) out.authority.port.reset();
  return out;
}

// host[:port] as compared against a Host header.
std::string host_and_port(const Authority& authority) {
  if (!authority.port) return authority.host;
  return authority.host + ":" + std::to_string(*authority.port);
}

std::string serialize(const ParsedOrigin& origin) {
  return origin.scheme + "://" + host_and_port(origin.authority);
}

bool host_header_matches(const ParsedOrigin& origin, std::string_view host_header) {
  auto host = parse_authority(trim(host_header, kWhitespace));
  if (!host) return false;
  if (host->port == default_port(origin.scheme)) host->port.reset();
  return host_and_port(*host) == host_and_port(origin.authority);
}

}  // namespace

OriginPolicy origin_policy_from_config(const config::ControlUiConfig& control_ui) {
  return OriginPolicy{
      .allowed_origins = control_ui.allowed_origins,
      .allow_host_header_fallback = control_ui.dangerously_allow_host_header_origin_fallback};
}

std::optional<std::string> normalize_origin(std::string_view origin) {
  auto parsed = parse_origin(origin);
  if (!parsed) return std::nullopt;
  return serialize(*parsed);
}

OriginMatch check_origin(std::string_view origin_header, const OriginPolicy& policy,
                         std::string_view host_header, bool local_direct) {
  auto origin = parse_origin(origin_header);
  if (!origin) return OriginMatch::NotAllowed;

  const std::string normalized = serialize(*origin);
  bool wildcard = false;
  for (const std::string& entry : policy.allowed_origins) {
    const auto trimmed = trim(entry, kWhitespace);
    if (trimmed == "*") {
      wildcard = true;
    } else if (normalize_origin(trimmed) == normalized) {
      return OriginMatch::Allowlist;
    }
  }
  if (wildcard) return OriginMatch::Wildcard;

  if (policy.allow_host_header_fallback && host_header_matches(*origin, host_header)) {
    return OriginMatch::HostHeaderFallback;
  }
  if (local_direct && origin->authority.is_loopback) return OriginMatch::LocalLoopback;
  return OriginMatch::NotAllowed;
}

bool origin_allowed(std::string_view origin_header, const OriginPolicy& policy,
                    std::string_view host_header, bool local_direct) {
  return check_origin(origin_header, policy, host_header, local_direct) != OriginMatch::NotAllowed;
}

}  // namespace openclaw::auth
