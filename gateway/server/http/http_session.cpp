#include "server/http/http_session.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <utility>

#include "core/util/text.h"
#include "server/http/control_ui_route.h"
#include "server/http/http_framing.h"
#include "server/http/http_responder.h"
#include "server/http/http_routes.h"
#include "server/http/openai_common.h"
#include "server/http/route_plan.h"
#include "server/ws/ws_session.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRequestHeaderBytes = 16 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(30);
// A 20 MB body from a slow client still arrives; a client that stops sending does not
// hold the connection for ever.
constexpr auto kBodyTimeout = std::chrono::seconds(120);
// A client that takes no bytes for this long while an answer waits counts as gone.
constexpr auto kWriteTimeout = std::chrono::seconds(60);
// Streamed bytes allowed to pile up behind a slow reader before it counts as gone.
constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;
// Bytes read at once while waiting for the next request on a kept-alive connection.
constexpr std::size_t kReadAheadBytes = 4096;
// Bytes of a next (pipelined) request kept while an answer is still being produced.
constexpr std::size_t kMaxBufferedAhead = 64 * 1024;
// After an answer that leaves a body unread, how long the rest is read and dropped so the
// client sees the answer rather than a reset.
constexpr auto kLingerTimeout = std::chrono::seconds(3);
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(5);

// Ends a connection. `owner` (the session) is kept until a TLS close_notify exchange ends:
// the stream must outlive its asynchronous shutdown.
void shutdown_stream(beast::tcp_stream& stream, const std::shared_ptr<void>& /*owner*/) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void shutdown_stream(beast::ssl_stream<beast::tcp_stream>& stream, std::shared_ptr<void> owner) {
  // A peer that never answers close_notify does not hold the session.
  beast::get_lowest_layer(stream).expires_after(kTlsShutdownTimeout);
  stream.async_shutdown([owner = std::move(owner)](beast::error_code) {});
}

void shutdown_stream(AdminSocketStream& stream, const std::shared_ptr<void>& /*owner*/) {
  beast::error_code ignored;
  stream.socket().shutdown(asio::local::stream_protocol::socket::shutdown_send, ignored);
}

template <class Stream>
constexpr bool kOnAdminSocket = std::is_same_v<Stream, AdminSocketStream>;

bool expects_continue(const HttpRequest& head) {
  const auto it = head.find(http::field::expect);
  return head.version() >= 11 && it != head.end() &&
         ascii_lowercase(std::string_view(it->value().data(), it->value().size())) == "100-continue";
}

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream stream, tcp::endpoint remote, GatewayContext& context, ProxyHeaderWarnings& warnings)
      : stream_(std::move(stream)),
        executor_(stream_.get_executor()),
        idle_timer_(executor_),
        remote_(std::move(remote)),
        context_(context),
        warnings_(warnings) {}

  void start() { read_request(); }

 private:
  // One request being answered by an asynchronous route.
  struct Exchange {
    std::uint64_t id = 0;
    std::string route;
    unsigned version = 11;
    bool keep_alive = true;
    bool streaming = false;
    bool chunked = false;
    bool ended = false;  // respond() or finish() came; the exchange ends once written
    int status = 0;
    std::function<void()> on_gone;
    std::shared_ptr<HttpSession> keep_open;  // the session lives while its exchange is open
  };

  // Holds the session weakly: a route (or an agent run that keeps its callbacks after the
  // end) must not keep a finished connection open. The session holds itself while an
  // exchange is open.
  class Responder final : public HttpResponder {
   public:
    Responder(const std::shared_ptr<HttpSession>& session, std::uint64_t id)
        : session_(session), executor_(session->executor_), id_(id) {}

    void respond(HttpResponse response) override {
      post([response = std::move(response)](HttpSession& s, std::uint64_t id) mutable {
        s.on_respond(id, std::move(response));
      });
    }
    void start_stream(HttpResponse head) override {
      post([head = std::move(head)](HttpSession& s, std::uint64_t id) mutable { s.on_start_stream(id, std::move(head)); });
    }
    void send(std::string data) override {
      post([data = std::move(data)](HttpSession& s, std::uint64_t id) mutable { s.on_send(id, std::move(data)); });
    }
    void finish() override {
      post([](HttpSession& s, std::uint64_t id) { s.on_finish(id); });
    }
    void on_disconnect(std::function<void()> callback) override {
      post([callback = std::move(callback)](HttpSession& s, std::uint64_t id) mutable {
        s.on_set_disconnect(id, std::move(callback));
      });
    }

   private:
    template <class F>
    void post(F f) {
      asio::post(executor_, [weak = session_, id = id_, f = std::move(f)]() mutable {
        if (auto session = weak.lock()) f(*session, id);
      });
    }
    std::weak_ptr<HttpSession> session_;
    asio::any_io_executor executor_;
    std::uint64_t id_;
  };

  // ---------------------------------------------------------------- reading a request

  void read_request() {
    parser_.emplace();
    parser_->header_limit(kMaxRequestHeaderBytes);
    parser_->body_limit(boost::none);  // each route sets its own once the head is in
    // A kept-alive connection may idle between requests; a new connection came to send one.
    if (requests_started_ > 0 && buffer_.size() == 0) return await_next_request();
    read_head();
  }

  // Waits up to the idle timeout for the first byte of the next request; closing an idle
  // keep-alive connection is the normal end, not a rejection.
  void await_next_request() {
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    stream_.async_read_some(buffer_.prepare(kReadAheadBytes),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return shutdown_stream(self->stream_, self);
                              self->buffer_.commit(n);
                              self->read_head();
                            });
  }

  // The whole head must arrive within the header timeout, however slowly its bytes trickle.
  void read_head() {
    ++requests_started_;
    beast::get_lowest_layer(stream_).expires_after(context_.settings()->limits.http_header_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
  }

  void on_head(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      context_.metrics().http_rejected(GatewayMetrics::kHttpHeadTooLarge);
      return write_and_linger(plain_response(11, http::status::request_header_fields_too_large,
                                             "Request Header Fields Too Large\n"));
    }
    // The stream closed the socket when the deadline passed; there is nobody to answer.
    if (ec == beast::error::timeout) context_.metrics().http_rejected(GatewayMetrics::kHttpHeadTimeout);
    if (ec) return shutdown_stream(stream_, this->shared_from_this());
    started_ = Clock::now();
    const auto settings = context_.settings();
    const HttpRequest& head = parser_->get();
    peer_.emplace(kOnAdminSocket<Stream> ? describe_admin_socket_peer(head)
                                         : describe_peer(head, remote_, *settings, warnings_, context_.logger()));
    if (beast::websocket::is_upgrade(head)) return upgrade(parser_->release(), std::move(*peer_), *settings);

    auto plan = plan_openai_route(context_, *peer_, head);
    if (!plan) plan = plan_control_ui_route(context_, *peer_, head);  // probes and 404 come after
    plan_ = plan ? std::move(*plan) : RoutePlan{};
    if (plan_.answer) {
      auto answer = std::move(*plan_.answer);
      plan_.answer.reset();
      return answer_from_head(std::move(answer));
    }
    const auto length = parser_->content_length();
    if (length && *length > plan_.body_limit) return reject_too_large();
    parser_->body_limit(plan_.body_limit);
    if (expects_continue(head)) {
      auto interim = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
      return asio::async_write(stream_, asio::buffer(*interim),
                               [self = this->shared_from_this(), interim](beast::error_code write_ec, std::size_t) {
                                 if (write_ec) return shutdown_stream(self->stream_, self);
                                 self->read_body();
                               });
    }
    read_body();
  }

  void read_body() {
    beast::get_lowest_layer(stream_).expires_after(kBodyTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit) return reject_too_large();
    if (ec == beast::error::timeout) context_.metrics().http_rejected(GatewayMetrics::kHttpBodyTimeout);
    if (ec) return shutdown_stream(stream_, this->shared_from_this());
    HttpRequest request = parser_->release();
    if (plan_.async) return start_exchange(std::move(request));
    if (plan_.sync) {
      auto response = plan_.sync(request, *peer_);
      record(plan_.route, response.result_int());
      return write(std::move(response));
    }
    write(handle_http_request(context_, *peer_, request));
  }

  void upgrade(HttpRequest request, PeerInfo peer, const RuntimeSettings& settings) {
    if (!context_.connections().try_acquire_preauth(peer.client_key(),
                                                    settings.limits.max_preauth_connections_per_ip)) {
      context_.metrics().handshake("too_many_unauthenticated");
      return write(
          plain_response(request.version(), http::status::service_unavailable, "Too many unauthenticated sockets"));
    }
    start_websocket_session(std::move(stream_), std::move(request), std::move(peer), context_);
  }

  // ---------------------------------------------------------------- answers without a body read

  // An answer decided from the head alone: keep the connection when there is no body to
  // skip, else close it after letting the unread body drain.
  void answer_from_head(HttpResponse response) {
    record(plan_.route, response.result_int());
    const auto length = parser_->content_length();
    const bool body_pending = parser_->chunked() || (length && *length > 0);
    if (body_pending) return write_and_linger(std::move(response));
    write(std::move(response));
  }

  void reject_too_large() {
    const unsigned version = parser_->get().version();
    const auto status = http::status::payload_too_large;
    HttpResponse response = plan_.json_errors ? openai_body_error(version, status, context_.settings().get())
                                              : plain_response(version, status, "Payload Too Large\n");
    record(plan_.route.empty() ? "not_found" : plan_.route, response.result_int());
    write_and_linger(std::move(response));
  }

  void write(HttpResponse response) {
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    http::async_write(stream_, *shared, [self = this->shared_from_this(), shared](beast::error_code ec, std::size_t) {
      if (ec || !shared->keep_alive()) return shutdown_stream(self->stream_, self);
      self->read_request();
    });
  }

  // Writes `response` with Connection: close, half-closes, then reads and drops whatever
  // the client still sends (the unread body) until it closes or kLingerTimeout passes, so
  // closing does not reset the connection before the client has read the answer.
  void write_and_linger(HttpResponse response) {
    response.keep_alive(false);
    response.prepare_payload();
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    http::async_write(stream_, *shared, [self = this->shared_from_this(), shared](beast::error_code ec, std::size_t) {
      auto& lowest = beast::get_lowest_layer(self->stream_);
      if (ec) return lowest.close();
      beast::error_code ignored;
      lowest.socket().shutdown(std::remove_reference_t<decltype(lowest.socket())>::shutdown_send, ignored);
      lowest.expires_after(kLingerTimeout);
      self->drain();
    });
  }

  void drain() {
    auto& lowest = beast::get_lowest_layer(stream_);
    lowest.async_read_some(asio::buffer(drain_buffer_),
                           [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return beast::get_lowest_layer(self->stream_).close();
                             self->drain();
                           });
  }

  // ---------------------------------------------------------------- asynchronous answers

  void start_exchange(HttpRequest request) {
    exchange_.emplace();
    exchange_->id = ++exchange_count_;
    exchange_->route = plan_.route;
    exchange_->version = request.version();
    exchange_->keep_alive = request.keep_alive();
    exchange_->keep_open = this->shared_from_this();
    // The socket is read while the route works, to notice a client that leaves.
    beast::get_lowest_layer(stream_).expires_never();
    watch();
    auto responder = std::make_shared<Responder>(exchange_->keep_open, exchange_->id);
    plan_.async(std::move(request), *peer_, std::move(responder));
  }

  bool current(std::uint64_t id) const { return exchange_ && exchange_->id == id; }

  void on_set_disconnect(std::uint64_t id, std::function<void()> callback) {
    if (!current(id)) {
      // The exchange already ended; when the client left before that, say so now.
      if (id == gone_exchange_ && callback) callback();
      return;
    }
    exchange_->on_gone = std::move(callback);
  }

  void on_respond(std::uint64_t id, HttpResponse response) {
    if (!current(id) || exchange_->ended || exchange_->streaming) return;
    exchange_->ended = true;
    exchange_->status = static_cast<int>(response.result_int());
    response.version(exchange_->version);
    response.keep_alive(exchange_->keep_alive);
    response.prepare_payload();
    enqueue(serialize_response(response));
  }

  void on_start_stream(std::uint64_t id, HttpResponse head) {
    if (!current(id) || exchange_->ended || exchange_->streaming) return;
    exchange_->streaming = true;
    exchange_->status = static_cast<int>(head.result_int());
    head.version(exchange_->version);
    head.body().clear();
    // HTTP/1.0 has no chunks: the body runs to the close.
    exchange_->chunked = exchange_->version >= 11;
    if (!exchange_->chunked) exchange_->keep_alive = false;
    head.keep_alive(exchange_->keep_alive);
    head.chunked(exchange_->chunked);
    head.set(http::field::connection, exchange_->keep_alive ? "keep-alive" : "close");
    enqueue(serialize_head(head));
  }

  void on_send(std::uint64_t id, std::string data) {
    if (!current(id) || exchange_->ended || !exchange_->streaming || data.empty()) return;
    enqueue(exchange_->chunked ? http_chunk(data) : std::move(data));
    if (queued_bytes_ > kMaxQueuedBytes) {
      context_.logger()
          .with_subsystem("gateway/http")
          .warn("http client too slow; closing the stream", {{"route", exchange_->route}});
      client_gone();
    }
  }

  void on_finish(std::uint64_t id) {
    if (!current(id) || exchange_->ended || !exchange_->streaming) return;
    exchange_->ended = true;
    if (exchange_->chunked) enqueue(std::string(kLastChunk));
    pump();
  }

  void enqueue(std::string bytes) {
    queued_bytes_ += bytes.size();
    queue_.push_back(std::move(bytes));
    pump();
  }

  // Writes everything queued as one buffer, one write at a time.
  void pump() {
    if (writing_) return;
    if (queue_.empty()) {
      if (exchange_ && exchange_->ended) end_exchange();
      return;
    }
    writing_ = true;
    in_flight_.clear();
    for (auto& piece : queue_) in_flight_ += piece;
    queue_.clear();
    queued_bytes_ = 0;
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    asio::async_write(stream_, asio::buffer(in_flight_),
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_written(ec); });
  }

  void on_written(beast::error_code ec) {
    writing_ = false;
    if (ec) {
      client_gone();
      return;
    }
    pump();
  }

  void end_exchange() {
    record(exchange_->route, exchange_->status);
    const bool keep_alive = exchange_->keep_alive;
    const auto self = std::move(exchange_->keep_open);  // released when this returns, not mid-way
    exchange_.reset();
    if (!watching_) return keep_alive ? read_request() : shutdown_stream(stream_, this->shared_from_this());
    // The disconnect watch is still reading: its bytes (the next request) or its EOF decide
    // what comes next; a client that sends neither is dropped after the idle timeout.
    if (keep_alive) {
      resume_after_watch_ = true;
    } else {
      beast::error_code ignored;
      auto& socket = beast::get_lowest_layer(stream_).socket();
      socket.shutdown(std::remove_reference_t<decltype(socket)>::shutdown_send, ignored);
    }
    idle_timer_.expires_after(kIdleTimeout);
    idle_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (!ec && self->watching_) beast::get_lowest_layer(self->stream_).close();
    });
  }

  // Reads while a route works: EOF or an error means the client left; bytes are the start
  // of its next request and stay in buffer_ for the parser.
  void watch() {
    if (watching_ || buffer_.size() >= kMaxBufferedAhead) return;
    // On a keep-alive connection, stop once bytes of the next request are in buffer_ (a
    // pipelining client, or one that already read the answer while our write completion
    // is still queued): end_exchange then parses them at once. A watch still reading
    // would wait for bytes the client never sends when all of that request is already
    // here, and the connection would hang until the idle timeout. From then on a client
    // that leaves is noticed when the answer is written or the next request is read.
    if (buffer_.size() > 0 && exchange_ && exchange_->keep_alive) return;
    watching_ = true;
    stream_.async_read_some(
        buffer_.prepare(4096),
        [self = this->shared_from_this()](beast::error_code ec, std::size_t n) { self->on_watched(ec, n); });
  }

  void on_watched(beast::error_code ec, std::size_t n) {
    watching_ = false;
    const bool resume = std::exchange(resume_after_watch_, false);
    idle_timer_.cancel();
    if (ec) {
      if (exchange_ && !exchange_->ended) return client_gone();
      // The answer is complete (or still being written): no next request will come.
      if (exchange_) {
        exchange_->keep_alive = false;
        return;
      }
      return beast::get_lowest_layer(stream_).close();
    }
    buffer_.commit(n);
    if (resume) return read_request();
    if (exchange_) return watch();
    // Closing after the last answer: drop whatever else arrives until the client closes.
    beast::get_lowest_layer(stream_).expires_after(kLingerTimeout);
    drain();
  }

  // The client left (or stopped reading) before the answer ended: tell the route (it
  // cancels its upstream work), count the request, and drop the connection.
  void client_gone() {
    if (!exchange_) return;
    gone_exchange_ = exchange_->id;
    auto callback = std::move(exchange_->on_gone);
    const auto self = std::move(exchange_->keep_open);  // released when this returns, not mid-way
    record(exchange_->route, kClientClosedStatus);
    exchange_.reset();
    queue_.clear();
    queued_bytes_ = 0;
    beast::get_lowest_layer(stream_).close();
    if (callback) callback();
  }

  void record(const std::string& route, int status) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    context_.metrics().http_request(route, status, seconds);
  }

  // nginx's code for "client closed the request", as the metrics status of abandoned answers.
  static constexpr int kClientClosedStatus = 499;

  Stream stream_;
  asio::any_io_executor executor_;
  asio::steady_timer idle_timer_;
  tcp::endpoint remote_;
  GatewayContext& context_;
  ProxyHeaderWarnings& warnings_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<PeerInfo> peer_;  // of the request being answered
  RoutePlan plan_;
  Clock::time_point started_ = Clock::now();

  std::optional<Exchange> exchange_;
  std::uint64_t exchange_count_ = 0;
  std::uint64_t requests_started_ = 0;
  std::uint64_t gone_exchange_ = 0;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  std::string in_flight_;
  bool writing_ = false;
  bool watching_ = false;
  bool resume_after_watch_ = false;
  std::array<char, 4096> drain_buffer_{};
};

}  // namespace

template <class Stream>
void start_http_session(Stream stream, tcp::endpoint remote, GatewayContext& context, ProxyHeaderWarnings& warnings) {
  std::make_shared<HttpSession<Stream>>(std::move(stream), std::move(remote), context, warnings)->start();
}

void start_admin_socket_http_session(AdminSocketStream stream, GatewayContext& context) {
  // Admin-socket peers are never described from proxy headers, so nothing is ever warned.
  static ProxyHeaderWarnings unused_warnings;
  std::make_shared<HttpSession<AdminSocketStream>>(std::move(stream), tcp::endpoint{}, context, unused_warnings)
      ->start();
}

template void start_http_session<beast::tcp_stream>(beast::tcp_stream, tcp::endpoint, GatewayContext&,
                                                    ProxyHeaderWarnings&);
template void start_http_session<beast::ssl_stream<beast::tcp_stream>>(beast::ssl_stream<beast::tcp_stream>,
                                                                       tcp::endpoint, GatewayContext&,
                                                                       ProxyHeaderWarnings&);

}  // namespace openclaw::server
