// One soak client: connect, handshake with its device key, a few RPCs at jittered intervals,
// close; again and again until the run's deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "../handshake.h"
#include "soak_options.h"
#include "soak_stats.h"

namespace openclaw::bench::soak {

using Clock = std::chrono::steady_clock;

// Bounds the handshakes in flight on one client thread. Not thread-safe: each client thread
// has its own gate, used only from that thread's io_context.
class HandshakeGate {
 public:
  explicit HandshakeGate(std::size_t limit) : limit_(limit) {}

  // Returns once the caller holds a slot; every acquire is paired with one release.
  boost::asio::awaitable<void> acquire();
  void release();

 private:
  std::size_t limit_;
  std::size_t in_flight_ = 0;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiting_;
};

// What every client of a run shares (read-only once the run starts).
struct SoakSetup {
  boost::asio::ip::tcp::endpoint endpoint;
  Target target;
  const SoakOptions* options;
  Clock::time_point started;
  Clock::time_point deadline;
};

// The error kind recorded for a failure message: digits folded to "N" so that retry times
// and ports do not make every error its own kind.
std::string error_kind(std::string_view message);

// Runs client `index` from `start_at` until the deadline, recording into `stats`;
// `open_clients` counts the authenticated connections held across all threads.
boost::asio::awaitable<void> run_client(const SoakSetup& setup, std::size_t index, const crypto::KeyPair& key,
                                        Clock::time_point start_at, HandshakeGate& gate, SoakStats& stats,
                                        std::atomic<std::size_t>& open_clients);

}  // namespace openclaw::bench::soak
