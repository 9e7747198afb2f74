// Fuzzes the WebSocket session of the gateway (server/ws/ws_session.cpp) end to end: the
// real session runs on one end of an in-process Unix socket pair (the stream type the admin
// socket uses; no TCP port), with a real GatewayContext, method table and device store on a
// scratch state directory, shared-token auth, and gateway.trustedProxies = 10.0.0.0/8. A
// Beast WebSocket client on the other end sends the fuzzer's frames, so every text frame
// goes through the same code as on the wire: parse_request_frame, parse_connect_params,
// perform_handshake, then (once authenticated) authorize_method and the RPC handlers.
//
// Input: lines separated by '\n'.
//   byte 0   bits 0-1  who the peer is: 0 loopback, 1 a trusted proxy (10.1.2.3),
//                      2 a remote address (203.0.113.7), 3 the admin Unix socket
//            bit 2     the harness first sends a valid `connect` (the shared token, operator
//                      with every operator scope), so the fuzzer spends its time after auth
//   rest of line 0     X-Forwarded-For of the upgrade request (absent when empty)
//   line 1             Origin of the upgrade request (absent when empty)
//   lines 2..          one text frame each (at most 64)
// Invariants beyond "no crash, no hang, no leak":
//  - every frame the server sends is a JSON object of type "event" or "res";
//  - the shared token never appears in anything the server sends;
//  - before hello-ok the server answers at most one request (the `connect`), never with
//    ok:true unless that answer is hello-ok: no method runs before auth;
//  - the socket is closed after a refused `connect`.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/pairing/device_store.h"
#include "core/pairing/gateway_identity.h"
#include "server/gateway_context.h"
#include "server/rpc/method_table.h"
#include "server/ws/peer_info.h"
#include "server/ws/ws_session.h"
#include "fuzz_support.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using local = asio::local::stream_protocol;
using nlohmann::json;
using namespace openclaw;

constexpr std::string_view kToken = "fuzz-shared-token-5f0c2e7a9b1d";
constexpr std::size_t kMaxFrames = 64;

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("ws_handshake_fuzz", what, detail);
}

struct Fixture {
  fuzz::ScratchDir scratch{"openclaw-ws-fuzz"};
  const fs::path& root = scratch.path();
  pairing::GatewayIdentity identity;

  Fixture() {
    fs::create_directories(root / "identity");
    auto created = pairing::load_or_create_identity(state::StateLayout(root / "identity"), 0);
    if (!created) violated("cannot create the gateway identity", created.error().message);
    identity = *created;
  }
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    const std::size_t at = text.find('\n');
    lines.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return lines;
    text.remove_prefix(at + 1);
  }
}

std::string valid_connect() {
  json connect = {{"type", "req"},
                  {"id", "fuzz-connect"},
                  {"method", "connect"},
                  {"params",
                   {{"minProtocol", 3},
                    {"maxProtocol", 4},
                    {"client", {{"id", "cli"}, {"version", "1.0.0"}, {"platform", "linux"}, {"mode", "cli"}}},
                    {"role", "operator"},
                    {"scopes", {"operator.admin", "operator.read", "operator.write", "operator.approvals",
                                "operator.pairing"}},
                    {"auth", {{"token", kToken}}}}}};
  return connect.dump();
}

// The client end: handshake, then the frames in order, then a close; collects what the
// server sends until the socket ends.
class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(local::socket socket, std::vector<std::string> frames, std::string forwarded_for, std::string origin)
      : ws_(std::move(socket)),
        frames_(std::move(frames)),
        forwarded_for_(std::move(forwarded_for)),
        origin_(std::move(origin)) {}

  void start() {
    ws_.set_option(websocket::stream_base::decorator([this](websocket::request_type& request) {
      if (!forwarded_for_.empty()) request.set("X-Forwarded-For", forwarded_for_);
      if (!origin_.empty()) request.set(http::field::origin, origin_);
    }));
    ws_.async_handshake("127.0.0.1:18789", "/", [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->read();
      self->write_next();
    });
  }

  const std::vector<std::string>& received() const { return received_; }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->received_.push_back(beast::buffers_to_string(self->buffer_.data()));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write_next() {
    if (next_ == frames_.size()) {
      ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {});
      return;
    }
    ws_.text(true);
    ws_.async_write(asio::buffer(frames_[next_]), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      ++self->next_;
      self->write_next();
    });
  }

  websocket::stream<local::socket> ws_;
  std::vector<std::string> frames_;
  std::string forwarded_for_;
  std::string origin_;
  std::size_t next_ = 0;
  beast::flat_buffer buffer_;
  std::vector<std::string> received_;
};

void check_received(const std::vector<std::string>& received) {
  bool authenticated = false;
  int answers_before_auth = 0;
  for (const std::string& text : received) {
    if (text.find(kToken) != std::string::npos) violated("the shared token was sent back", text);
    json frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) violated("the server sent a frame that is not a JSON object", text);
    const auto type = frame.value("type", "");
    if (type != "event" && type != "res") violated("unknown frame type from the server", text);
    if (type != "res" || authenticated) continue;
    ++answers_before_auth;
    const bool ok = frame.value("ok", false);
    const bool hello = ok && frame.contains("payload") && frame["payload"].is_object() &&
                       frame["payload"].value("type", "") == "hello-ok";
    if (ok && !hello) violated("a request was answered ok before hello-ok", text);
    if (answers_before_auth > 1) violated("more than one answer before auth", text);
    authenticated = hello;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Fixture& fix = fixture();
  const int peer_kind = data[0] & 3;
  const bool auto_connect = (data[0] & 4) != 0;
  const std::vector<std::string_view> lines =
      split_lines(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));

  std::vector<std::string> frames;
  if (auto_connect) frames.push_back(valid_connect());
  for (std::size_t i = 2; i < lines.size() && frames.size() < kMaxFrames; ++i) frames.emplace_back(lines[i]);

  // A fresh state directory and context for every input, so one input's pairing requests,
  // lockouts or config writes cannot change how the next one behaves.
  const fs::path state_dir = fix.root / "state";
  std::error_code ignored;
  fs::remove_all(state_dir, ignored);
  fs::create_directories(state_dir);

  auto settings = std::make_shared<server::RuntimeSettings>();
  settings->layout = state::StateLayout(state_dir);
  settings->config_path = state_dir / "openclaw.json";
  settings->auth.mode = config::AuthMode::Token;
  settings->auth.token = std::string(kToken);
  settings->trusted_proxies = *net::TrustedProxyList::create({"10.0.0.0/8"});
  settings->limits.handshake_timeout = std::chrono::milliseconds(2000);

  asio::io_context io;
  auto devices = pairing::DeviceStore::open(settings->layout);
  if (!devices) violated("cannot open the device store", devices.error().message);
  {
    server::GatewayContext context(io, settings, log::Logger(), *devices, fix.identity);
    const server::MethodTable methods = server::build_method_table();
    context.set_methods(&methods);

    local::socket server_socket(io);
    local::socket client_socket(io);
    asio::local::connect_pair(server_socket, client_socket);

    auto client = std::make_shared<Client>(std::move(client_socket), std::move(frames),
                                           std::string(lines.size() > 0 ? lines[0] : ""),
                                           std::string(lines.size() > 1 ? lines[1] : ""));
    // The server end reads the upgrade request as the HTTP session does, then hands the
    // stream to the real WebSocket session with the peer described from that request.
    auto server_stream = std::make_shared<beast::basic_stream<local>>(std::move(server_socket));
    auto request = std::make_shared<http::request<http::string_body>>();
    auto buffer = std::make_shared<beast::flat_buffer>();
    server::ProxyHeaderWarnings warnings;
    http::async_read(*server_stream, *buffer, *request,
                     [&, server_stream, request, buffer](beast::error_code ec, std::size_t) {
                       // A request Beast refuses: the session never starts and the socket
                       // closes, as the HTTP session does.
                       if (ec) return server_stream->close();
                       static const asio::ip::address kPeers[] = {
                           asio::ip::make_address("127.0.0.1"), asio::ip::make_address("10.1.2.3"),
                           asio::ip::make_address("203.0.113.7")};
                       server::PeerInfo peer =
                           peer_kind == 3 ? server::describe_admin_socket_peer(*request)
                                          : server::describe_peer(*request, asio::ip::tcp::endpoint(kPeers[peer_kind], 40000),
                                                                  *settings, warnings, context.logger());
                       server::start_websocket_session(std::move(*server_stream), std::move(*request), std::move(peer),
                                                       context);
                     });
    client->start();
    io.run();
    check_received(client->received());
  }
  return 0;
}
