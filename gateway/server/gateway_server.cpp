#include "server/gateway_server.h"

#include <atomic>
#include <mutex>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/protocol/frames.h"
#include "server/http/http_session.h"
#include "server/port_owner.h"
#include "server/tcp_acceptor.h"
#include "server/tls_setup.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

constexpr auto kTlsHandshakeTimeout = std::chrono::seconds(10);
constexpr auto kHealthRefreshInterval = std::chrono::seconds(60);
constexpr auto kAcceptRetryPause = std::chrono::milliseconds(100);
// How long a rebind waits before closing the old listeners' clients (see rebind()).
constexpr auto kRestartCloseDelay = std::chrono::milliseconds(250);
// Clients of the admin Unix socket did not come through a TCP listener.
constexpr std::string_view kAdminSocketAuthMethod = "admin-socket";

std::string port_in_use_message(const ListenAddress& address) {
  std::string message = "port " + std::to_string(address.port) + " is already in use on " + address.host;
  if (auto owner = find_port_owner(address.port)) {
    if (owner->command == "openclaw") {
      message += ": another openclaw gateway is running (pid " + std::to_string(owner->pid) +
                 "); stop it first, or pass --force to replace it";
    } else {
      message += " by " + owner->command + " (pid " + std::to_string(owner->pid) + ")";
    }
  } else {
    message += " (check with: ss -ltnp 'sport = :" + std::to_string(address.port) + "')";
  }
  return message;
}

// One bound address and its socket. `requested` is what settings.listen asked for (port 0
// stays 0), so a rebind can tell an address it already serves.
struct Listener {
  ListenAddress requested;
  ListenAddress bound;
  std::shared_ptr<tcp::acceptor> acceptor;
};

// What opening one address gave: a listener, a skipped optional host, or an error.
struct OpenedListener {
  std::optional<Listener> listener;
  std::string error;  // names the address and the reason
  bool in_use = false;
  bool skipped = false;
};

}  // namespace

struct GatewayServer::Impl {
  Impl(asio::io_context& io_context, GatewayContext& gateway) : io(io_context), context(gateway) {}

  asio::io_context& io;
  GatewayContext& context;
  ProxyHeaderWarnings proxy_warnings;
  asio::steady_timer tick_timer{io};
  asio::steady_timer health_timer{io};
  asio::steady_timer restart_timer{io};

  // Guards everything below; the accept loop and rebind()/shutdown() meet here.
  mutable std::mutex mutex;
  std::vector<Listener> listeners;
  std::shared_ptr<asio::ssl::context> tls;
  std::vector<std::shared_ptr<ClientConnection>> restarting;  // closed when restart_timer fires
  bool accepting = false;
  bool stopping = false;
  std::atomic<bool> accept_failure_logged{false};

  static OpenedListener open(asio::io_context& io, const ListenAddress& address,
                             const std::vector<std::string>& optional_hosts) {
    OpenedListener opened;
    beast::error_code ec;
    auto ip = asio::ip::make_address(address.host, ec);
    if (ec) {
      opened.error = "cannot listen on " + address.host + ": not an IP address";
      return opened;
    }
    auto acceptor = open_tcp_acceptor(io, tcp::endpoint(ip, address.port), ec);
    if (!acceptor) {
      const bool is_optional =
          std::find(optional_hosts.begin(), optional_hosts.end(), address.host) != optional_hosts.end();
      // e.g. no IPv6 on this machine; a port in use is still an error.
      opened.skipped = is_optional && ec != asio::error::address_in_use;
      opened.in_use = ec == asio::error::address_in_use;
      opened.error = opened.in_use ? port_in_use_message(address)
                                   : "cannot listen on " + address.host + ":" + std::to_string(address.port) +
                                         ": " + ec.message();
      return opened;
    }
    opened.listener = Listener{address, {address.host, acceptor->local_endpoint().port()}, acceptor};
    return opened;
  }

  static void close(const std::vector<Listener>& closing) {
    for (const auto& listener : closing) {
      beast::error_code ignored;
      listener.acceptor->close(ignored);
    }
  }

  // REQUIRES: `mutex` held.
  void accept(const std::shared_ptr<tcp::acceptor>& acceptor) {
    acceptor->async_accept(asio::make_strand(io), [this, acceptor](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      std::shared_ptr<asio::ssl::context> tls_now;
      {
        std::lock_guard lock(mutex);
        if (stopping || !acceptor->is_open()) return;
        tls_now = tls;
      }
      if (ec) return accept_after_pause(acceptor, ec);
      on_accept(std::move(socket), tls_now);
      std::lock_guard lock(mutex);
      if (!stopping && acceptor->is_open()) accept(acceptor);
    });
  }

  // Out of descriptors (EMFILE, ENFILE) or memory, accept fails again at once however often
  // it is retried: retrying after a pause keeps a flood of sockets from also spinning a core
  // while the timeouts free descriptors.
  void accept_after_pause(const std::shared_ptr<tcp::acceptor>& acceptor, const beast::error_code& ec) {
    if (!accept_failure_logged.exchange(true)) {
      context.logger().warn("accepting a connection failed; retrying every 100 ms until it works",
                            {{"error", ec.message()}});
    }
    auto pause = std::make_shared<asio::steady_timer>(io, kAcceptRetryPause);
    pause->async_wait([this, acceptor, pause](beast::error_code) {
      std::lock_guard lock(mutex);
      if (!stopping && acceptor->is_open()) accept(acceptor);
    });
  }

  void on_accept(tcp::socket socket, const std::shared_ptr<asio::ssl::context>& tls_context) {
    beast::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    socket.set_option(tcp::no_delay(true), ec);
    if (!tls_context) {
      return start_http_session(beast::tcp_stream(std::move(socket)), remote, context, proxy_warnings);
    }
    auto stream = std::make_shared<beast::ssl_stream<beast::tcp_stream>>(std::move(socket), *tls_context);
    beast::get_lowest_layer(*stream).expires_after(kTlsHandshakeTimeout);
    stream->async_handshake(asio::ssl::stream_base::server, [this, stream, remote](beast::error_code handshake_ec) {
      if (handshake_ec) return;  // plain HTTP on a TLS port, scanners: nothing to answer
      start_http_session(std::move(*stream), remote, context, proxy_warnings);
    });
  }

  // The clients of the old listeners hear `shutdown` and are closed 1012 a moment later, so
  // frames already queued (the reply to config.apply) go out first.
  void restart_clients() {
    std::lock_guard lock(mutex);
    for (auto& connection : context.connections().all()) {
      if (connection->identity().auth_method != kAdminSocketAuthMethod) restarting.push_back(connection);
    }
    restart_timer.expires_after(kRestartCloseDelay);
    restart_timer.async_wait([this](beast::error_code ec) {
      if (ec) return;
      std::vector<std::shared_ptr<ClientConnection>> targets;
      {
        std::lock_guard inner(mutex);
        targets.swap(restarting);
      }
      const nlohmann::json payload = {{"reason", "gateway restarting"}, {"restartExpectedMs", 0}};
      for (const auto& connection : targets) {
        const bool v4 = connection->identity().protocol >= 4;
        connection->send(protocol::event_frame("shutdown", payload,
                                               v4 ? std::optional<std::uint64_t>(connection->next_seq()) : std::nullopt));
        connection->close(1012, "service restart");
      }
    });
  }

  void schedule_tick() {
    tick_timer.expires_after(context.settings()->limits.tick_interval);
    tick_timer.async_wait([this](beast::error_code ec) {
      if (ec || is_stopping()) return;
      context.connections().broadcast("tick", {{"ts", now_ms()}}, BroadcastOptions{true, std::nullopt});
      schedule_tick();
    });
  }

  // The health cache refreshes every 60 s and every client hears about it (spec §1.9).
  void schedule_health() {
    health_timer.expires_after(kHealthRefreshInterval);
    health_timer.async_wait([this](beast::error_code ec) {
      if (ec || is_stopping()) return;
      auto summary = context.health(true);
      context.connections().broadcast("health", summary, BroadcastOptions{true, context.state_version()});
      schedule_health();
    });
  }

  // After a failed rebind: reopens the old listeners it had closed, in place.
  void restore(const std::vector<Listener>& closed) {
    std::lock_guard lock(mutex);
    for (const auto& listener : closed) {
      auto current = std::find_if(listeners.begin(), listeners.end(),
                                  [&](const Listener& l) { return l.acceptor == listener.acceptor; });
      auto reopened = open(io, {listener.requested.host, listener.bound.port}, {});
      if (!reopened.listener) {
        context.logger().error("cannot reopen the previous listener after a failed rebind",
                               {{"error", reopened.error}});
        if (current != listeners.end()) listeners.erase(current);
        continue;
      }
      reopened.listener->requested = listener.requested;
      if (current != listeners.end()) *current = *reopened.listener;
      if (accepting) accept(reopened.listener->acceptor);
    }
  }

  bool is_stopping() const {
    std::lock_guard lock(mutex);
    return stopping;
  }
};

GatewayServer::GatewayServer(asio::io_context& io, GatewayContext& context)
    : impl_(std::make_unique<Impl>(io, context)) {}

GatewayServer::~GatewayServer() = default;

Status GatewayServer::listen() {
  const auto settings = impl_->context.settings();
  std::shared_ptr<asio::ssl::context> tls;
  if (settings->tls.enabled) {
    auto made = make_tls_context(settings->tls);
    if (!made) return std::unexpected(made.error());
    tls = *made;
  }
  std::vector<Listener> listeners;
  for (const auto& address : settings->listen) {
    auto opened = Impl::open(impl_->io, address, settings->optional_hosts);
    if (opened.skipped) continue;
    if (!opened.listener) {
      Impl::close(listeners);
      return fail(opened.error);
    }
    listeners.push_back(std::move(*opened.listener));
  }
  if (listeners.empty()) return fail("no address could be bound");
  std::lock_guard lock(impl_->mutex);
  impl_->listeners = std::move(listeners);
  impl_->tls = std::move(tls);
  return {};
}

std::vector<ListenAddress> GatewayServer::bound() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<ListenAddress> addresses;
  for (const auto& listener : impl_->listeners) addresses.push_back(listener.bound);
  return addresses;
}

void GatewayServer::start() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->accepting = true;
    for (const auto& listener : impl_->listeners) impl_->accept(listener.acceptor);
  }
  impl_->schedule_tick();
  impl_->schedule_health();
}

Status GatewayServer::rebind(const RuntimeSettings& next) {
  std::shared_ptr<asio::ssl::context> tls;
  if (next.tls.enabled) {
    auto made = make_tls_context(next.tls);
    if (!made) return std::unexpected(made.error());
    tls = *made;
  }
  std::vector<Listener> old;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return fail("the gateway is stopping");
    old = impl_->listeners;
  }
  const auto same = [](const ListenAddress& a, const ListenAddress& b) { return a.host == b.host && a.port == b.port; };
  const auto kept = [&](const ListenAddress& address) {
    return std::find_if(old.begin(), old.end(), [&](const Listener& l) { return same(l.requested, address); });
  };
  std::vector<Listener> retired;  // old listeners no longer wanted
  for (const auto& listener : old) {
    const bool wanted = std::any_of(next.listen.begin(), next.listen.end(),
                                    [&](const ListenAddress& address) { return same(listener.requested, address); });
    if (!wanted) retired.push_back(listener);
  }
  const auto ours = [&](unsigned short port) {
    return std::any_of(retired.begin(), retired.end(), [port](const Listener& l) { return l.bound.port == port; });
  };

  std::vector<std::optional<Listener>> slots(next.listen.size());
  std::vector<Listener> opened_now;
  std::vector<std::size_t> collided;
  for (std::size_t i = 0; i < next.listen.size(); ++i) {
    const auto& address = next.listen[i];
    if (auto it = kept(address); it != old.end()) {
      slots[i] = *it;
      continue;
    }
    auto opened = Impl::open(impl_->io, address, next.optional_hosts);
    if (opened.skipped) continue;
    if (opened.listener) {
      opened_now.push_back(*opened.listener);
      slots[i] = std::move(opened.listener);
    } else if (opened.in_use && ours(address.port)) {
      collided.push_back(i);
    } else {
      Impl::close(opened_now);
      return fail(opened.error);
    }
  }

  bool retired_closed = false;
  if (!collided.empty()) {
    // Our own old listener holds the port: let go of it, then try again.
    {
      std::lock_guard lock(impl_->mutex);
      Impl::close(retired);
    }
    retired_closed = true;
    for (std::size_t i : collided) {
      auto opened = Impl::open(impl_->io, next.listen[i], next.optional_hosts);
      if (opened.skipped) continue;
      if (opened.listener) {
        opened_now.push_back(*opened.listener);
        slots[i] = std::move(opened.listener);
        continue;
      }
      Impl::close(opened_now);
      impl_->restore(retired);
      return fail(opened.error);
    }
  }

  std::vector<Listener> listeners;
  for (auto& slot : slots) {
    if (slot) listeners.push_back(std::move(*slot));
  }
  if (listeners.empty()) {
    Impl::close(opened_now);
    if (retired_closed) impl_->restore(retired);
    return fail("no address could be bound");
  }
  {
    std::lock_guard lock(impl_->mutex);
    if (!retired_closed) Impl::close(retired);
    impl_->listeners = std::move(listeners);
    impl_->tls = std::move(tls);
    if (impl_->accepting) {
      for (const auto& listener : opened_now) impl_->accept(listener.acceptor);
    }
  }
  impl_->restart_clients();
  return {};
}

void GatewayServer::shutdown(const std::string& reason) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    Impl::close(impl_->listeners);
  }
  impl_->tick_timer.cancel();
  impl_->health_timer.cancel();
  {
    std::lock_guard lock(impl_->mutex);
    impl_->restart_timer.cancel();
    impl_->restarting.clear();
  }
  auto& connections = impl_->context.connections();
  connections.broadcast("shutdown", {{"reason", reason}, {"restartExpectedMs", nullptr}});
  connections.close_matching([](const ConnectionIdentity&) { return true; }, 1012, "service restart");
}

}  // namespace openclaw::server
