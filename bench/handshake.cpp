#include "handshake.h"

#include <atomic>
#include <charconv>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

namespace openclaw::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Request ids only need to be unique per connection; a process-wide counter is enough.
std::string next_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  return "bench-" + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

// Reads the next text frame as JSON. Fails on a socket error or a frame that is not JSON.
asio::awaitable<Result<nlohmann::json>> read_frame(WebSocket& socket, beast::flat_buffer& buffer) {
  beast::error_code ec;
  buffer.clear();
  co_await socket.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(ec.message());
  auto frame = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
  if (frame.is_discarded() || !frame.is_object()) co_return fail("frame is not a JSON object");
  co_return frame;
}

std::string describe_rejection(const nlohmann::json& response) {
  const auto error = response.value("error", nlohmann::json::object());
  std::string text = "rejected: " + error.value("code", std::string("?"));
  const auto details = error.value("details", nlohmann::json::object());
  if (details.is_object() && details.contains("code") && details["code"].is_string()) {
    text += "/" + details["code"].get<std::string>();
  }
  return text + " " + error.value("message", std::string());
}

}  // namespace

Result<Target> parse_ws_url(std::string_view url) {
  constexpr std::string_view kScheme = "ws://";
  if (!url.starts_with(kScheme)) return fail("--url must start with ws:// (got " + std::string(url) + ")");
  std::string_view rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  Target target;
  target.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || authority.ends_with(']')) {
    target.host = std::string(authority);
    target.port = "80";
  } else {
    target.host = std::string(authority.substr(0, colon));
    target.port = std::string(authority.substr(colon + 1));
  }
  if (target.host.starts_with('[') && target.host.ends_with(']')) {
    target.host = target.host.substr(1, target.host.size() - 2);
  }
  if (target.host.empty()) return fail("--url has no host: " + std::string(url));
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(target.port.data(), target.port.data() + target.port.size(), port);
  if (ec != std::errc() || end != target.port.data() + target.port.size() || port == 0 || port > 65535) {
    return fail("--url has a bad port: " + target.port);
  }
  return target;
}

Result<tcp::endpoint> resolve_target(const Target& target) {
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::error_code ec;
  auto results = resolver.resolve(target.host, target.port, ec);
  if (ec) return fail("cannot resolve " + target.host + ": " + ec.message());
  if (results.empty()) return fail("cannot resolve " + target.host + ": no address");
  return results.begin()->endpoint();
}

asio::awaitable<Result<Connection>> open_authenticated(const tcp::endpoint& endpoint, const Target& target,
                                                       const ClientClaims& claims, const crypto::KeyPair* device,
                                                       std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  auto socket = std::make_unique<WebSocket>(executor);
  beast::error_code ec;

  beast::get_lowest_layer(*socket).expires_after(timeout);
  co_await beast::get_lowest_layer(*socket).async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail("connect: " + ec.message());
  beast::get_lowest_layer(*socket).socket().set_option(tcp::no_delay(true), ec);

  // From here the websocket stream owns the timeouts: the handshake and any silence longer
  // than `timeout` end the attempt.
  beast::get_lowest_layer(*socket).expires_never();
  websocket::stream_base::timeout limits{};
  limits.handshake_timeout = timeout;
  limits.idle_timeout = timeout;
  limits.keep_alive_pings = false;
  socket->set_option(limits);

  websocket::response_type upgrade_response;
  co_await socket->async_handshake(upgrade_response, target.host + ":" + target.port, target.path,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    if (upgrade_response.result_int() != 0 && upgrade_response.result_int() != 101) {
      co_return fail("upgrade: HTTP " + std::to_string(upgrade_response.result_int()));
    }
    co_return fail("upgrade: " + ec.message());
  }
  socket->text(true);

  beast::flat_buffer buffer;
  auto challenge = co_await read_frame(*socket, buffer);
  if (!challenge) co_return fail("challenge: " + challenge.error().message);
  if (challenge->value("event", std::string()) != "connect.challenge") {
    co_return fail("challenge: first frame is not connect.challenge");
  }
  const auto payload = challenge->value("payload", nlohmann::json::object());
  if (!payload.contains("nonce") || !payload["nonce"].is_string()) co_return fail("challenge: no nonce");
  const std::string nonce = payload["nonce"].get<std::string>();

  const std::string request_id = next_request_id();
  const std::string request = connect_request(claims, request_id, nonce, device, wall_clock_ms()).dump();
  co_await socket->async_write(asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail("send connect: " + ec.message());

  // Events (e.g. health, presence) may arrive before the response; skip them.
  for (;;) {
    auto frame = co_await read_frame(*socket, buffer);
    if (!frame) {
      std::string reason = frame.error().message;
      if (socket->reason().code != websocket::close_code::none) {
        reason += " (close " + std::to_string(socket->reason().code) + " " +
                  std::string(socket->reason().reason.c_str()) + ")";
      }
      co_return fail("hello: " + reason);
    }
    if (frame->value("type", std::string()) != "res" || frame->value("id", std::string()) != request_id) continue;
    if (!frame->value("ok", false)) co_return fail(describe_rejection(*frame));
    const auto hello = frame->value("payload", nlohmann::json::object());
    if (hello.value("type", std::string()) != "hello-ok") co_return fail("hello: response is not hello-ok");
    Connection connection;
    connection.socket = std::move(socket);
    if (hello.contains("server") && hello["server"].is_object()) {
      connection.server_version = hello["server"].value("version", std::string());
    }
    co_return connection;
  }
}

asio::awaitable<void> close_gracefully(WebSocket& socket, std::chrono::milliseconds timeout) {
  websocket::stream_base::timeout limits{};
  limits.handshake_timeout = timeout;  // bounds the closing handshake too
  limits.idle_timeout = timeout;
  limits.keep_alive_pings = false;
  socket.set_option(limits);
  beast::error_code ec;
  co_await socket.async_close(websocket::close_code::normal, asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace openclaw::bench
