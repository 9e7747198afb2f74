#include "server/gateway_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/protocol/frames.h"
#include "server/http/http_session.h"
#include "server/port_owner.h"
#include "server/tls_setup.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

constexpr auto kTlsHandshakeTimeout = std::chrono::seconds(10);
constexpr auto kHealthRefreshInterval = std::chrono::seconds(60);

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

}  // namespace

struct GatewayServer::Impl {
  Impl(asio::io_context& io_context, GatewayContext& gateway) : io(io_context), context(gateway) {}

  asio::io_context& io;
  GatewayContext& context;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<ListenAddress> bound;
  std::shared_ptr<asio::ssl::context> tls;
  ProxyHeaderWarnings proxy_warnings;
  asio::steady_timer tick_timer{io};
  asio::steady_timer health_timer{io};
  bool stopping = false;

  void accept(tcp::acceptor& acceptor) {
    acceptor.async_accept(asio::make_strand(io), [this, &acceptor](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || stopping) return;
      if (!ec) on_accept(std::move(socket));
      accept(acceptor);
    });
  }

  void on_accept(tcp::socket socket) {
    beast::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    socket.set_option(tcp::no_delay(true), ec);
    if (!tls) {
      return start_http_session(beast::tcp_stream(std::move(socket)), remote, context, proxy_warnings);
    }
    auto stream = std::make_shared<beast::ssl_stream<beast::tcp_stream>>(std::move(socket), *tls);
    beast::get_lowest_layer(*stream).expires_after(kTlsHandshakeTimeout);
    stream->async_handshake(asio::ssl::stream_base::server, [this, stream, remote](beast::error_code handshake_ec) {
      if (handshake_ec) return;  // plain HTTP on a TLS port, scanners: nothing to answer
      start_http_session(std::move(*stream), remote, context, proxy_warnings);
    });
  }

  void schedule_tick() {
    tick_timer.expires_after(context.settings()->limits.tick_interval);
    tick_timer.async_wait([this](beast::error_code ec) {
      if (ec || stopping) return;
      context.connections().broadcast("tick", {{"ts", now_ms()}}, BroadcastOptions{true, std::nullopt});
      schedule_tick();
    });
  }

  // The health cache refreshes every 60 s and every client hears about it (spec §1.9).
  void schedule_health() {
    health_timer.expires_after(kHealthRefreshInterval);
    health_timer.async_wait([this](beast::error_code ec) {
      if (ec || stopping) return;
      auto summary = context.health(true);
      context.connections().broadcast("health", summary, BroadcastOptions{true, context.state_version()});
      schedule_health();
    });
  }
};

GatewayServer::GatewayServer(asio::io_context& io, GatewayContext& context)
    : impl_(std::make_unique<Impl>(io, context)) {}

GatewayServer::~GatewayServer() = default;

Status GatewayServer::listen() {
  const auto settings = impl_->context.settings();
  if (settings->tls.enabled) {
    auto tls = make_tls_context(settings->tls);
    if (!tls) return std::unexpected(tls.error());
    impl_->tls = *tls;
  }
  for (const auto& address : settings->listen) {
    beast::error_code ec;
    auto ip = asio::ip::make_address(address.host, ec);
    if (ec) return fail("cannot listen on " + address.host + ": not an IP address");
    tcp::endpoint endpoint(ip, address.port);
    auto acceptor = std::make_unique<tcp::acceptor>(impl_->io);
    const auto& optional = settings->optional_hosts;
    const bool is_optional = std::find(optional.begin(), optional.end(), address.host) != optional.end();
    acceptor->open(endpoint.protocol(), ec);
    if (ec && is_optional) continue;  // e.g. no IPv6 on this machine
    if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec && ip.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
    if (!ec) acceptor->bind(endpoint, ec);
    if (ec == boost::system::errc::address_not_available && is_optional) continue;
    if (ec == asio::error::address_in_use) return fail(port_in_use_message(address));
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail("cannot listen on " + address.host + ":" + std::to_string(address.port) + ": " + ec.message());
    impl_->bound.push_back({address.host, acceptor->local_endpoint().port()});
    impl_->acceptors.push_back(std::move(acceptor));
  }
  if (impl_->bound.empty()) return fail("no address could be bound");
  return {};
}

const std::vector<ListenAddress>& GatewayServer::bound() const { return impl_->bound; }

void GatewayServer::start() {
  for (auto& acceptor : impl_->acceptors) impl_->accept(*acceptor);
  impl_->schedule_tick();
  impl_->schedule_health();
}

void GatewayServer::shutdown(const std::string& reason) {
  impl_->stopping = true;
  impl_->tick_timer.cancel();
  impl_->health_timer.cancel();
  for (auto& acceptor : impl_->acceptors) {
    beast::error_code ignored;
    acceptor->close(ignored);
  }
  auto& connections = impl_->context.connections();
  connections.broadcast("shutdown", {{"reason", reason}, {"restartExpectedMs", nullptr}});
  connections.close_matching([](const ConnectionIdentity&) { return true; }, 1012, "service restart");
}

}  // namespace openclaw::server
