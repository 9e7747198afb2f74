// Gateway URLs as operators write them (--url, OPENCLAW_GATEWAY_URL): ws://host:port/path or
// wss://host:port/path, and the one question the client asks of a host — is it this machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::client {

struct GatewayUrl {
  bool secure = false;   // wss://
  std::string host;      // without IPv6 brackets: "127.0.0.1", "::1", "gateway.example"
  std::uint16_t port = 0;
  std::string path = "/";  // path and query, as sent in the upgrade request

  // "host:port" for the Host header, with brackets around an IPv6 literal.
  std::string host_header() const;
};

// Parses a ws:// or wss:// URL. The port defaults to 80 (ws) or 443 (wss) as for any
// WebSocket URL. Fails, naming what is wrong, for another scheme (http:// gets a hint), an
// empty host, a port outside 1-65535, and for user:password@ in the URL (credentials belong
// in --token/--password; the message does not repeat the URL so they are not echoed).
Result<GatewayUrl> parse_gateway_url(std::string_view text);

// True for "localhost" (and *.localhost), 127.0.0.0/8 and ::1 (with or without brackets):
// a gateway on this machine, which the client trusts for the device-token retry.
bool is_loopback_host(std::string_view host);

}  // namespace openclaw::client
