// The admin Unix socket (operator-pain B1/B2): `<state>/gateway.sock`, created with mode
// 0600, speaking the same HTTP upgrade + WebSocket protocol as the gateway port. The kernel
// tells us who connected (SO_PEERCRED): only root and the owner of the state directory are
// served; anyone else gets a one-line 403 naming the rule and is closed at once, logged
// (once per uid) and counted in openclaw_auth_failures_total{reason="admin_socket_peer_uid"}.
// An operator on it gets full scopes without a shared secret or pairing (see
// ws/handshake.cpp), so `openclaw devices approve` works on the box even when nothing is
// paired yet.
#pragma once

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>

#include "core/util/result.h"
#include "server/gateway_context.h"

namespace openclaw::server {

class AdminSocketListener {
 public:
  AdminSocketListener(boost::asio::io_context& io, GatewayContext& context);
  // Stops (and unlinks the socket) if still running.
  ~AdminSocketListener();
  AdminSocketListener(const AdminSocketListener&) = delete;
  AdminSocketListener& operator=(const AdminSocketListener&) = delete;

  // Binds settings.layout.admin_socket() and starts accepting; logs the path. A socket file
  // left by a gateway that is gone (nobody accepting) is replaced. Fails, naming the path,
  // when another gateway is accepting on it, when something that is not a socket is in the
  // way, or when the socket cannot be created. A path longer than a Unix socket address
  // allows is not a failure: it is logged as a warning naming the path and its length, and
  // the gateway runs without the admin socket (path() stays empty).
  Status start();

  // Stops accepting, closes the socket and removes its file (only if the file is still the
  // one we created). Connections already accepted carry on until the server closes them.
  // Idempotent.
  void stop();

  // The socket being served; empty before start(), after stop() or when it was skipped.
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openclaw::server
