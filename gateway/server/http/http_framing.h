// Bytes on the wire for answers the session writes itself rather than through
// http::async_write: a whole response, the head of a streamed one, and HTTP/1.1 chunk
// framing for streamed pieces.
#pragma once

#include <string>
#include <string_view>

#include "server/http/http_routes.h"

namespace openclaw::server {

// Status line, fields and the blank line of `head` (its body is not included).
std::string serialize_head(HttpResponse& head);

// `response` complete: head and body as its fields frame it (prepare_payload first).
std::string serialize_response(HttpResponse& response);

// One HTTP/1.1 chunk carrying `data` ("<hex size>\r\n<data>\r\n"); empty data gives
// nothing, because an empty chunk would end the body.
std::string http_chunk(std::string_view data);

// The chunk that ends a chunked body (no trailers).
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace openclaw::server
