#include "server/http/http_session.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>

#include "server/http/http_routes.h"
#include "server/ws/ws_session.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxRequestHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxRequestBodyBytes = 64 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(30);

void shutdown_stream(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void shutdown_stream(beast::ssl_stream<beast::tcp_stream>& stream) {
  stream.async_shutdown([](beast::error_code) {});
}

void shutdown_stream(AdminSocketStream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(asio::local::stream_protocol::socket::shutdown_send, ignored);
}

template <class Stream>
constexpr bool kOnAdminSocket = std::is_same_v<Stream, AdminSocketStream>;

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream stream, tcp::endpoint remote, GatewayContext& context, ProxyHeaderWarnings& warnings)
      : stream_(std::move(stream)), remote_(std::move(remote)), context_(context), warnings_(warnings) {}

  void start() { read_request(); }

 private:
  void read_request() {
    parser_.emplace();
    parser_->header_limit(kMaxRequestHeaderBytes);
    parser_->body_limit(kMaxRequestBodyBytes);
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::header_limit || ec == http::error::body_limit) {
      return write(plain_response(11, http::status::payload_too_large, "Payload Too Large\n"));
    }
    if (ec) return shutdown_stream(stream_);
    auto request = parser_->release();
    const auto settings = context_.settings();
    PeerInfo peer = kOnAdminSocket<Stream> ? describe_admin_socket_peer(request)
                                           : describe_peer(request, remote_, *settings, warnings_, context_.logger());
    if (beast::websocket::is_upgrade(request)) return upgrade(std::move(request), std::move(peer), *settings);
    write(handle_http_request(context_, peer, request));
  }

  void upgrade(HttpRequest request, PeerInfo peer, const RuntimeSettings& settings) {
    if (!context_.connections().try_acquire_preauth(peer.client_key(), settings.limits.max_preauth_connections_per_ip)) {
      context_.metrics().handshake("too_many_unauthenticated");
      return write(plain_response(request.version(), http::status::service_unavailable,
                                  "Too many unauthenticated sockets"));
    }
    start_websocket_session(std::move(stream_), std::move(request), std::move(peer), context_);
  }

  void write(HttpResponse response) {
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    http::async_write(stream_, *shared, [self = this->shared_from_this(), shared](beast::error_code ec, std::size_t) {
      if (ec || !shared->keep_alive()) return shutdown_stream(self->stream_);
      self->read_request();
    });
  }

  Stream stream_;
  tcp::endpoint remote_;
  GatewayContext& context_;
  ProxyHeaderWarnings& warnings_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

template <class Stream>
void start_http_session(Stream stream, tcp::endpoint remote, GatewayContext& context, ProxyHeaderWarnings& warnings) {
  std::make_shared<HttpSession<Stream>>(std::move(stream), std::move(remote), context, warnings)->start();
}

void start_admin_socket_http_session(AdminSocketStream stream, GatewayContext& context) {
  // Admin-socket peers are never described from proxy headers, so nothing is ever warned.
  static ProxyHeaderWarnings unused_warnings;
  std::make_shared<HttpSession<AdminSocketStream>>(std::move(stream), tcp::endpoint{}, context, unused_warnings)->start();
}

template void start_http_session<beast::tcp_stream>(beast::tcp_stream, tcp::endpoint, GatewayContext&,
                                                    ProxyHeaderWarnings&);
template void start_http_session<beast::ssl_stream<beast::tcp_stream>>(beast::ssl_stream<beast::tcp_stream>,
                                                                       tcp::endpoint, GatewayContext&,
                                                                       ProxyHeaderWarnings&);

}  // namespace openclaw::server
