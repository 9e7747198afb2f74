#include "server/metrics_listener.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/auth/shared_secret.h"
#include "server/http/http_routes.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class MetricsSession : public std::enable_shared_from_this<MetricsSession> {
 public:
  MetricsSession(tcp::socket socket, GatewayContext& context) : stream_(std::move(socket)), context_(context) {}

  void start() {
    parser_.emplace();
    parser_->header_limit(8 * 1024);
    parser_->body_limit(0);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec) return;
    const auto request = parser_->release();
    const auto settings = context_.settings();
    auto response = std::make_shared<http::response<http::string_body>>(http::status::ok, request.version());
    response->set(http::field::server, "openclaw-gateway");
    response->set(http::field::cache_control, "no-store");
    response->keep_alive(request.keep_alive());
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    if (path != settings->metrics.path) {
      response->result(http::status::not_found);
      response->set(http::field::content_type, "text/plain; charset=utf-8");
      response->body() = "Not Found";
    } else if (request.method() != http::verb::get && request.method() != http::verb::head) {
      response->result(http::status::method_not_allowed);
      response->set(http::field::allow, "GET, HEAD");
    } else if (!authorized(request, settings->metrics.token)) {
      response->result(http::status::unauthorized);
      response->set(http::field::content_type, "application/json; charset=utf-8");
      response->set(http::field::www_authenticate, "Bearer");
      response->body() = R"({"error":{"message":"Unauthorized","type":"unauthorized"}})";
    } else {
      response->set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response->body() = context_.metrics().render_text();
    }
    if (request.method() == http::verb::head) {
      response->content_length(response->body().size());
      response->body().clear();
    } else {
      response->prepare_payload();
    }
    http::async_write(stream_, *response, [self = shared_from_this(), response](beast::error_code write_ec, std::size_t) {
      if (write_ec || !response->keep_alive()) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      self->start();
    });
  }

  static bool authorized(const http::request<http::string_body>& request, const std::optional<std::string>& token) {
    if (!token) return true;
    return auth::check_shared_secret(token, bearer_token(request)) == auth::SharedSecretOutcome::Ok;
  }

  beast::tcp_stream stream_;
  GatewayContext& context_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

struct MetricsListener::Impl {
  asio::io_context& io;
  GatewayContext& context;
  std::unique_ptr<tcp::acceptor> acceptor;

  void accept() {
    acceptor->async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<MetricsSession>(std::move(socket), context)->start();
      accept();
    });
  }
};

MetricsListener::MetricsListener(asio::io_context& io, GatewayContext& context)
    : impl_(std::make_unique<Impl>(Impl{io, context, nullptr})) {}

MetricsListener::~MetricsListener() = default;

Status MetricsListener::start() {
  const auto settings = impl_->context.settings();
  const std::string where = settings->metrics.bind + ":" + std::to_string(settings->metrics.port);
  beast::error_code ec;
  auto ip = asio::ip::make_address(settings->metrics.bind, ec);
  if (ec) return fail("gateway.metrics.bind: " + settings->metrics.bind + " is not an IP address");
  tcp::endpoint endpoint(ip, settings->metrics.port);
  impl_->acceptor = std::make_unique<tcp::acceptor>(impl_->io);
  impl_->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor->bind(endpoint, ec);
  if (!ec) impl_->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("cannot start the metrics listener on " + where + ": " + ec.message());
  impl_->accept();
  return {};
}

unsigned short MetricsListener::port() const {
  return impl_->acceptor ? impl_->acceptor->local_endpoint().port() : 0;
}

void MetricsListener::stop() {
  if (!impl_->acceptor) return;
  beast::error_code ignored;
  impl_->acceptor->close(ignored);
}

}  // namespace openclaw::server
