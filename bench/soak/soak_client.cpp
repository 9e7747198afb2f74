#include "soak_client.h"

#include <cctype>
#include <random>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

namespace openclaw::bench::soak {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using std::chrono::milliseconds;

// Waits until `when` (returns at once when it has passed).
asio::awaitable<void> pause_until(Clock::time_point when) {
  asio::steady_timer timer(co_await asio::this_coro::executor, when);
  beast::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

std::string next_rpc_id() {
  static std::atomic<std::uint64_t> counter{0};
  return "soak-" + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

// One request/response round trip: the latency in ms, or a failure naming the method and
// what went wrong (timeout, socket error, the error code of an ok:false response). Events
// the gateway pushes meanwhile (tick, health) are skipped.
asio::awaitable<Result<double>> call(WebSocket& socket, const std::string& method, milliseconds timeout) {
  const std::string id = next_rpc_id();
  const std::string request =
      nlohmann::json{{"type", "req"}, {"id", id}, {"method", method}, {"params", nlohmann::json::object()}}.dump();
  // The socket has no idle timeout (clients sit idle between requests), so a watchdog bounds
  // the call: when it fires it cancels the socket's pending operations.
  // `state` outlives this frame: an expiry already queued when the call finishes must not
  // touch the socket (which may be gone by then), so it checks `done` first.
  struct WatchdogState {
    bool done = false;
    bool timed_out = false;
  };
  auto state = std::make_shared<WatchdogState>();
  asio::steady_timer watchdog(co_await asio::this_coro::executor, timeout);
  watchdog.async_wait([&socket, state](beast::error_code ec) {
    if (ec || state->done) return;
    state->timed_out = true;
    beast::get_lowest_layer(socket).cancel();
  });
  const auto started = Clock::now();
  beast::error_code ec;
  co_await socket.async_write(asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
  beast::flat_buffer buffer;
  while (!ec) {
    buffer.clear();
    co_await socket.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    auto frame = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
    if (!frame.is_object() || frame.value("type", std::string()) != "res" || frame.value("id", std::string()) != id) {
      continue;
    }
    state->done = true;
    watchdog.cancel();
    if (!frame.value("ok", false)) {
      const auto error = frame.value("error", nlohmann::json::object());
      co_return fail("rpc " + method + ": " + error.value("code", std::string("?")));
    }
    const std::chrono::duration<double, std::milli> latency = Clock::now() - started;
    co_return latency.count();
  }
  state->done = true;
  watchdog.cancel();
  co_return fail("rpc " + method + ": " + (state->timed_out ? std::string("timeout") : ec.message()));
}

}  // namespace

asio::awaitable<void> HandshakeGate::acquire() {
  if (in_flight_ < limit_) {
    ++in_flight_;
    co_return;
  }
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor,
                                                    asio::steady_timer::time_point::max());
  waiting_.push_back(timer);
  beast::error_code ec;
  // release() cancels the wait when it hands this waiter its slot.
  co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

void HandshakeGate::release() {
  if (!waiting_.empty()) {
    // The slot passes straight to the oldest waiter; in_flight_ stays the same.
    waiting_.front()->cancel();
    waiting_.pop_front();
    return;
  }
  --in_flight_;
}

std::string error_kind(std::string_view message) {
  std::string kind;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(message[i])) == 0) {
      kind += message[i];
      continue;
    }
    kind += 'N';
    while (i + 1 < message.size() && std::isdigit(static_cast<unsigned char>(message[i + 1])) != 0) ++i;
  }
  return kind;
}

asio::awaitable<void> run_client(const SoakSetup& setup, std::size_t index, const crypto::KeyPair& key,
                                 Clock::time_point start_at, HandshakeGate& gate, SoakStats& stats,
                                 std::atomic<std::size_t>& open_clients) {
  const SoakOptions& options = *setup.options;
  const milliseconds timeout(options.timeout_ms);
  auto elapsed_s = [&] { return std::chrono::duration<double>(Clock::now() - setup.started).count(); };
  std::minstd_rand random(static_cast<std::minstd_rand::result_type>(index + 1));
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  auto jittered = [&](double mean_ms) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(mean_ms * jitter(random)));
  };

  co_await pause_until(start_at);
  while (Clock::now() < setup.deadline) {
    co_await gate.acquire();
    if (Clock::now() >= setup.deadline) {  // queued at the gate until the run ended
      gate.release();
      break;
    }
    const auto started = Clock::now();
    auto connection = co_await open_authenticated(setup.endpoint, setup.target, options.claims, &key, timeout);
    gate.release();
    if (!connection) {
      stats.error(elapsed_s(), error_kind(connection.error().message));
      // Back off about a second so a refusing gateway sees a trickle, not a storm.
      co_await pause_until(std::min(setup.deadline, Clock::now() + jittered(1000)));
      continue;
    }
    stats.handshake(elapsed_s(), std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    WebSocket& socket = *connection->socket;
    // Between requests the client is idle for seconds: no idle timeout, each call has its own.
    socket.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    open_clients.fetch_add(1, std::memory_order_relaxed);

    bool usable = true;
    for (std::size_t i = 0; i < options.rpcs && usable; ++i) {
      co_await pause_until(std::min(setup.deadline, Clock::now() + jittered(static_cast<double>(options.rpc_interval_ms))));
      if (Clock::now() >= setup.deadline) break;
      auto latency = co_await call(socket, i % 2 == 0 ? "health" : "status", timeout);
      if (latency) {
        stats.rpc(elapsed_s(), *latency);
      } else {
        stats.error(elapsed_s(), error_kind(latency.error().message));
        usable = false;  // a timed-out or failed socket is dropped, not closed politely
      }
    }
    if (usable) co_await close_gracefully(socket, timeout);
    open_clients.fetch_sub(1, std::memory_order_relaxed);
    if (options.once) break;
  }
}

}  // namespace openclaw::bench::soak
