// The gateway's listeners and timers: binds every address of the bind mode on one port
// (HTTP and WebSocket multiplexed, optionally TLS), broadcasts `tick` every tickIntervalMs,
// and shuts down the way clients expect (spec §1.9): stop accepting, `shutdown` event,
// close every socket 1012 "service restart".
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

  // The addresses actually bound, in order.
  const std::vector<ListenAddress>& bound() const;

  // Starts accepting and the tick timer.
  void start();

  // Stops accepting, sends `shutdown` to every client and closes them 1012. The sockets
  // finish closing on the I/O threads; the caller stops the io_context after a grace period.
  void shutdown(const std::string& reason);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openclaw::server
