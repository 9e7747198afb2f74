#include "providers/http/connection_pool.h"

#include <optional>

namespace openclaw::providers {

ConnectionPool::ConnectionPool(boost::asio::io_context& io, std::size_t max_idle_per_origin,
                               std::chrono::seconds idle_lifetime)
    : max_idle_per_origin_(max_idle_per_origin), idle_lifetime_(idle_lifetime), sweep_timer_(io) {}

ConnectionPool::~ConnectionPool() {
  for (auto& [origin, connections] : idle_) {
    for (auto& connection : connections) connection->close();
  }
}

std::unique_ptr<Connection> ConnectionPool::take(const std::string& origin) {
  std::lock_guard lock(mutex_);
  close_expired(Clock::now());
  auto found = idle_.find(origin);
  if (found == idle_.end()) return nullptr;
  auto& connections = found->second;
  std::unique_ptr<Connection> live;
  while (!connections.empty() && !live) {
    std::unique_ptr<Connection> candidate = std::move(connections.back());
    connections.pop_back();
    if (candidate->looks_reusable()) {
      live = std::move(candidate);
    } else {
      candidate->close();
    }
  }
  if (connections.empty()) idle_.erase(found);
  return live;
}

void ConnectionPool::give_back(const std::string& origin, std::unique_ptr<Connection> connection) {
  if (max_idle_per_origin_ == 0 || idle_lifetime_ <= Clock::duration::zero()) {
    connection->close();
    return;
  }
  std::lock_guard lock(mutex_);
  connection->idle_since = Clock::now();
  auto& connections = idle_[origin];
  while (connections.size() >= max_idle_per_origin_) {
    connections.front()->close();
    connections.pop_front();
  }
  connections.push_back(std::move(connection));
  arm_sweep();
}

std::size_t ConnectionPool::idle_count() const {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  std::size_t count = 0;
  for (const auto& [origin, connections] : idle_) {
    for (const auto& connection : connections) {
      if (now - connection->idle_since < idle_lifetime_) ++count;
    }
  }
  return count;
}

void ConnectionPool::close_expired(Clock::time_point now) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& connections = it->second;
    while (!connections.empty() && now - connections.front()->idle_since >= idle_lifetime_) {
      connections.front()->close();
      connections.pop_front();
    }
    it = connections.empty() ? idle_.erase(it) : std::next(it);
  }
}

void ConnectionPool::arm_sweep() {
  if (sweep_armed_ || idle_.empty()) return;
  std::optional<Clock::time_point> oldest;
  for (const auto& [origin, connections] : idle_) {
    if (!connections.empty() && (!oldest || connections.front()->idle_since < *oldest)) {
      oldest = connections.front()->idle_since;
    }
  }
  if (!oldest) return;
  sweep_armed_ = true;
  sweep_timer_.expires_at(*oldest + idle_lifetime_);
  // The pool may go away with its client while the timer is pending; the sweep then finds
  // nothing to lock.
  sweep_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto pool = weak.lock()) pool->on_sweep();
  });
}

void ConnectionPool::on_sweep() {
  std::lock_guard lock(mutex_);
  sweep_armed_ = false;
  close_expired(Clock::now());
  arm_sweep();
}

}  // namespace openclaw::providers
