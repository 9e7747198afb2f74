// Idle keep-alive connections, per origin ("https://host:port"), shared by every call of one
// HttpsClient across the I/O threads. A connection is handed out at most once; it is closed
// when it has been idle for the configured lifetime, when the origin already has the maximum
// number idle, or when it looks dead on the way out.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "providers/http/connection.h"

namespace openclaw::providers {

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  ConnectionPool(boost::asio::io_context& io, std::size_t max_idle_per_origin,
                 std::chrono::seconds idle_lifetime);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // The most recently idled live connection to `origin`, or null. Expired and dead ones met
  // on the way are closed.
  std::unique_ptr<Connection> take(const std::string& origin);

  // Keeps `connection` (which must have no operation pending) for reuse, evicting the
  // origin's oldest idle connection when the origin is full. With max_idle_per_origin 0 the
  // connection is closed.
  void give_back(const std::string& origin, std::unique_ptr<Connection> connection);

  // Idle connections that have not expired.
  std::size_t idle_count() const;

 private:
  using Clock = Connection::Clock;

  // Closes what has been idle for the lifetime; requires mutex_.
  void close_expired(Clock::time_point now);
  // Arms the sweep for the oldest idle connection unless one is armed; requires mutex_.
  void arm_sweep();
  void on_sweep();

  const std::size_t max_idle_per_origin_;
  const Clock::duration idle_lifetime_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> idle_;  // oldest first
  boost::asio::steady_timer sweep_timer_;
  bool sweep_armed_ = false;
};

}  // namespace openclaw::providers
