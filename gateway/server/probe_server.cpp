#include "server/probe_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxRequestHeaderBytes = 16 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(30);

// One HTTP connection: read a request, answer it, repeat while keep-alive.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::chrono::steady_clock::time_point started)
      : stream_(std::move(socket)), started_(started) {}

  void start() { read_request(); }

 private:
  void read_request() {
    parser_.emplace();
    parser_->header_limit(kMaxRequestHeaderBytes);
    parser_->body_limit(64 * 1024);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    respond(parser_->release());
  }

  void respond(const http::request<http::string_body>& request) {
    auto response = std::make_shared<http::response<http::string_body>>();
    response->version(request.version());
    response->keep_alive(request.keep_alive());
    response->set(http::field::server, "openclaw-gateway");
    response->set("X-Content-Type-Options", "nosniff");
    response->set("Referrer-Policy", "no-referrer");
    response->set("Permissions-Policy", "camera=(), microphone=(self), geolocation=()");

    const std::string target(request.target());
    const std::string path = target.substr(0, target.find('?'));
    const bool probe_method = request.method() == http::verb::get || request.method() == http::verb::head;
    auto json_body = [&](http::status status, const nlohmann::json& body) {
      response->result(status);
      response->set(http::field::content_type, "application/json; charset=utf-8");
      response->set(http::field::cache_control, "no-store");
      response->body() = body.dump();
    };
    if (beast::websocket::is_upgrade(request)) {
      response->result(http::status::service_unavailable);
      response->set(http::field::content_type, "text/plain; charset=utf-8");
      response->body() = "WebSocket protocol not available in this build\n";
      response->keep_alive(false);
    } else if (probe_method && (path == "/health" || path == "/healthz")) {
      json_body(http::status::ok, {{"ok", true}, {"status", "live"}});
    } else if (probe_method && (path == "/ready" || path == "/readyz")) {
      auto uptime = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started_).count();
      json_body(http::status::ok, {{"ready", true}, {"failing", nlohmann::json::array()}, {"uptimeMs", uptime}});
    } else if (probe_method && path == "/startupz") {
      json_body(http::status::ok, {{"ok", true}, {"status", "started"}});
    } else {
      response->result(http::status::not_found);
      response->set(http::field::content_type, "text/plain; charset=utf-8");
      response->body() = "Not Found";
    }
    if (request.method() == http::verb::head) {
      response->content_length(response->body().size());
      response->body().clear();
    }
    response->prepare_payload();
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (ec || !response->keep_alive()) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->read_request();
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

struct ProbeServer::Impl {
  asio::io_context& io;
  log::Logger logger;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<ListenAddress> bound;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  void accept(tcp::acceptor& acceptor) {
    acceptor.async_accept([this, &acceptor](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<HttpSession>(std::move(socket), started)->start();
      accept(acceptor);
    });
  }
};

ProbeServer::ProbeServer(asio::io_context& io, log::Logger logger)
    : impl_(std::make_unique<Impl>(Impl{io, std::move(logger), {}, {}, std::chrono::steady_clock::now()})) {}

ProbeServer::~ProbeServer() = default;

Status ProbeServer::listen(const std::vector<ListenAddress>& addresses,
                           const std::vector<std::string>& optional_hosts) {
  for (const auto& address : addresses) {
    beast::error_code ec;
    auto ip = asio::ip::make_address(address.host, ec);
    if (ec) return fail("cannot listen on " + address.host + ": not an IP address");
    tcp::endpoint endpoint(ip, address.port);
    auto acceptor = std::make_unique<tcp::acceptor>(impl_->io);
    acceptor->open(endpoint.protocol(), ec);
    const bool optional =
        std::find(optional_hosts.begin(), optional_hosts.end(), address.host) != optional_hosts.end();
    if (ec && optional) continue;  // e.g. no IPv6 on this machine
    if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec && ip.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
    if (!ec) acceptor->bind(endpoint, ec);
    if (ec == boost::system::errc::address_not_available && optional) continue;
    if (ec == asio::error::address_in_use) {
      return fail("port " + std::to_string(address.port) + " is already in use on " + address.host +
                  " (another gateway running? check with: ss -ltnp 'sport = :" +
                  std::to_string(address.port) + "')");
    }
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail("cannot listen on " + address.host + ":" + std::to_string(address.port) + ": " + ec.message());
    impl_->bound.push_back({address.host, acceptor->local_endpoint().port()});
    impl_->accept(*acceptor);
    impl_->acceptors.push_back(std::move(acceptor));
  }
  if (impl_->bound.empty()) return fail("no address could be bound");
  return {};
}

const std::vector<ListenAddress>& ProbeServer::bound() const { return impl_->bound; }

void ProbeServer::stop() {
  for (auto& acceptor : impl_->acceptors) {
    beast::error_code ignored;
    acceptor->close(ignored);
  }
}

}  // namespace openclaw::server
