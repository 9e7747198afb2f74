// The gateway's HTTP listener, first cut: the unauthenticated probes of spec §6
// (/health, /healthz, /ready, /readyz, /startupz) on every bound address, upstream's default
// security headers on every response, and a plain 404 elsewhere. WebSocket upgrades are
// answered 503 with a reason until the protocol layer lands, so a client fails loudly
// instead of hanging.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/log/logger.h"
#include "core/util/result.h"

namespace openclaw::server {

struct ListenAddress {
  std::string host;
  unsigned short port;
};

class ProbeServer {
 public:
  ProbeServer(boost::asio::io_context& io, log::Logger logger);
  ~ProbeServer();

  // Binds every address. Fails with a message naming the address and the reason (for
  // EADDRINUSE: "port P is already in use"); `optional_hosts` (like ::1 for loopback) may be
  // skipped when the address family is unavailable on this machine.
  Status listen(const std::vector<ListenAddress>& addresses,
                const std::vector<std::string>& optional_hosts = {});

  // The addresses actually bound (host, port), in order.
  const std::vector<ListenAddress>& bound() const;

  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openclaw::server
