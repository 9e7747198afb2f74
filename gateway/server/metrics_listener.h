// gateway.metrics (our extension, operator pain E1): the Prometheus text exposition on its
// own listener, so scrapers never touch the client port and the metrics can stay on
// loopback or a private interface. With gateway.metrics.token a scraper must send it as a
// Bearer token. Thread-safe: restart() and stop() may run on any thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/util/result.h"
#include "server/gateway_context.h"

namespace openclaw::server {

class MetricsListener {
 public:
  MetricsListener(boost::asio::io_context& io, GatewayContext& context);
  ~MetricsListener();

  // Binds settings.metrics.bind:port and starts serving; fails naming the address.
  Status start();

  // For a reload: serves `next` (bind, port, enabled) instead of what runs now. The new
  // address is bound before the old one closes; when it collides with our own old socket
  // (same port, another host) the old one is closed first and reopened on failure. On
  // failure the old listener keeps serving. Disabled -> stops.
  Status restart(const MetricsSettings& next);

  // The bound port; 0 when not serving.
  unsigned short port() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openclaw::server
