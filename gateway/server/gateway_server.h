// The gateway's listeners and timers: binds every address of the bind mode on one port
// (HTTP and WebSocket multiplexed, optionally TLS), broadcasts `tick` every tickIntervalMs,
// and shuts down the way clients expect (spec §1.9): stop accepting, `shutdown` event,
// close every socket 1012 "service restart". A config reload that changes the port, the
// bind hosts or TLS moves the listeners in-process with rebind(); the process stays.
//
// Thread-safe: rebind() and shutdown() may run on any thread while the I/O threads accept.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "server/gateway_context.h"
#include "server/runtime_settings.h"

namespace openclaw::server {

class GatewayServer {
 public:
  GatewayServer(boost::asio::io_context& io, GatewayContext& context);
  ~GatewayServer();

  // Binds every address of settings.listen. Fails with a message naming the address and the
  // reason; for a port in use it names the port and, when the owner is found, its PID and
  // whether it is another openclaw gateway. settings.optional_hosts (::1 on loopback) are
  // skipped when the address family is unavailable.
  Status listen();

  // The addresses actually bound, in order (a copy: rebind() may replace them).
  std::vector<ListenAddress> bound() const;

  // Starts accepting and the tick timer.
  void start();

  // Moves the listeners to next.listen with next.tls, for a reload (call it before the
  // context's settings are replaced). Addresses bound now and still wanted keep their socket
  // (only the TLS context changes); the others are bound first, while the old listeners
  // still serve. When a new address collides with one of our own old listeners on the same
  // port (127.0.0.1:P -> 0.0.0.0:P) the old ones are closed first and reopened if the new
  // bind still fails. On failure the old listeners keep serving and the error names the
  // address, as listen() does. On success the listeners no longer wanted stop accepting, and
  // every WebSocket client connected through the old listeners gets a `shutdown` event
  // {reason:"gateway restarting", restartExpectedMs:0} and is closed 1012 "service restart"
  // shortly after (so a reply to the config.apply that caused this still reaches its
  // caller); clients reconnect to the new address. Admin-socket clients stay.
  Status rebind(const RuntimeSettings& next);

  // Stops accepting, sends `shutdown` to every client and closes them 1012. The sockets
  // finish closing on the I/O threads; the caller stops the io_context after a grace period.
  void shutdown(const std::string& reason);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openclaw::server
