#include "cli/healthcheck_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/gateway_connection.h"
#include "client/gateway_url.h"
#include "core/util/text.h"

namespace openclaw::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr char kUsage[] = "usage: openclaw gateway healthcheck [--url URL] [--timeout MS]";
constexpr std::chrono::milliseconds kDefaultTimeout{3000};
// /healthz answers a few bytes; anything bigger is not our gateway.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

std::string describe(const error_code& ec) {
  std::string text = ec.message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::string host_header(const HealthcheckTarget& target) {
  const bool ipv6 = target.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

// The request and the verdict on the answer, over any connected stream (TCP or TLS).
template <class Stream>
asio::awaitable<Status> exchange(Stream& stream, const HealthcheckTarget& target) {
  error_code ec;
  http::request<http::empty_body> request{http::verb::get, target.path, 11};
  request.set(http::field::host, host_header(target));
  request.set(http::field::user_agent, "openclaw-healthcheck/" OPENCLAW_VERSION);
  request.set(http::field::connection, "close");
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail("sending the request failed: " + describe(ec));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBodyBytes);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail("reading the answer failed: " + describe(ec));
  const auto& response = parser.get();
  if (response.result() != http::status::ok) {
    co_return fail("answered HTTP " + std::to_string(response.result_int()));
  }
  const auto body = nlohmann::json::parse(response.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object() || body.value("ok", false) != true) {
    co_return fail("answered 200 without \"ok\": true");
  }
  co_return Status{};
}

asio::awaitable<Status> probe(asio::io_context& io, const HealthcheckTarget& target, beast::tcp_stream& tcp_stream,
                              std::optional<beast::ssl_stream<beast::tcp_stream&>>& tls_stream,
                              asio::ssl::context& tls_context) {
  error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = co_await resolver.async_resolve(target.host, std::to_string(target.port),
                                                         asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail("cannot resolve " + target.host + ": " + describe(ec));
  co_await tcp_stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(describe(ec));
  if (!target.tls) co_return co_await exchange(tcp_stream, target);
  tls_stream.emplace(tcp_stream, tls_context);
  co_await tls_stream->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail("TLS handshake failed: " + describe(ec));
  co_return co_await exchange(*tls_stream, target);
}

std::optional<std::chrono::milliseconds> parse_timeout(std::string_view text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0 || value > 600'000) return std::nullopt;
  return std::chrono::milliseconds(value);
}

}  // namespace

std::string HealthcheckTarget::display() const {
  return std::string(tls ? "https://" : "http://") + host_header(*this) + path;
}

Result<HealthcheckTarget> parse_healthcheck_url(std::string_view text) {
  text = trim(text);
  const std::string lowered = ascii_lowercase(text.substr(0, std::min<std::size_t>(text.size(), 8)));
  // The gateway URL parser knows hosts, ports and IPv6 brackets; it speaks ws:// and wss://.
  std::string as_ws;
  if (lowered.starts_with("http://")) {
    as_ws = "ws://" + std::string(text.substr(7));
  } else if (lowered.starts_with("https://")) {
    as_ws = "wss://" + std::string(text.substr(8));
  } else if (lowered.starts_with("ws://") || lowered.starts_with("wss://")) {
    as_ws = std::string(text);
  } else {
    return fail("--url must start with http://, https://, ws:// or wss:// (got \"" + std::string(text) + "\")");
  }
  auto url = client::parse_gateway_url(as_ws);
  if (!url) return fail(url.error().message);
  HealthcheckTarget target;
  target.tls = url->secure;
  target.host = url->host;
  target.port = url->port;
  if (url->path != "/") target.path = url->path;
  return target;
}

HealthcheckTarget default_healthcheck_target(const std::vector<std::string>& bind_hosts, std::uint16_t port, bool tls) {
  HealthcheckTarget target;
  target.tls = tls;
  target.port = port;
  target.host = "127.0.0.1";
  bool ipv4 = bind_hosts.empty();
  std::optional<std::string> specific;
  for (const auto& host : bind_hosts) {
    if (host.find(':') == std::string::npos) ipv4 = true;
    const bool wildcard = host == "0.0.0.0" || host == "::";
    if (!wildcard && !client::is_loopback_host(host) && !specific) specific = host;
  }
  if (specific) {
    target.host = *specific;
  } else if (!ipv4) {
    target.host = "::1";
  }
  return target;
}

Status probe_healthz(const HealthcheckTarget& target, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream tcp_stream(io);
  asio::ssl::context tls_context(asio::ssl::context::tls_client);
  tls_context.set_verify_mode(asio::ssl::verify_none);
  std::optional<beast::ssl_stream<beast::tcp_stream&>> tls_stream;
  std::optional<Status> result;
  asio::co_spawn(io, probe(io, target, tcp_stream, tls_stream, tls_context),
                 [&result](std::exception_ptr error, Status status) {
                   result = error ? Status(fail("internal error")) : std::move(status);
                 });
  io.run_for(timeout);
  if (!result) {
    // Closing the socket completes the pending step with an error; the coroutine then ends
    // before its locals (owned here) go away.
    tcp_stream.socket().close();
    io.restart();
    io.run();
    return fail("no answer within " + std::to_string(timeout.count()) + " ms");
  }
  return *result;
}

int run_healthcheck(std::vector<std::string> args, const Environment& env, std::ostream& out, std::ostream& err) {
  std::optional<std::string> url;
  std::chrono::milliseconds timeout = kDefaultTimeout;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string word = args[i];
    std::optional<std::string> value;
    if (const auto equals = word.find('='); word.starts_with("--") && equals != std::string::npos) {
      value = word.substr(equals + 1);
      word = word.substr(0, equals);
    }
    if (word != "--url" && word != "--timeout") {
      err << "openclaw gateway healthcheck: unknown argument " << args[i] << "\n" << kUsage << "\n";
      return 2;
    }
    if (!value) {
      if (i + 1 >= args.size()) {
        err << "openclaw gateway healthcheck: " << word << " needs a value\n" << kUsage << "\n";
        return 2;
      }
      value = args[++i];
    }
    if (word == "--url") {
      url = *value;
    } else if (auto parsed = parse_timeout(*value)) {
      timeout = *parsed;
    } else {
      err << "openclaw gateway healthcheck: --timeout must be a number of milliseconds (1-600000)\n";
      return 2;
    }
  }
  HealthcheckTarget target;
  if (url) {
    auto parsed = parse_healthcheck_url(*url);
    if (!parsed) {
      err << "openclaw gateway healthcheck: " << parsed.error().message << "\n";
      return 2;
    }
    target = *parsed;
  } else {
    auto local = locate_local_gateway(env);
    if (!local) {
      err << "openclaw gateway healthcheck: " << local.error().message << "\n";
      return 1;
    }
    target = default_healthcheck_target(local->bind_hosts, local->port, local->tls);
  }
  if (auto status = probe_healthz(target, timeout); !status) {
    err << "openclaw gateway healthcheck: " << target.display() << ": " << status.error().message << "\n";
    return 1;
  }
  out << "ok: " << target.display() << "\n";
  return 0;
}

int healthcheck_command(const std::vector<std::string>& args) {
  return run_healthcheck(args, Environment::from_process(), std::cout, std::cerr);
}

}  // namespace openclaw::cli
