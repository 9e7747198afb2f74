// The gateway's plain HTTP surface on the WebSocket port (spec §6): the probes, bearer
// auth for protected routes, upstream's default headers, 405 and 404. Every answer is
// built here; the session only reads and writes.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/gateway_context.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Answers one request (never a WebSocket upgrade) and records it in the metrics.
HttpResponse handle_http_request(GatewayContext& context, const PeerInfo& peer, const HttpRequest& request);

// The credential of an `Authorization: Bearer <credential>` header (scheme matched without
// regard to case); nullopt when the header is absent, another scheme, or empty.
std::optional<std::string> bearer_token(const HttpRequest& request);

// Bearer auth of spec §6 (shared token or password per mode; open in mode none). nullopt
// when the caller may proceed, else the 401 `{"error":{"message":"Unauthorized",...}}` or,
// after too many failures from this client, the 429 with Retry-After to send instead.
std::optional<HttpResponse> require_gateway_bearer(GatewayContext& context, const PeerInfo& peer,
                                                   const HttpRequest& request);

// A raw answer to an upgrade that will not be accepted (e.g. too many unauthenticated
// sockets from one IP → 503), with the default headers.
HttpResponse plain_response(unsigned version, boost::beast::http::status status, std::string body);

// Upstream's headers on every answer (spec §6): nosniff, no-referrer, Permissions-Policy,
// the server name and, when configured, Strict-Transport-Security.
void apply_default_headers(HttpResponse& response, const RuntimeSettings* settings);

// A JSON answer with the default headers, `Content-Type: application/json; charset=utf-8`
// and the body serialized as given (ordered_json keeps upstream's key order). Keep-alive
// follows the request; the payload is prepared.
HttpResponse json_response(const HttpRequest& request, boost::beast::http::status status,
                           const nlohmann::ordered_json& body, const RuntimeSettings* settings);

// 405 `Method Not Allowed` (text/plain) with `Allow: <allow>`, as upstream's POST/GET-only
// routes answer.
HttpResponse method_not_allowed(const HttpRequest& request, std::string_view allow, const RuntimeSettings* settings);

}  // namespace openclaw::server
