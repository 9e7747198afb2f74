#include "providers/http/request_writer.h"

#include <charconv>

#include "core/util/text.h"

namespace openclaw::providers {
namespace {

// RFC 9110 token characters.
bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool is_safe_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace

Result<std::string> serialize_request(const OutgoingRequest& request, const OutgoingUrl& url,
                                      const RequestFraming& framing) {
  if (!is_token(request.method)) return fail("request method is not an HTTP token");
  std::string head;
  head.reserve(256 + request.body.size());
  head += request.method;
  head += ' ';
  head += framing.absolute_form ? url.absolute_form() : url.target;
  head += " HTTP/1.1\r\n";

  bool has_host = false;
  std::string headers;
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return fail("request header name \"" + name + "\" is not an HTTP token");
    if (!is_safe_value(value)) {
      return fail("request header " + name + " has a line break or NUL in its value");
    }
    const std::string lowered = ascii_lowercase(name);
    if (lowered == "content-length" || lowered == "transfer-encoding" || lowered == "connection" ||
        lowered == "proxy-authorization") {
      continue;
    }
    if (lowered == "host") has_host = true;
    headers += name;
    headers += ": ";
    headers += value;
    headers += "\r\n";
  }
  if (!has_host) head += "Host: " + url.host_header() + "\r\n";
  head += headers;
  if (framing.proxy_authorization) {
    head += "Proxy-Authorization: " + *framing.proxy_authorization + "\r\n";
  }
  const bool may_have_body =
      !request.body.empty() || (request.method != "GET" && request.method != "HEAD" &&
                                request.method != "DELETE" && request.method != "OPTIONS");
  if (may_have_body) head += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  head += "\r\n";
  head += request.body;
  return head;
}

std::string serialize_connect(const OutgoingUrl& url,
                              const std::optional<std::string>& proxy_authorization) {
  std::string text =
      "CONNECT " + url.authority() + " HTTP/1.1\r\nHost: " + url.authority() + "\r\n";
  if (proxy_authorization) text += "Proxy-Authorization: " + *proxy_authorization + "\r\n";
  text += "\r\n";
  return text;
}

Result<ConnectReply> parse_connect_reply(std::string_view head) {
  const std::string_view line = head.substr(0, head.find("\r\n"));
  // "HTTP/1.1 200 Connection established"
  if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ') {
    return fail("the proxy's answer to CONNECT is not an HTTP status line");
  }
  ConnectReply reply;
  const std::string_view code = line.substr(9, 3);
  const auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), reply.status);
  if (ec != std::errc() || end != code.data() + code.size() || reply.status < 100 ||
      reply.status > 599) {
    return fail("the proxy's answer to CONNECT has a bad status code");
  }
  if (line.size() > 13) reply.reason = std::string(trim(line.substr(13)));
  return reply;
}

}  // namespace openclaw::providers
