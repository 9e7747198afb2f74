#include "providers/http/outgoing_call.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/error.hpp>
#include <utility>

#include "providers/http/request_writer.h"
#include "providers/http/tls_verification.h"

namespace openclaw::providers {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Enough for the head of a streamed body and most JSON answers in one read.
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kConnectReplyLimit = 16 * 1024;

// "Connection refused" -> "connection refused"; acronyms ("SSL ...") stay as they are.
std::string describe(const boost::system::error_code& ec) {
  std::string text = ec.message();
  if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z')) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

// Errors that mean the peer had already given up on a kept-alive connection.
bool means_connection_was_dead(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::error::not_connected || ec == asio::ssl::error::stream_truncated;
}

bool is_end_of_stream(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
}

std::string milliseconds(std::chrono::milliseconds limit) {
  return std::to_string(limit.count()) + " ms";
}

}  // namespace

OutgoingCall::OutgoingCall(std::shared_ptr<const ClientShared> client, OutgoingRequest request,
                           ResponseHandlers handlers)
    : client_(std::move(client)),
      request_(std::move(request)),
      handlers_(std::move(handlers)),
      strand_(asio::make_strand(client_->io)),
      timer_(strand_),
      resolver_(strand_) {}

void OutgoingCall::begin() {
  asio::post(strand_, [self = shared_from_this()] { self->run(); });
}

void OutgoingCall::cancel() {
  // The flag stops a handler that is running right now from being followed by another; the
  // posted step ends whatever is pending.
  cancel_requested_.store(true, std::memory_order_release);
  asio::post(strand_, [self = shared_from_this()] {
    self->finish(
        self->error(TransportErrorKind::Cancelled, "request to " + self->where() + " cancelled"));
  });
}

std::string OutgoingCall::where() const {
  if (url_.host.empty()) return "the provider";
  std::string text = url_.authority();
  if (via_proxy_) text += " through proxy " + client_->proxy->authority();
  return text;
}

TransportError OutgoingCall::error(TransportErrorKind kind, std::string message) const {
  return TransportError{kind, std::move(message)};
}

void OutgoingCall::run() {
  if (finished_) return;
  if (cancel_requested_.load(std::memory_order_acquire)) {
    return finish(error(TransportErrorKind::Cancelled, "request cancelled before it started"));
  }
  auto url = parse_outgoing_url(request_.url);
  if (!url) return finish(error(TransportErrorKind::InvalidUrl, url.error().message));
  url_ = std::move(*url);
  via_proxy_ =
      client_->proxy && !bypasses_proxy(url_.host, url_.port, client_->hosts_without_proxy);

  RequestFraming framing;
  if (via_proxy_ && !url_.tls) {
    framing.absolute_form = true;
    framing.proxy_authorization = client_->proxy->authorization;
  }
  auto bytes = serialize_request(request_, url_, framing);
  if (!bytes) {
    return finish(error(TransportErrorKind::ProtocolError,
                        "cannot send to " + where() + ": " + bytes.error().message));
  }
  request_bytes_ = std::move(*bytes);
  // The body now lives in request_bytes_; the copy in request_ is not needed again.
  request_.body.clear();
  request_.body.shrink_to_fit();

  origin_ = url_.origin();
  connection_ = client_->pool->take(origin_);
  if (connection_) {
    reused_ = true;
    return send_request();
  }
  open_connection();
}

void OutgoingCall::open_connection() {
  reused_ = false;
  arm_timer(Phase::Connect, request_.timeouts.connect);
  const std::string& host = via_proxy_ ? client_->proxy->host : url_.host;
  const std::uint16_t port = via_proxy_ ? client_->proxy->port : url_.port;
  // An address needs no lookup; skipping the resolver keeps such calls off Asio's single
  // resolver thread (local providers, benchmarks).
  error_code not_an_address;
  const auto address = asio::ip::make_address(host, not_an_address);
  if (!not_an_address) return connect_to({tcp::endpoint(address, port)});
  resolver_.async_resolve(
      host, std::to_string(port),
      asio::bind_executor(strand_, [self = shared_from_this()](
                                       const error_code& ec, tcp::resolver::results_type results) {
        self->on_resolved(ec, results);
      }));
}

void OutgoingCall::on_resolved(const error_code& ec, const tcp::resolver::results_type& results) {
  if (finished_) return;
  if (ec) {
    const std::string host = via_proxy_ ? "proxy host " + client_->proxy->host : url_.host;
    return finish(
        error(TransportErrorKind::ConnectFailed, "cannot resolve " + host + ": " + describe(ec)));
  }
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  connect_to(std::move(endpoints));
}

void OutgoingCall::connect_to(std::vector<tcp::endpoint> endpoints) {
  connect_endpoints_ = std::move(endpoints);
  connecting_.emplace(client_->io);
  asio::async_connect(
      *connecting_, connect_endpoints_,
      asio::bind_executor(
          strand_, [self = shared_from_this()](const error_code& connect_ec, const tcp::endpoint&) {
            self->on_connected(connect_ec);
          }));
}

void OutgoingCall::on_connected(const error_code& ec) {
  if (finished_) return;
  if (ec) {
    const std::string target =
        via_proxy_ ? "proxy " + client_->proxy->authority() + " (for " + url_.authority() + ")"
                   : url_.authority();
    return finish(error(TransportErrorKind::ConnectFailed,
                        "cannot connect to " + target + ": " + describe(ec)));
  }
  error_code ignored;
  connecting_->set_option(tcp::no_delay(true), ignored);
  connection_ = std::make_unique<Connection>(std::move(*connecting_));
  connecting_.reset();
  if (via_proxy_ && url_.tls) return send_connect();
  if (url_.tls) return start_handshake();
  send_request();
}

void OutgoingCall::send_connect() {
  connect_reply_.clear();
  connect_request_ = serialize_connect(url_, client_->proxy->authorization);
  connection_->async_write(
      asio::buffer(connect_request_),
      asio::bind_executor(strand_, [self = shared_from_this()](const error_code& ec, std::size_t) {
        self->on_connect_written(ec);
      }));
}

void OutgoingCall::on_connect_written(const error_code& ec) {
  if (finished_) return;
  if (ec) {
    return finish(error(TransportErrorKind::ProxyFailed,
                        "proxy " + client_->proxy->authority() + " dropped the CONNECT to " +
                            url_.authority() + ": " + describe(ec)));
  }
  asio::async_read_until(
      connection_->socket(), asio::dynamic_buffer(connect_reply_, kConnectReplyLimit), "\r\n\r\n",
      asio::bind_executor(
          strand_, [self = shared_from_this()](const error_code& read_ec, std::size_t head_size) {
            self->on_connect_reply(read_ec, head_size);
          }));
}

void OutgoingCall::on_connect_reply(const error_code& ec, std::size_t head_size) {
  if (finished_) return;
  const std::string proxy = "proxy " + client_->proxy->authority();
  if (ec) {
    return finish(
        error(TransportErrorKind::ProxyFailed,
              proxy + " did not answer the CONNECT to " + url_.authority() + ": " + describe(ec)));
  }
  auto reply = parse_connect_reply(std::string_view(connect_reply_).substr(0, head_size));
  if (!reply) {
    return finish(error(TransportErrorKind::ProxyFailed, proxy + ": " + reply.error().message));
  }
  if (reply->status < 200 || reply->status > 299) {
    return finish(error(TransportErrorKind::ProxyFailed,
                        proxy + " refused the CONNECT to " + url_.authority() + ": " +
                            std::to_string(reply->status) +
                            (reply->reason.empty() ? "" : " " + reply->reason)));
  }
  if (connect_reply_.size() > head_size) {
    return finish(
        error(TransportErrorKind::ProxyFailed,
              proxy + " sent data before the tunnel to " + url_.authority() + " was open"));
  }
  start_handshake();
}

void OutgoingCall::start_handshake() {
  connection_->start_tls(client_->tls);
  if (!expect_peer(connection_->tls().native_handle(), url_.host)) {
    return finish(
        error(TransportErrorKind::TlsFailed, "cannot verify a certificate for host " + url_.host));
  }
  connection_->tls().async_handshake(
      asio::ssl::stream_base::client,
      asio::bind_executor(
          strand_, [self = shared_from_this()](const error_code& ec) { self->on_handshake(ec); }));
}

void OutgoingCall::on_handshake(const error_code& ec) {
  if (finished_) return;
  if (ec) {
    return finish(error(TransportErrorKind::TlsFailed,
                        "TLS handshake with " + where() + " failed: " +
                            describe_tls_failure(connection_->tls().native_handle(), ec)));
  }
  send_request();
}

void OutgoingCall::send_request() {
  response_bytes_ = 0;
  read_buffer_.clear();
  reader_.emplace(request_.method == "HEAD");
  arm_timer(Phase::FirstByte, request_.timeouts.first_byte);
  connection_->async_write(
      asio::buffer(request_bytes_),
      asio::bind_executor(strand_, [self = shared_from_this()](const error_code& ec, std::size_t) {
        self->on_request_written(ec);
      }));
}

void OutgoingCall::on_request_written(const error_code& ec) {
  if (finished_) return;
  if (ec) {
    if (retry_on_fresh_connection(ec)) return;
    return finish(
        error(TransportErrorKind::ConnectionReset,
              "connection to " + where() + " failed while sending the request: " + describe(ec)));
  }
  read_more();
}

void OutgoingCall::read_more() {
  connection_->async_read_some(
      read_buffer_.prepare(kReadChunk),
      asio::bind_executor(strand_,
                          [self = shared_from_this()](const error_code& ec, std::size_t size) {
                            self->on_read(ec, size);
                          }));
}

void OutgoingCall::on_read(const error_code& ec, std::size_t size) {
  if (finished_) return;
  if (size > 0) {
    response_bytes_ += size;
    read_buffer_.commit(size);
    auto progress = reader_->feed(read_buffer_);
    if (!progress) {
      return finish(error(TransportErrorKind::ProtocolError,
                          "bad HTTP response from " + where() + ": " + progress.error().message));
    }
    if (progress->head_arrived) {
      arm_timer(Phase::Idle, request_.timeouts.idle);
      if (handlers_.on_head) handlers_.on_head(reader_->head());
      if (stopped_after_handler()) return;
    }
    if (!progress->body.empty()) {
      last_body_byte_ = Clock::now();
      if (handlers_.on_body) handlers_.on_body(progress->body);
      if (stopped_after_handler()) return;
    }
    if (progress->done) {
      // Bytes after the response would be the start of something nobody asked for.
      return finish(std::nullopt, reader_->keep_alive() && read_buffer_.size() == 0);
    }
  }
  if (ec) {
    if (is_end_of_stream(ec) && reader_->finish_at_eof()) return finish(std::nullopt);
    if (response_bytes_ == 0 && retry_on_fresh_connection(ec)) return;
    const std::string when =
        response_bytes_ == 0 ? "before answering" : "before the response was complete";
    return finish(error(TransportErrorKind::ConnectionReset,
                        where() + " closed the connection " + when + " (" + describe(ec) + ")"));
  }
  read_more();
}

bool OutgoingCall::retry_on_fresh_connection(const error_code& ec) {
  if (!reused_ || retried_ || response_bytes_ > 0 || !means_connection_was_dead(ec)) return false;
  retried_ = true;
  connection_->close();
  connection_.reset();
  open_connection();
  return true;
}

bool OutgoingCall::stopped_after_handler() {
  if (finished_) return true;
  if (!cancel_requested_.load(std::memory_order_acquire)) return false;
  finish(error(TransportErrorKind::Cancelled, "request to " + where() + " cancelled"));
  return true;
}

void OutgoingCall::finish(std::optional<TransportError> outcome, bool reusable) {
  if (finished_) return;
  finished_ = true;
  ++timer_generation_;
  timer_.cancel();
  resolver_.cancel();
  if (connecting_) {
    error_code ignored;
    connecting_->close(ignored);
  }
  if (connection_) {
    if (reusable && !outcome) {
      // Pooled before on_complete, so a caller that starts its next request from the
      // completion handler finds the connection.
      client_->pool->give_back(origin_, std::move(connection_));
    } else {
      // Kept (closed) until the call goes away: a TLS stream must outlive the operation that
      // the close is now cancelling.
      connection_->close();
    }
  }
  // They hold the caller's API key and the proxy password.
  request_bytes_.clear();
  request_bytes_.shrink_to_fit();
  connect_request_.clear();
  read_buffer_.clear();
  read_buffer_.shrink_to_fit();
  reader_.reset();
  ResponseHandlers handlers = std::exchange(handlers_, ResponseHandlers{});
  if (handlers.on_complete) handlers.on_complete(std::move(outcome));
}

void OutgoingCall::arm_timer(Phase phase, std::chrono::milliseconds limit) {
  phase_ = phase;
  phase_limit_ = limit;
  const std::uint64_t generation = ++timer_generation_;
  if (limit <= std::chrono::milliseconds::zero()) {
    timer_.cancel();
    return;
  }
  last_body_byte_ = Clock::now();
  timer_.expires_after(limit);
  timer_.async_wait(
      asio::bind_executor(strand_, [self = shared_from_this(), generation](const error_code& ec) {
        self->on_timer(ec, generation);
      }));
}

void OutgoingCall::on_timer(const error_code& ec, std::uint64_t generation) {
  if (ec || finished_ || generation != timer_generation_) return;
  if (phase_ == Phase::Idle) {
    // Body bytes push the deadline back without re-arming the timer on every read.
    const auto quiet_for = Clock::now() - last_body_byte_;
    if (quiet_for < phase_limit_) {
      timer_.expires_after(phase_limit_ - quiet_for);
      timer_.async_wait(asio::bind_executor(
          strand_, [self = shared_from_this(), generation](const error_code& wait_ec) {
            self->on_timer(wait_ec, generation);
          }));
      return;
    }
  }
  finish(error(TransportErrorKind::Timeout, timeout_message()));
}

std::string OutgoingCall::timeout_message() const {
  const std::string limit = milliseconds(phase_limit_);
  switch (phase_) {
    case Phase::Connect:
      return "connect timeout (" + limit + ") expired connecting to " + where();
    case Phase::FirstByte:
      return "first-byte timeout (" + limit + ") expired waiting for the response from " + where();
    case Phase::Idle:
      return "idle timeout (" + limit + ") expired: " + where() +
             " sent nothing more of the response";
  }
  return "timeout";
}

}  // namespace openclaw::providers
