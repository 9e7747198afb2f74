// Answer helpers shared by the OpenAI-compatible routes (spec §6): the OpenAI error body
// `{"error":{"message","type"}}`, the body-limit and body-timeout errors, the SSE head, and
// header reading.
#pragma once

#include <boost/beast/http/status.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/http_routes.h"

namespace openclaw::server {

// `{"error":{"message":<message>,"type":<type>}}` with `status`.
HttpResponse openai_error_response(const HttpRequest& request, boost::beast::http::status status,
                                   std::string_view message, std::string_view type, const RuntimeSettings* settings);

// The 400 upstream sends for bad input: type "invalid_request_error".
HttpResponse invalid_request(const HttpRequest& request, std::string_view message, const RuntimeSettings* settings);

// 413 `Payload too large` (type invalid_request_error) for a body over the route's limit;
// closes the connection. (408 `Request body timeout` for status request_timeout.)
HttpResponse openai_body_error(unsigned version, boost::beast::http::status status, const RuntimeSettings* settings);

// 200 with the SSE headers of spec §6: `Content-Type: text/event-stream; charset=utf-8`,
// `Cache-Control: no-cache`, `Connection: keep-alive`, and the default headers.
HttpResponse sse_head(const HttpRequest& request, const RuntimeSettings* settings);

// The value of header `name`, trimmed; nullopt when absent or blank.
std::optional<std::string> header_value(const HttpRequest& request, std::string_view name);

// x-openclaw-agent-id, else x-openclaw-agent (trimmed); nullopt when neither is sent.
std::optional<std::string> agent_header(const HttpRequest& request);

// Seconds since the epoch, as `created` / `created_at` carry it.
std::int64_t unix_seconds();

}  // namespace openclaw::server
