// One HTTP connection on the gateway port (plain or TLS): reads requests, answers them
// through http_routes, and hands the stream to a WebSocket session on an upgrade (accepted
// on any path, spec §0). Keep-alive; idle connections close after 30 s. A request head must
// be complete within limits.http_header_timeout (10 s) and 16 KiB (else 431); a body must
// keep arriving (120 s). The admin Unix socket runs the same session over a local stream.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/basic_stream.hpp>

#include "server/gateway_context.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {

template <class Stream>
void start_http_session(Stream stream, boost::asio::ip::tcp::endpoint remote, GatewayContext& context,
                        ProxyHeaderWarnings& warnings);

// A connection accepted on the admin Unix socket, whose peer credentials the listener has
// already checked: every request is described by describe_admin_socket_peer.
using AdminSocketStream = boost::beast::basic_stream<boost::asio::local::stream_protocol>;
void start_admin_socket_http_session(AdminSocketStream stream, GatewayContext& context);

}  // namespace openclaw::server
