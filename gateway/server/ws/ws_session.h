// One WebSocket connection from upgrade to close (spec §1.2-§1.10): sends connect.challenge,
// enforces the pre-auth limits (64 KiB → 1009, 10 s → 1000), runs the `connect` handshake,
// then dispatches requests through the method table. Every step runs on the connection's
// strand; send() and close() may be called from any thread.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>

#include "server/gateway_context.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {

// Takes over `stream` (an accepted TCP, TLS or admin Unix socket stream whose request was a
// WebSocket upgrade) and runs the session until it closes. The caller has already counted
// the socket as unauthenticated for `peer` (ConnectionRegistry::try_acquire_preauth); the
// session releases that slot.
template <class Stream>
void start_websocket_session(Stream stream, boost::beast::http::request<boost::beast::http::string_body> request,
                             PeerInfo peer, GatewayContext& context);

}  // namespace openclaw::server
