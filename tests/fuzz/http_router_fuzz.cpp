// Fuzzes the gateway's HTTP surface on the WebSocket port from raw request bytes, through
// the functions the HTTP session (server/http/http_session.cpp) calls once Beast has parsed
// a request: describe_peer (proxy headers, trusted proxies), plan_openai_route (method,
// bearer auth, body limits of /v1/models, /v1/embeddings, /v1/responses,
// /v1/chat/completions), the route itself, or handle_http_request (health/ready/startup
// probes, 404). The gateway context is real (config loaded by the config loader: both
// OpenAI endpoints on, two agents, one provider) but has no agent runtime or model router,
// so runs answer 503 after every request check ran, and nothing leaves the process.
//
// Input: byte 0  bits 0-1: the socket peer: 0 loopback, 1 a trusted proxy (10.1.2.3),
//                2 or 3 a remote address (203.0.113.7); bit 2: auth mode none (else token)
//        the rest  bytes as a client sends them; up to two pipelined requests are answered
// Invariants beyond "no crash, no hang, no leak":
//  - every answer has a status 200-599 and the default headers (nosniff, server name),
//    serializes, and declares the length of its body; a JSON answer's body is JSON;
//  - an OpenAI route never answers 2xx in token mode without the right bearer token;
//  - asynchronous routes answer exactly once, before the route returns (no runtime here);
//  - the gateway token never appears in an answer.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/config/loader.h"
#include "core/pairing/device_store.h"
#include "server/gateway_context.h"
#include "server/http/http_framing.h"
#include "server/http/http_responder.h"
#include "server/http/http_routes.h"
#include "server/http/route_plan.h"
#include "server/ws/peer_info.h"
#include "fuzz_support.h"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace fs = std::filesystem;
using namespace openclaw;
using namespace openclaw::server;

constexpr std::string_view kToken = "fuzz-http-token-8d41c7e2a3b9";
// As the session: larger heads are refused before routing.
constexpr std::uint32_t kMaxRequestHeaderBytes = 16 * 1024;

constexpr std::string_view kConfig = R"({
  gateway: { http: { endpoints: { chatCompletions: { enabled: true },
                                  responses: { enabled: true, maxBodyBytes: 65536 } } } },
  models: { providers: { fake: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions",
                                 models: [{ id: "small", name: "Small" }, { id: "embed-1", name: "E" }] } } },
  agents: { defaults: { model: "fake/small", memorySearch: { provider: "fake", model: "embed-1" } },
            list: [{ id: "main", default: true }, { id: "ops" }] },
})";

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("http_router_fuzz", what, detail);
}

struct Fixture {
  fuzz::ScratchDir scratch{"openclaw-http-fuzz"};
  const fs::path& root = scratch.path();
  config::Config config;
  Fixture() {
    auto loaded = config::load_config_text(std::string(kConfig), root / "openclaw.json", Environment());
    if (!loaded) violated("the fixture config is refused", loaded.error().message);
    config = loaded->config;
  }
};

// Records what an asynchronous route answered.
class RecordingResponder : public HttpResponder {
 public:
  void respond(HttpResponse response) override {
    ++answers;
    last = std::move(response);
  }
  void start_stream(HttpResponse head) override {
    ++answers;
    last = std::move(head);
    streaming = true;
  }
  void send(std::string data) override { streamed += data; }
  void finish() override { finished = true; }
  void on_disconnect(std::function<void()>) override {}

  int answers = 0;
  bool streaming = false;
  bool finished = false;
  std::string streamed;
  HttpResponse last;
};

std::string_view field_value(const HttpResponse& response, std::string_view name) {
  auto value = response[boost::beast::string_view(name.data(), name.size())];
  return std::string_view(value.data(), value.size());
}

void check_response(HttpResponse response, const HttpRequest& request, bool openai_route, bool token_mode) {
  const unsigned status = response.result_int();
  if (status < 200 || status > 599) violated("status out of range", std::to_string(status));
  if (field_value(response, "Server") != "openclaw-gateway" || field_value(response, "X-Content-Type-Options") != "nosniff") {
    violated("an answer without the default headers", std::to_string(status));
  }
  if (openai_route && token_mode && status < 300) {
    auto bearer = bearer_token(request);
    if (!bearer || *bearer != kToken) violated("an OpenAI route answered 2xx without the token", std::to_string(status));
  }
  const std::string& body = response.body();
  if (body.find(kToken) != std::string::npos) violated("the token appears in an answer body", body);
  for (const auto& field : response.base()) {
    if (std::string_view(field.value()).find(kToken) != std::string_view::npos) {
      violated("the token appears in an answer header", std::string(field.name_string()));
    }
  }
  const bool head = request.method() == http::verb::head;
  if (!head && field_value(response, "Content-Type").starts_with("application/json") &&
      nlohmann::json::parse(body, nullptr, false).is_discarded()) {
    violated("a JSON answer whose body is not JSON", body);
  }
  if (!head && response.has_content_length() && field_value(response, "Content-Length") != std::to_string(body.size())) {
    violated("Content-Length does not match the body", std::string(field_value(response, "Content-Length")));
  }
  const std::string wire = serialize_response(response);
  if (wire.find("\r\n\r\n") == std::string::npos) violated("serialized answer without a head", wire);
}

// Parses one request from `input` as the session would (head, plan, body within the plan's
// limit) and answers it. Returns the bytes it consumed, or 0 when it cannot go on.
std::size_t answer_one(GatewayContext& context, const RuntimeSettings& settings, std::string_view input,
                       const asio::ip::tcp::endpoint& remote, ProxyHeaderWarnings& warnings, bool token_mode) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(kMaxRequestHeaderBytes);
  parser.body_limit(boost::none);
  parser.eager(false);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_header_done()) {
    const std::size_t n = parser.put(asio::buffer(input.data() + used, input.size() - used), ec);
    used += n;
    if (ec || n == 0) return 0;  // incomplete or refused head: the session answers 413 or closes
  }
  const HttpRequest& head = parser.get();
  PeerInfo peer = describe_peer(head, remote, settings, warnings, context.logger());
  if (boost::beast::websocket::is_upgrade(head)) return 0;  // ws_handshake_fuzz covers upgrades

  auto plan = plan_openai_route(context, peer, head);
  const bool openai_route = plan.has_value();
  RoutePlan route = plan ? std::move(*plan) : RoutePlan{};
  if (route.answer) {
    check_response(std::move(*route.answer), head, openai_route, token_mode);
    return 0;  // the session closes after an answer from the head when a body is pending
  }
  const auto length = parser.content_length();
  if (length && *length > route.body_limit) return 0;  // 413 from the session
  parser.body_limit(route.body_limit);
  parser.eager(true);
  while (!parser.is_done()) {
    const std::size_t n = parser.put(asio::buffer(input.data() + used, input.size() - used), ec);
    used += n;
    if (ec == http::error::need_more && !parser.is_done()) {
      // The connection ended here: a body delimited by the end of the stream is complete.
      parser.put_eof(ec);
      if (ec) return 0;
      break;
    }
    if (ec) return 0;
    if (n == 0) return 0;
  }
  HttpRequest request = parser.release();
  if (route.async) {
    auto responder = std::make_shared<RecordingResponder>();
    route.async(request, peer, responder);
    if (responder->answers != 1) {
      violated("an asynchronous route did not answer exactly once", std::to_string(responder->answers));
    }
    check_response(std::move(responder->last), request, openai_route, token_mode);
  } else if (route.sync) {
    check_response(route.sync(request, peer), request, openai_route, token_mode);
  } else {
    check_response(handle_http_request(context, peer, request), request, false, token_mode);
  }
  return request.keep_alive() ? used : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  if (size == 0) return 0;
  const int peer_kind = std::min(data[0] & 3, 2);
  const bool token_mode = (data[0] & 4) == 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto settings = std::make_shared<RuntimeSettings>();
  settings->layout = state::StateLayout(fixture.root / "state");
  settings->config = fixture.config;
  settings->auth.mode = token_mode ? config::AuthMode::Token : config::AuthMode::None;
  if (token_mode) settings->auth.token = std::string(kToken);
  settings->trusted_proxies = *net::TrustedProxyList::create({"10.0.0.0/8"});
  static const auto devices = pairing::DeviceStore::open(state::StateLayout(fixture.root / "state")).value();

  asio::io_context io;
  GatewayContext context(io, settings, log::Logger(), devices, pairing::GatewayIdentity{});
  ProxyHeaderWarnings warnings;
  static const asio::ip::address kPeers[] = {asio::ip::make_address("127.0.0.1"), asio::ip::make_address("10.1.2.3"),
                                             asio::ip::make_address("203.0.113.7")};
  const asio::ip::tcp::endpoint remote(kPeers[peer_kind], 40000);
  for (int request = 0; request < 2 && !input.empty(); ++request) {
    const std::size_t used = answer_one(context, *settings, input, remote, warnings, token_mode);
    if (used == 0) break;
    input.remove_prefix(used);
  }
  return 0;
}
