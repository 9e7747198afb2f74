#include "core/config/value_checks.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "core/net/cidr.h"

namespace openclaw::config {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_ipv6_literal(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  std::string copy(text);
  in6_addr address{};
  return ::inet_pton(AF_INET6, copy.c_str(), &address) == 1;
}

std::optional<int> parse_small_decimal(std::string_view text) {
  if (text.empty() || text.size() > 3 || !std::ranges::all_of(text, is_digit)) {
    return std::nullopt;
  }
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

bool is_dotted_ipv4(std::string_view text) {
  int octets = 0;
  while (true) {
    auto dot = text.find('.');
    auto part = parse_small_decimal(text.substr(0, dot));
    if (!part || *part > 255) return false;
    ++octets;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return octets == 4;
}

bool is_ip_literal(std::string_view text) { return is_dotted_ipv4(text) || is_ipv6_literal(text); }

std::optional<std::string> check_ip_or_cidr(std::string_view text) {
  // The same parser the gateway uses at runtime, so config validation and request handling
  // never disagree about an entry.
  auto range = net::CidrRange::create(text);
  if (range) return std::nullopt;
  return "is not an IP address or CIDR range: " + range.error().message;
}

std::optional<std::string> check_origin(std::string_view text) {
  if (text == "*") return std::nullopt;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return "is not an origin";
  auto scheme = text.substr(0, scheme_end);
  if (!is_alpha(scheme[0]) || !std::ranges::all_of(scheme, [](char c) {
        return is_alpha(c) || is_digit(c) || c == '+' || c == '.' || c == '-';
      })) {
    return "has an invalid scheme";
  }
  auto authority = text.substr(scheme_end + 3);
  if (authority.find_first_of("/?#") != std::string_view::npos) {
    return "has a path, query or fragment (an origin is only scheme://host[:port])";
  }
  if (authority.find('@') != std::string_view::npos) return "contains credentials";
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos || !is_ipv6_literal(authority.substr(1, close - 1))) {
      return "has an invalid IPv6 host";
    }
    host = authority.substr(0, close + 1);
    auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return "is not an origin";
      port = rest.substr(1);
      if (port.empty()) return "has an empty port";
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return "has an empty port";
  }
  if (host.empty()) return "has no host";
  if (!port.empty()) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || ptr != port.data() + port.size() || value < 1 || value > 65535) {
      return "has an invalid port";
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_absolute_path(std::string_view text) {
  if (!text.starts_with('/')) return "is not an absolute path";
  if (text.find('\0') != std::string_view::npos) return "contains a NUL byte";
  return std::nullopt;
}

std::optional<std::string> check_ui_base_path(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.starts_with('/')) text.remove_prefix(1);
  if (text.ends_with('/')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('/', start), text.size());
    const auto segment = text.substr(start, end - start);
    if (segment.empty()) return "has an empty path segment (//)";
    if (segment == "." || segment == "..") return "has a . or .. segment";
    if (!std::ranges::all_of(segment, [](char c) {
          return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
        })) {
      return "has a character other than letters, digits, -._~ and /";
    }
    start = end + 1;
  }
  return std::nullopt;
}

bool is_valid_agent_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char c) { return is_alpha(c) || is_digit(c); };
  if (!alnum(id[0])) return false;
  return std::ranges::all_of(id, [&](char c) { return alnum(c) || c == '_' || c == '-'; });
}

}  // namespace openclaw::config
