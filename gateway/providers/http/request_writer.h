// The bytes of an HTTP/1.1 request as the client sends them: the request line, Host,
// the caller's headers, Content-Length, and the body; and the CONNECT request that opens a
// tunnel through a proxy. Built whole before the first write, so a bad header fails the call
// before anything reaches the network.
#pragma once

#include <optional>
#include <string>

#include "core/util/result.h"
#include "providers/http/https_client.h"
#include "providers/http/outgoing_url.h"

namespace openclaw::providers {

struct RequestFraming {
  // "http://host/path" instead of "/path": a plain-HTTP origin reached through a proxy.
  bool absolute_form = false;
  // Proxy-Authorization value for that proxy.
  std::optional<std::string> proxy_authorization;
};

// The request head and body. Host is added unless the caller gave one; Content-Length is
// always the body's (the caller's Content-Length, Transfer-Encoding and Connection are
// dropped: the body is sent whole and the connection is kept alive). Fails when the method
// is not a token or a header name or value could break the framing (CR, LF, NUL); the
// message names the header but never its value, which may be an API key.
Result<std::string> serialize_request(const OutgoingRequest& request, const OutgoingUrl& url,
                                      const RequestFraming& framing);

// "CONNECT host:port HTTP/1.1" with Host and, when given, Proxy-Authorization.
std::string serialize_connect(const OutgoingUrl& url,
                              const std::optional<std::string>& proxy_authorization);

struct ConnectReply {
  int status = 0;
  std::string reason;
};

// Parses the proxy's answer to CONNECT up to and including the blank line. Fails when it is
// not an HTTP/1.x status line.
Result<ConnectReply> parse_connect_reply(std::string_view head);

}  // namespace openclaw::providers
