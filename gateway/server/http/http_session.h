// One HTTP connection on the gateway port (plain or TLS): reads requests, answers them
// through http_routes, and hands the stream to a WebSocket session on an upgrade (accepted
// on any path, spec §0). Keep-alive; idle connections close after 30 s.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "server/gateway_context.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {

template <class Stream>
void start_http_session(Stream stream, boost::asio::ip::tcp::endpoint remote, GatewayContext& context,
                        ProxyHeaderWarnings& warnings);

}  // namespace openclaw::server
