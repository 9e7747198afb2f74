// One request's life on the wire: take a pooled connection or open one (resolve, connect,
// CONNECT through the proxy, TLS handshake), write the request, stream the response to the
// handlers, then pool or close the connection. Every step runs on the call's own strand, so
// the gateway's I/O threads never touch one call at once; cancel() and the three timeouts
// close the socket, which ends whatever step is pending.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/http/connection.h"
#include "providers/http/connection_pool.h"
#include "providers/http/https_client.h"
#include "providers/http/outgoing_url.h"
#include "providers/http/proxy_settings.h"
#include "providers/http/response_reader.h"

namespace openclaw::providers {

// What every call of one client shares. Calls hold it by shared_ptr, so a call still in
// flight when its client is destroyed finishes normally.
struct ClientShared {
  boost::asio::io_context& io;
  std::shared_ptr<boost::asio::ssl::context> tls;
  std::shared_ptr<ConnectionPool> pool;
  std::optional<ProxyEndpoint> proxy;
  std::vector<std::string> hosts_without_proxy;
};

class OutgoingCall final : public HttpCall, public std::enable_shared_from_this<OutgoingCall> {
 public:
  OutgoingCall(std::shared_ptr<const ClientShared> client, OutgoingRequest request,
               ResponseHandlers handlers);

  // Starts the call on its strand; nothing runs on the caller's thread.
  void begin();
  void cancel() override;

 private:
  using error_code = boost::system::error_code;
  using Clock = std::chrono::steady_clock;
  enum class Phase { Connect, FirstByte, Idle };

  void run();
  void open_connection();
  void on_resolved(const error_code& ec,
                   const boost::asio::ip::tcp::resolver::results_type& results);
  void connect_to(std::vector<boost::asio::ip::tcp::endpoint> endpoints);
  void on_connected(const error_code& ec);
  void send_connect();
  void on_connect_written(const error_code& ec);
  void on_connect_reply(const error_code& ec, std::size_t head_size);
  void start_handshake();
  void on_handshake(const error_code& ec);
  void send_request();
  void on_request_written(const error_code& ec);
  void read_more();
  void on_read(const error_code& ec, std::size_t size);

  // Opens a fresh connection instead of a pooled one that died before answering; once.
  bool retry_on_fresh_connection(const error_code& ec);
  // Runs a handler; true when the call has finished (the handler cancelled it).
  bool stopped_after_handler();
  void finish(std::optional<TransportError> error, bool reusable = false);
  TransportError error(TransportErrorKind kind, std::string message) const;

  void arm_timer(Phase phase, std::chrono::milliseconds limit);
  void on_timer(const error_code& ec, std::uint64_t generation);
  std::string timeout_message() const;

  // "host:port", and " through proxy host:port" when tunnelled: for every message.
  std::string where() const;

  const std::shared_ptr<const ClientShared> client_;
  OutgoingRequest request_;
  ResponseHandlers handlers_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  boost::asio::ip::tcp::resolver resolver_;
  std::atomic<bool> cancel_requested_{false};

  // Set by run().
  OutgoingUrl url_;
  bool via_proxy_ = false;
  std::string origin_;
  std::string request_bytes_;

  std::vector<boost::asio::ip::tcp::endpoint> connect_endpoints_;
  std::optional<boost::asio::ip::tcp::socket> connecting_;
  std::unique_ptr<Connection> connection_;
  bool reused_ = false;
  bool retried_ = false;
  std::string connect_request_;
  std::string connect_reply_;
  std::optional<ResponseReader> reader_;
  boost::beast::flat_buffer read_buffer_;
  std::size_t response_bytes_ = 0;

  Phase phase_ = Phase::Connect;
  std::chrono::milliseconds phase_limit_{0};
  std::uint64_t timer_generation_ = 0;
  Clock::time_point last_body_byte_{};
  bool finished_ = false;
};

}  // namespace openclaw::providers
