#include "server/http/http_framing.h"

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/serializer.hpp>
#include <cstdio>

namespace openclaw::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

std::string serialize(HttpResponse& response, bool head_only) {
  http::response_serializer<http::string_body> serializer{response};
  serializer.split(head_only);
  std::string out;
  beast::error_code ec;
  auto finished = [&] { return head_only ? serializer.is_header_done() : serializer.is_done(); };
  while (!finished()) {
    serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        out.append(static_cast<const char*>(buffer.data()), buffer.size());
      }
      serializer.consume(beast::buffer_bytes(buffers));
    });
    // A string body cannot fail to serialize; stop rather than loop should it ever.
    if (ec) break;
  }
  return out;
}

}  // namespace

std::string serialize_head(HttpResponse& head) { return serialize(head, true); }

std::string serialize_response(HttpResponse& response) { return serialize(response, false); }

std::string http_chunk(std::string_view data) {
  if (data.empty()) return {};
  char size[20];
  const int length = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string out;
  out.reserve(static_cast<std::size_t>(length) + data.size() + 2);
  out.append(size, static_cast<std::size_t>(length));
  out.append(data);
  out.append("\r\n");
  return out;
}

}  // namespace openclaw::server
