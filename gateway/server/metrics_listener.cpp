#include "server/metrics_listener.h"

#include <mutex>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/auth/shared_secret.h"
#include "server/http/http_routes.h"
#include "server/tcp_acceptor.h"

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
  Impl(asio::io_context& io_context, GatewayContext& gateway) : io(io_context), context(gateway) {}

  asio::io_context& io;
  GatewayContext& context;
  mutable std::mutex mutex;
  std::shared_ptr<tcp::acceptor> acceptor;  // null when not serving

  // REQUIRES: `mutex` held.
  void accept(const std::shared_ptr<tcp::acceptor>& listening) {
    listening->async_accept(asio::make_strand(io), [this, listening](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<MetricsSession>(std::move(socket), context)->start();
      std::lock_guard lock(mutex);
      if (listening->is_open()) accept(listening);
    });
  }

  // A listening socket on bind:port, or nullptr with `error` naming the address.
  std::shared_ptr<tcp::acceptor> open(const std::string& bind, unsigned short port, std::string& error,
                                      bool& in_use) const {
    beast::error_code ec;
    in_use = false;
    auto ip = asio::ip::make_address(bind, ec);
    if (ec) {
      error = "gateway.metrics.bind: " + bind + " is not an IP address";
      return nullptr;
    }
    auto opened = open_tcp_acceptor(io, tcp::endpoint(ip, port), ec);
    if (!opened) {
      in_use = ec == asio::error::address_in_use;
      error = "cannot start the metrics listener on " + bind + ":" + std::to_string(port) + ": " + ec.message();
    }
    return opened;
  }

  void serve(std::shared_ptr<tcp::acceptor> next) {
    std::lock_guard lock(mutex);
    if (acceptor) {
      beast::error_code ignored;
      acceptor->close(ignored);
    }
    acceptor = std::move(next);
    if (acceptor) accept(acceptor);
  }
};

MetricsListener::MetricsListener(asio::io_context& io, GatewayContext& context)
    : impl_(std::make_unique<Impl>(io, context)) {}

MetricsListener::~MetricsListener() = default;

Status MetricsListener::start() {
  const auto settings = impl_->context.settings();
  std::string error;
  bool in_use = false;
  auto opened = impl_->open(settings->metrics.bind, settings->metrics.port, error, in_use);
  if (!opened) return fail(error);
  impl_->serve(std::move(opened));
  return {};
}

Status MetricsListener::restart(const MetricsSettings& next) {
  if (!next.enabled) {
    stop();
    return {};
  }
  std::shared_ptr<tcp::acceptor> old;
  {
    std::lock_guard lock(impl_->mutex);
    old = impl_->acceptor;
  }
  std::string error;
  bool in_use = false;
  auto opened = impl_->open(next.bind, next.port, error, in_use);
  if (!opened && in_use && old && old->local_endpoint().port() == next.port) {
    // Our own listener holds the port on another host: let go of it and try again.
    const auto old_endpoint = old->local_endpoint();
    stop();
    opened = impl_->open(next.bind, next.port, error, in_use);
    if (!opened) {
      std::string reopen_error;
      auto reopened = impl_->open(old_endpoint.address().to_string(), old_endpoint.port(), reopen_error, in_use);
      if (reopened) {
        impl_->serve(std::move(reopened));
      } else {
        impl_->context.logger().error("cannot reopen the previous metrics listener", {{"error", reopen_error}});
      }
    }
  }
  if (!opened) return fail(error);
  impl_->serve(std::move(opened));
  return {};
}

unsigned short MetricsListener::port() const {
  std::lock_guard lock(impl_->mutex);
  beast::error_code ec;
  if (!impl_->acceptor || !impl_->acceptor->is_open()) return 0;
  const auto endpoint = impl_->acceptor->local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void MetricsListener::stop() { impl_->serve(nullptr); }

}  // namespace openclaw::server
