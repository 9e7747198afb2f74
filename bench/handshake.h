// One OpenClaw handshake over a fresh WebSocket: open, read `connect.challenge`, send
// `req connect`, wait for the `res` carrying hello-ok (spec §1.2). Used by every mode of the
// benchmark client.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "connect_request.h"
#include "core/crypto/ed25519.h"
#include "core/util/result.h"

namespace openclaw::bench {

using WebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;

// A ws:// URL taken apart. Only plain ws:// is supported (the benchmark runs on loopback).
struct Target {
  std::string host;
  std::string port;
  std::string path;  // "/" when the URL has none
};

// Parses "ws://host:port[/path]". Fails naming what is wrong: another scheme, no host, or a
// port that is not a number in 1..65535.
Result<Target> parse_ws_url(std::string_view url);

// Resolves the target's host once (the benchmark must not time DNS). Fails with the
// resolver's message.
Result<boost::asio::ip::tcp::endpoint> resolve_target(const Target& target);

// What a successful handshake hands back: the open, authenticated stream and the server's
// version from hello-ok (server.version).
struct Connection {
  std::unique_ptr<WebSocket> socket;
  std::string server_version;
};

// Performs the full handshake against `endpoint`. `device` may be null (shared token only).
// Every step is bounded by `timeout`. Fails with a short message saying which step failed:
// "connect: ...", "upgrade: ..." (e.g. the HTTP status when the server refuses the upgrade),
// "challenge: ...", "rejected: <error.code> <error.message>" when the server answers
// ok:false. The message never contains the token.
boost::asio::awaitable<Result<Connection>> open_authenticated(const boost::asio::ip::tcp::endpoint& endpoint,
                                                              const Target& target, const ClientClaims& claims,
                                                              const crypto::KeyPair* device,
                                                              std::chrono::milliseconds timeout);

// Closes a connection with a WebSocket close frame (1000) and waits for the server's reply,
// at most `timeout`. Errors are ignored: the handshake already counted.
boost::asio::awaitable<void> close_gracefully(WebSocket& socket, std::chrono::milliseconds timeout);

}  // namespace openclaw::bench
