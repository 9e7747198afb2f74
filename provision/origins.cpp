#include "provision/origins.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/util/text.h"

namespace openclaw::provision {
namespace {

struct OriginParts {
  std::string scheme;
  std::string host;
  std::string port;  // empty when absent
  std::string rest;  // path, query or fragment
};

Result<OriginParts> split(std::string_view text) {
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return fail("\"" + std::string(text) + "\" is not a URL (expected http:// or https://)");
  }
  OriginParts parts;
  parts.scheme = ascii_lowercase(text.substr(0, scheme_end));
  if (parts.scheme != "http" && parts.scheme != "https") {
    return fail("\"" + std::string(text) + "\" must use http or https");
  }
  std::string_view after = text.substr(scheme_end + 3);
  auto authority_end = after.find_first_of("/?#");
  std::string_view authority = after.substr(0, authority_end);
  if (authority_end != std::string_view::npos) parts.rest = std::string(after.substr(authority_end));
  if (authority.find('@') != std::string_view::npos) {
    return fail("\"" + std::string(text) + "\" must not carry credentials");
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with("[")) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("\"" + std::string(text) + "\" has an unclosed [");
    host = authority.substr(0, close + 1);
    std::string_view tail = authority.substr(close + 1);
    if (!tail.empty()) {
      if (!tail.starts_with(":")) return fail("\"" + std::string(text) + "\" has junk after the host");
      port = tail.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail("\"" + std::string(text) + "\" has no host");
  if (!port.empty() || authority.ends_with(":")) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return fail("\"" + std::string(text) + "\" has a bad port");
    }
    parts.port = std::to_string(value);
  }
  parts.host = ascii_lowercase(host);
  return parts;
}

std::string join(const OriginParts& parts) {
  bool default_port = (parts.scheme == "https" && parts.port == "443") ||
                      (parts.scheme == "http" && parts.port == "80");
  std::string origin = parts.scheme + "://" + parts.host;
  if (!parts.port.empty() && !default_port) origin += ":" + parts.port;
  return origin;
}

}  // namespace

Result<std::string> origin_of_url(std::string_view url) {
  auto parts = split(url);
  if (!parts) return std::unexpected(parts.error());
  return join(*parts);
}

Result<std::string> normalize_origin(std::string_view origin) {
  auto parts = split(origin);
  if (!parts) return std::unexpected(parts.error());
  if (!parts->rest.empty() && parts->rest != "/") {
    return fail("\"" + std::string(origin) +
                "\" has a path; an origin is only scheme://host[:port]");
  }
  return join(*parts);
}

}  // namespace openclaw::provision
