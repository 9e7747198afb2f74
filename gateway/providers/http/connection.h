// One TCP connection to an origin (or to the proxy that tunnels to it), plain or with TLS on
// top: what the pool keeps between requests. Reads and writes go to the TLS layer once
// start_tls() has run. Not thread-safe: one call owns it at a time.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

namespace openclaw::providers {

class Connection {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Connection(boost::asio::ip::tcp::socket socket) : plain_(std::move(socket)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Wraps the connected socket in a TLS client stream (the handshake is the caller's). The
  // context is kept alive as long as the stream.
  void start_tls(std::shared_ptr<boost::asio::ssl::context> context);

  bool is_tls() const { return tls_.has_value(); }
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& tls() { return *tls_; }
  boost::asio::ip::tcp::socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }

  // Writes all of `buffers` through TLS when started, else on the socket.
  template <class Buffers, class Handler>
  void async_write(const Buffers& buffers, Handler&& handler) {
    if (tls_) {
      boost::asio::async_write(*tls_, buffers, std::forward<Handler>(handler));
    } else {
      boost::asio::async_write(*plain_, buffers, std::forward<Handler>(handler));
    }
  }

  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_read_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_read_some(buffers, std::forward<Handler>(handler));
    }
  }

  // Closes the socket at once (no TLS close_notify): pending operations complete with
  // operation_aborted and the peer sees the close.
  void close();

  // For a connection coming out of the pool: true when the socket is still open with nothing
  // unread. A peer that closed the idle connection (or sent anything, such as a TLS alert)
  // makes it unusable; a non-blocking MSG_PEEK tells without consuming a byte.
  bool looks_reusable();

  // When the connection went idle (set by the pool).
  Clock::time_point idle_since{};

 private:
  std::optional<boost::asio::ip::tcp::socket> plain_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls_;
};

}  // namespace openclaw::providers
