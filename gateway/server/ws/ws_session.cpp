#include "server/ws/ws_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>

#include "core/protocol/frames.h"
#include "core/protocol/method_policy.h"
#include "core/protocol/protocol_version.h"
#include "server/node_invocations.h"
#include "server/rpc/method_table.h"
#include "server/uuid.h"
#include "server/ws/handshake.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr int kMaxConsecutiveRoleErrors = 10;
constexpr auto kCloseHandshakeTimeout = std::chrono::seconds(5);

protocol::ErrorShape invalid_request(std::string message) {
  return protocol::make_error(protocol::kInvalidRequest, std::move(message));
}

template <class Stream>
class WsSession final : public ClientConnection, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream stream, PeerInfo peer, GatewayContext& context)
      : ws_(std::move(stream)),
        peer_(std::move(peer)),
        context_(context),
        handshake_timer_(ws_.get_executor()),
        limits_(context.settings()->limits) {
    identity_.conn_id = random_uuid();
  }

  ~WsSession() override {
    if (holds_preauth_slot_) context_.connections().release_preauth(peer_.client_key());
  }

  void start(beast::http::request<beast::http::string_body> request) {
    holds_preauth_slot_ = true;
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{kCloseHandshakeTimeout, websocket::stream_base::none(), false};
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(beast::http::field::server, "openclaw-gateway"); }));
    ws_.read_message_max(0);  // sizes are checked here, to close with upstream's codes and reasons
    ws_.async_accept(request, [self = this->shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
  }

  const ConnectionIdentity& identity() const override { return identity_; }

  // dispatch, not post: a handler answering on this strand queues its response before a
  // close it triggers next (the flood guard answers, then closes).
  void send(std::string frame, bool drop_if_slow) override {
    asio::dispatch(ws_.get_executor(), [self = this->shared_from_this(), frame = std::move(frame), drop_if_slow]() mutable {
      self->enqueue(std::move(frame), drop_if_slow);
    });
  }

  void close(std::uint16_t code, std::string reason) override {
    asio::dispatch(ws_.get_executor(), [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
      self->begin_close(code, std::move(reason));
    });
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;  // not a valid upgrade after all; the socket just goes away
    challenge_nonce_ = random_uuid();
    enqueue(protocol::event_frame("connect.challenge", {{"nonce", challenge_nonce_}, {"ts", now_ms()}}), false);
    handshake_timer_.expires_after(limits_.handshake_timeout);
    handshake_timer_.async_wait([weak = this->weak_from_this()](beast::error_code timer_ec) {
      if (timer_ec) return;
      if (auto self = weak.lock(); self && !self->authenticated_) {
        self->context_.metrics().handshake("timeout");
        self->begin_close(websocket::close_code::normal, "");
      }
    });
    read_more();
  }

  void read_more() {
    const std::size_t limit = authenticated_ ? limits_.max_payload : limits_.max_preauth_payload;
    const std::size_t room = limit + 1 > message_.size() ? limit + 1 - message_.size() : 1;
    ws_.async_read_some(message_, std::min(room, kReadChunk),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      // Beast has already closed the socket with the matching code (1007, 1002).
      if (ec == websocket::error::bad_frame_payload) {
        context_.metrics().ws_frame_rejected(GatewayMetrics::kWsInvalidUtf8);
      } else if (ec == websocket::condition::protocol_violation) {
        context_.metrics().ws_frame_rejected(GatewayMetrics::kWsProtocolError);
      }
      return finish();
    }
    const std::size_t limit = authenticated_ ? limits_.max_payload : limits_.max_preauth_payload;
    if (message_.size() > limit) {
      context_.metrics().ws_frame_rejected(GatewayMetrics::kWsPayloadTooLarge);
      if (!authenticated_) context_.metrics().handshake("payload_too_large");
      begin_close(websocket::close_code::too_big, authenticated_ ? "payload too large" : "preauth payload too large");
      return;
    }
    if (!ws_.is_message_done()) return read_more();
    std::string text = beast::buffers_to_string(message_.data());
    message_.consume(message_.size());
    message_.shrink_to_fit();  // idle sockets hold no buffer (spec target: ≤ 10 KiB per idle client)
    if (!closing_) {
      if (authenticated_) handle_request(text);
      else handle_connect(text);
    }
    // While a connect is decided on the state worker, nothing more is read: frames sent
    // before hello-ok wait in the socket, as they would behind a slow handshake.
    if (!connect_in_flight_) read_more();
  }

  // The first frame: must be a valid `connect` (spec §1.2 step 3).
  void handle_connect(const std::string& text) {
    auto frame = protocol::parse_request_frame(text);
    if (!frame) {
      context_.metrics().ws_frame_rejected(GatewayMetrics::kWsInvalidFrame);
      context_.metrics().handshake("invalid_frame");
      return begin_close(websocket::close_code::policy_error, protocol::kInvalidRequestFrame);
    }
    if (frame->method != "connect") {
      const std::string message = protocol::kFirstRequestMustBeConnect;
      return refuse_connect(frame->id, invalid_request(message), websocket::close_code::policy_error, message,
                            "invalid_handshake");
    }
    auto params = protocol::parse_connect_params(frame->params);
    // Upstream checks the protocol range before the role.
    if (!params && params.error().invalid_role &&
        !protocol::negotiate_protocol(params.error().min_protocol, params.error().max_protocol)) {
      return refuse_connect(frame->id,
                            protocol::protocol_mismatch_error(params.error().min_protocol, params.error().max_protocol),
                            websocket::close_code::protocol_error, "protocol mismatch", "protocol_mismatch");
    }
    if (!params) {
      const std::string message = params.error().message;
      return refuse_connect(frame->id, invalid_request(message), websocket::close_code::policy_error, message,
                            params.error().invalid_role ? "invalid_role" : "invalid_params");
    }
    if (!params->device) {
      return finish_connect(frame->id, params->client.id,
                            perform_handshake(context_, peer_, *params, challenge_nonce_, identity_.conn_id));
    }
    // A device connect may write the pairing store: on the state worker, not this I/O thread.
    connect_in_flight_ = true;
    std::string client_id = params->client.id;
    context_.state_worker().run(
        ws_.get_executor(),
        [&context = context_, peer = peer_, params = std::move(*params), nonce = challenge_nonce_,
         conn_id = identity_.conn_id] { return perform_handshake(context, peer, params, nonce, conn_id); },
        [self = this->shared_from_this(), request_id = frame->id, client_id = std::move(client_id)](
            HandshakeResult result) {
          self->connect_in_flight_ = false;
          self->finish_connect(request_id, client_id, std::move(result));
          self->read_more();
        });
  }

  // Answers the connect request with `error`, then closes with `code` and `reason`.
  void refuse_connect(const std::string& request_id, const protocol::ErrorShape& error, std::uint16_t code,
                      const std::string& reason, const std::string& outcome) {
    context_.metrics().handshake(outcome);
    enqueue(protocol::response_error(request_id, error), false);
    begin_close(code, protocol::truncate_close_reason(reason));
  }

  // Sends what the handshake decided. A socket closed meanwhile (the handshake timer fired
  // while the state worker decided) is left alone.
  void finish_connect(const std::string& request_id, const std::string& client_id, HandshakeResult result) {
    if (closing_) return;
    if (!result.accepted) {
      const protocol::ErrorShape error =
          result.error.value_or(protocol::make_error(protocol::kUnavailable, "connect refused"));
      context_.logger().info("connect rejected", {{"connId", identity_.conn_id},
                                                  {"client", peer_.client_key()},
                                                  {"clientId", client_id},
                                                  {"outcome", result.outcome},
                                                  {"error", error.message}});
      return refuse_connect(request_id, error, result.close_code, result.close_reason, result.outcome);
    }
    identity_ = std::move(result.identity);
    authenticated_ = true;
    handshake_timer_.cancel();
    context_.connections().release_preauth(peer_.client_key());
    holds_preauth_slot_ = false;
    // Registered before hello-ok goes out: a client that reacts to hello-ok (a shutdown it
    // triggers, a broadcast) must find this socket in the registry. Frames sent through the
    // registry are dispatched to this strand, so they still follow hello-ok.
    context_.connections().add(this->shared_from_this());
    enqueue(protocol::response_ok(request_id, result.hello_ok), false);
    context_.metrics().handshake("ok");
    context_.metrics().ws_connection_opened(identity_.role);
    context_.logger().info("connected", {{"connId", identity_.conn_id},
                                         {"client", peer_.client_key()},
                                         {"clientId", identity_.client.id},
                                         {"mode", identity_.client.mode},
                                         {"role", identity_.role},
                                         {"auth", identity_.auth_method},
                                         {"protocol", identity_.protocol}});
    if (auto entry = presence_entry(identity_)) {
      context_.presence().upsert(identity_.conn_id, *entry);
      in_presence_ = true;
      context_.broadcast_presence();
    }
  }

  void handle_request(const std::string& text) {
    auto frame = protocol::parse_request_frame(text);
    if (!frame) {
      context_.metrics().ws_frame_rejected(GatewayMetrics::kWsInvalidFrame);
      // Text that is not JSON gets no answer (there is no id to answer), as upstream.
      if (frame.error().kind == protocol::FrameErrorKind::NotJson) return;
      return enqueue(protocol::response_error(frame.error().id, invalid_request(frame.error().message)), false);
    }
    if (frame->method == "connect") {
      return enqueue(protocol::response_error(frame->id, invalid_request(protocol::kConnectOnlyFirst)),
                     false);
    }
    const auto& methods = context_.methods();
    const MethodHandler* handler = methods.find(frame->method);
    RpcReply reply(this->weak_from_this(), frame->id, handler ? frame->method : "unknown", context_);
    if (auto denied = protocol::authorize_method(frame->method, identity_.role, identity_.scopes, identity_.protocol)) {
      const bool role_error = denied->message.rfind("unauthorized role:", 0) == 0;
      consecutive_role_errors_ = role_error ? consecutive_role_errors_ + 1 : 0;
      reply.error(*denied);
      if (consecutive_role_errors_ > kMaxConsecutiveRoleErrors) {
        begin_close(websocket::close_code::policy_error, "repeated unauthorized calls");
      }
      return;
    }
    consecutive_role_errors_ = 0;
    if (!handler) return reply.error(protocol::unknown_method_error(frame->method));
    try {
      (*handler)(context_, RpcCall{this->shared_from_this(), identity_, frame->params}, reply);
    } catch (const std::exception& error) {
      context_.logger().error("rpc handler failed", {{"method", frame->method}, {"error", error.what()}});
      reply.error(protocol::make_error(protocol::kUnavailable, frame->method + " failed"));
    }
  }

  void enqueue(std::string frame, bool drop_if_slow) {
    if (closing_) return;
    if (queued_bytes_ + frame.size() > limits_.max_buffered_bytes) {
      if (drop_if_slow) return;
      queue_.clear();
      queued_bytes_ = 0;
      return begin_close(websocket::close_code::policy_error, "slow consumer");
    }
    queued_bytes_ += frame.size();
    queue_.push_back(std::move(frame));
    if (!writing_) write_next();
  }

  void write_next() {
    if (queue_.empty()) {
      writing_ = false;
      if (close_pending_) send_close();
      return;
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->queued_bytes_ -= self->queue_.front().size();
      self->queue_.pop_front();
      if (ec) {
        self->queue_.clear();
        self->queued_bytes_ = 0;
        self->writing_ = false;
        return;
      }
      self->write_next();
    });
  }

  // Queued frames go out first (the error response before its close), then the close frame.
  void begin_close(std::uint16_t code, std::string reason) {
    if (closing_) return;
    closing_ = true;
    close_code_ = code;
    close_reason_ = std::move(reason);
    handshake_timer_.cancel();
    close_pending_ = true;
    if (!writing_) send_close();
  }

  void send_close() {
    close_pending_ = false;
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_),
                    [self = this->shared_from_this()](beast::error_code) {
                      beast::error_code ignored;
                      beast::get_lowest_layer(self->ws_).socket().close(ignored);
                      self->finish();
                    });
  }

  // The socket is gone: forget the client everywhere it was known.
  void finish() {
    if (finished_) return;
    finished_ = true;
    handshake_timer_.cancel();
    if (!authenticated_) return;
    context_.connections().remove(identity_.conn_id);
    context_.metrics().ws_connection_closed(identity_.role);
    if (identity_.role == "node") context_.node_invocations().node_disconnected(identity_.node_id());
    if (in_presence_) {
      context_.presence().remove(identity_.conn_id);
      context_.broadcast_presence();
    }
    context_.logger().info("disconnected", {{"connId", identity_.conn_id}, {"clientId", identity_.client.id}});
  }

  websocket::stream<Stream> ws_;
  PeerInfo peer_;
  GatewayContext& context_;
  asio::steady_timer handshake_timer_;
  ProtocolLimits limits_;
  ConnectionIdentity identity_;
  std::string challenge_nonce_;
  beast::flat_buffer message_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool authenticated_ = false;
  bool connect_in_flight_ = false;
  bool holds_preauth_slot_ = false;
  bool in_presence_ = false;
  bool closing_ = false;
  bool close_pending_ = false;
  bool finished_ = false;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
  int consecutive_role_errors_ = 0;
};

}  // namespace

template <class Stream>
void start_websocket_session(Stream stream, beast::http::request<beast::http::string_body> request, PeerInfo peer,
                             GatewayContext& context) {
  std::make_shared<WsSession<Stream>>(std::move(stream), std::move(peer), context)->start(std::move(request));
}

template void start_websocket_session<beast::tcp_stream>(beast::tcp_stream,
                                                         beast::http::request<beast::http::string_body>, PeerInfo,
                                                         GatewayContext&);
template void start_websocket_session<beast::ssl_stream<beast::tcp_stream>>(
    beast::ssl_stream<beast::tcp_stream>, beast::http::request<beast::http::string_body>, PeerInfo, GatewayContext&);
// The admin Unix socket.
template void start_websocket_session<beast::basic_stream<asio::local::stream_protocol>>(
    beast::basic_stream<asio::local::stream_protocol>, beast::http::request<beast::http::string_body>, PeerInfo,
    GatewayContext&);

}  // namespace openclaw::server
