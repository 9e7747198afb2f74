#include "idle_run.h"

#include <cstdio>
#include <iostream>
#include <map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "handshake.h"

namespace openclaw::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

struct IdleState {
  std::size_t next = 0;  // connections not yet started
  std::size_t opened = 0;
  std::size_t failed = 0;
  std::size_t dropped = 0;
  std::size_t frames = 0;
  std::map<std::string, std::size_t> errors;
  std::map<std::string, std::size_t> drop_reasons;
  std::string server_version;
  bool announced = false;
};

// Reads until the connection ends; the server sends a tick every 30 s (spec §1.9).
asio::awaitable<void> hold(std::unique_ptr<WebSocket> socket, IdleState& state) {
  beast::websocket::stream_base::timeout limits{};
  limits.handshake_timeout = std::chrono::seconds(30);
  limits.idle_timeout = beast::websocket::stream_base::none();
  limits.keep_alive_pings = false;
  socket->set_option(limits);
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    buffer.clear();
    co_await socket->async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      ++state.dropped;
      ++state.drop_reasons[ec.message()];
      co_return;
    }
    ++state.frames;
  }
}

void announce_when_done(const Options& options, IdleState& state) {
  if (state.announced || state.opened + state.failed < options.idle_connections) return;
  state.announced = true;
  std::cout << "holding " << state.opened << " connections (" << state.failed << " failed)" << std::endl;
}

asio::awaitable<void> opener(const Options& options, const asio::ip::tcp::endpoint& endpoint, const Target& target,
                             const std::vector<crypto::KeyPair>& keys, IdleState& state) {
  auto executor = co_await asio::this_coro::executor;
  while (state.next < options.idle_connections) {
    const std::size_t index = state.next++;
    const crypto::KeyPair* key = keys.empty() ? nullptr : &keys[index % keys.size()];
    auto connection = co_await open_authenticated(endpoint, target, options.claims, key, options.timeout);
    if (!connection) {
      ++state.failed;
      ++state.errors[connection.error().message];
    } else {
      ++state.opened;
      if (state.server_version.empty()) state.server_version = connection->server_version;
      asio::co_spawn(executor, hold(std::move(connection->socket), state), asio::detached);
    }
    announce_when_done(options, state);
  }
}

nlohmann::json to_json(const std::map<std::string, std::size_t>& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [message, count] : counts) out[message] = count;
  return out;
}

}  // namespace

Result<nlohmann::json> run_idle(const Options& options, const std::vector<crypto::KeyPair>& keys) {
  auto target = parse_ws_url(options.url);
  if (!target) return std::unexpected(target.error());
  auto endpoint = resolve_target(*target);
  if (!endpoint) return std::unexpected(endpoint.error());

  IdleState state;  // declared first: outlives the coroutines the io_context destroys
  asio::io_context io(1);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { io.stop(); });
  for (std::size_t i = 0; i < std::min(options.concurrency, options.idle_connections); ++i) {
    asio::co_spawn(io, opener(options, *endpoint, *target, keys, state), asio::detached);
  }
  io.run();

  return nlohmann::json{{"mode", keys.empty() ? "token" : "device"},
                        {"requested", options.idle_connections},
                        {"opened", state.opened},
                        {"failed", state.failed},
                        {"errors", to_json(state.errors)},
                        {"dropped_while_held", state.dropped},
                        {"drop_reasons", to_json(state.drop_reasons)},
                        {"frames_received", state.frames},
                        {"server_version", state.server_version}};
}

}  // namespace openclaw::bench
