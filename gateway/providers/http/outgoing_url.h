// The URLs the gateway calls out to (a provider's baseUrl plus a path): http:// or https://,
// split into what a connection needs (origin) and what the request line carries (target).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::providers {

struct OutgoingUrl {
  bool tls = false;          // https://
  std::string host;          // lower-cased, without IPv6 brackets: "api.openai.com", "::1"
  std::uint16_t port = 0;    // explicit, or 80 / 443 from the scheme
  std::string target = "/";  // path and query as sent in the request line; never the fragment

  // "host:port", with brackets around an IPv6 literal: for messages and CONNECT.
  std::string authority() const;
  // The Host header: the port is left out when it is the scheme's default.
  std::string host_header() const;
  // "https://host:port": connections are pooled per origin.
  std::string origin() const;
  // "http://host:port/target": the absolute form a plain-HTTP proxy expects.
  std::string absolute_form() const;
};

// Parses an http:// or https:// URL (scheme case-insensitive). Fails for another scheme, an
// empty or malformed host, a port outside 1-65535 and user:password@ (provider credentials
// travel in headers). Messages never repeat the URL: a query string may hold an API key.
Result<OutgoingUrl> parse_outgoing_url(std::string_view text);

struct HostPort {
  std::string host;  // lower-cased, without IPv6 brackets
  std::uint16_t port = 0;
};

// Parses a URL authority without userinfo: "host", "host:port", "[v6]" or "[v6]:port"; the
// port is `default_port` when absent. Fails, naming `what` ("request URL", "proxy URL"), for
// an empty or malformed host, an unclosed bracket, a bracketed host that is not IPv6, and a
// port outside 1-65535.
Result<HostPort> parse_host_port(std::string_view authority, std::uint16_t default_port,
                                 std::string_view what);

// True when `host` (without brackets) is an IPv4 or IPv6 literal: such hosts get no SNI and
// their certificate is checked for an IP subjectAltName instead of a DNS name.
bool is_ip_literal(std::string_view host);

}  // namespace openclaw::providers
