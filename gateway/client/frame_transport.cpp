#include "client/frame_transport.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstdlib>
#include <deque>
#include <functional>
#include <type_traits>

#include "client/gateway_url.h"
#include "client/tls_fingerprint.h"
#include "core/crypto/certificate_fingerprint.h"
#include "core/net/ip_address.h"
#include "core/util/text.h"

namespace openclaw::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using unix_socket = asio::local::stream_protocol::socket;
using tls_socket = ssl::stream<tcp::socket>;
using Clock = FrameTransport::Clock;
using error_code = boost::system::error_code;

// Above the gateway's 25 MiB payload policy (spec §1.8), so any frame it may send fits.
constexpr std::size_t kMaxFrameBytes = 64 * 1024 * 1024;
// Where handlers of a cancelled step must have run by; cancellation completes at once, this
// only bounds a bug.
constexpr std::chrono::seconds kDrainLimit{5};
constexpr char kDebianCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";

// "Connection refused" -> "connection refused"; acronyms ("SSL ...") stay as they are.
std::string describe(const error_code& ec) {
  std::string text = ec.message();
  if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z')) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

ClientError make_error(ClientError::Kind kind, std::string message) {
  ClientError error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

ClientError unreachable(const std::string& where, const std::string& why) {
  return make_error(ClientError::Kind::Unreachable, "gateway not reachable at " + where + " (" + why + ")");
}

ClientError timed_out() { return make_error(ClientError::Kind::Timeout, ""); }

// Runs `io` until `done()` or `deadline`. False on the deadline, or when nothing is left
// that could make `done()` true.
bool run_until(asio::io_context& io, Clock::time_point deadline, const std::function<bool()>& done) {
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    if (io.run_one_until(deadline) == 0 && io.stopped() && !done()) return false;
  }
  return true;
}

// Starts one asynchronous step and waits for it. On the deadline `abort` cancels it (by
// closing the socket) and the handler is still awaited, so it never outlives the caller's
// locals. nullopt = timed out.
template <class Start>
std::optional<error_code> run_step(asio::io_context& io, Clock::time_point deadline, const std::function<void()>& abort,
                                   Start&& start) {
  bool finished = false;
  error_code result;
  start([&finished, &result](error_code ec, auto&&...) {
    finished = true;
    result = ec;
  });
  if (run_until(io, deadline, [&] { return finished; })) return result;
  abort();
  run_until(io, Clock::now() + kDrainLimit, [&] { return finished; });
  return std::nullopt;
}

bool is_ip_literal(const std::string& host) { return net::IpAddress::parse(host).has_value(); }

std::string verify_failure(SSL* ssl) {
  const long result = SSL_get_verify_result(ssl);
  return result == X509_V_OK ? "" : X509_verify_cert_error_string(result);
}

std::optional<std::string> peer_fingerprint(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return std::nullopt;
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert, &der);
  X509_free(cert);
  if (length <= 0) return std::nullopt;
  std::string bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return crypto::certificate_fingerprint_from_der(bytes);
}

// A TLS client context: pinned (no chain check; the fingerprint is compared after the
// handshake) or verifying against `ca_file`, else $SSL_CERT_FILE, else the Debian bundle —
// by explicit path, as runtime-check does, since a static binary's built-in OpenSSL
// directory may not exist.
ClientResult<std::shared_ptr<ssl::context>> make_tls_context(const ConnectOptions& options) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  if (options.tls_fingerprint) {
    context->set_verify_mode(ssl::verify_none);
    return context;
  }
  std::string bundle = kDebianCaBundle;
  if (options.ca_file) {
    bundle = options.ca_file->string();
  } else if (const char* from_env = std::getenv("SSL_CERT_FILE"); from_env && *from_env) {
    bundle = from_env;
  }
  error_code ec;
  context->load_verify_file(bundle, ec);
  if (ec) {
    return std::unexpected(make_error(ClientError::Kind::Unreachable,
                                      "cannot load the CA bundle " + bundle + " to verify the gateway (" + describe(ec) +
                                          "; pass the gateway's CA or pin its certificate fingerprint)"));
  }
  context->set_verify_mode(ssl::verify_peer);
  return context;
}

template <class Stream>
websocket::stream<Stream> make_stream(asio::io_context& io, ssl::context* tls) {
  if constexpr (std::is_same_v<Stream, tls_socket>) {
    return websocket::stream<Stream>(io, *tls);
  } else {
    return websocket::stream<Stream>(io);
  }
}

template <class Stream>
class WebSocketTransport final : public FrameTransport {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, tls_socket>;

  WebSocketTransport(std::shared_ptr<ssl::context> tls, std::string display)
      : tls_(std::move(tls)), ws_(make_stream<Stream>(io_, tls_.get())), display_(std::move(display)) {}

  ~WebSocketTransport() override { drop(); }

  // ws:// and wss://: resolve, connect, TLS when Stream is TLS, upgrade.
  ClientResult<void> open_network(const GatewayUrl& url, const std::optional<std::string>& pinned,
                                  Clock::time_point deadline) {
    auto& socket = beast::get_lowest_layer(ws_);
    tcp::resolver resolver(io_);
    tcp::resolver::results_type endpoints;
    auto resolved = run_step(io_, deadline, [&] { resolver.cancel(); }, [&](auto handler) {
      resolver.async_resolve(url.host, std::to_string(url.port),
                             [&endpoints, handler](error_code ec, tcp::resolver::results_type results) mutable {
                               endpoints = std::move(results);
                               handler(ec);
                             });
    });
    if (!resolved) return std::unexpected(timed_out());
    if (*resolved) return std::unexpected(unreachable(display_, "cannot resolve " + url.host + ": " + describe(*resolved)));

    auto connected = run_step(io_, deadline, [&] { close_socket(); }, [&](auto handler) {
      asio::async_connect(socket, endpoints, handler);
    });
    if (!connected) return std::unexpected(timed_out());
    if (*connected) return std::unexpected(unreachable(display_, describe(*connected)));
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);

    if constexpr (kTls) {
      auto& tls = ws_.next_layer();
      // SNI carries names only (RFC 6066); the host-name check covers IP literals too.
      if (!is_ip_literal(url.host)) {
        // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
        SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(url.host.c_str()));
      }
      if (!pinned) tls.set_verify_callback(ssl::host_name_verification(url.host));
      auto shaken = run_step(io_, deadline, [&] { close_socket(); }, [&](auto handler) {
        tls.async_handshake(ssl::stream_base::client, handler);
      });
      if (!shaken) return std::unexpected(timed_out());
      if (*shaken) {
        const std::string verify = verify_failure(tls.native_handle());
        return std::unexpected(
            unreachable(display_, "TLS handshake failed: " + (verify.empty() ? describe(*shaken) : "certificate " + verify)));
      }
      if (pinned) {
        const auto seen = peer_fingerprint(tls.native_handle());
        if (!seen || *seen != *pinned) {
          return std::unexpected(unreachable(display_, "TLS certificate fingerprint mismatch: expected sha256 " + *pinned +
                                                           ", got " + (seen ? "sha256 " + *seen : "no certificate")));
        }
      }
    }
    return upgrade(url.host_header(), url.path, deadline);
  }

  // The admin socket: connect, upgrade with Host "localhost".
  ClientResult<void> open_unix(const std::filesystem::path& path, Clock::time_point deadline) {
    asio::local::stream_protocol::endpoint endpoint;
    try {
      endpoint = asio::local::stream_protocol::endpoint(path.string());
    } catch (const boost::system::system_error& error) {
      return std::unexpected(unreachable(display_, describe(error.code())));
    }
    auto connected = run_step(io_, deadline, [&] { close_socket(); }, [&](auto handler) {
      beast::get_lowest_layer(ws_).async_connect(endpoint, handler);
    });
    if (!connected) return std::unexpected(timed_out());
    if (*connected) return std::unexpected(unreachable(display_, describe(*connected)));
    return upgrade("localhost", "/", deadline);
  }

  ClientResult<std::string> read(Clock::time_point deadline) override {
    if (frames_.empty() && !failure_) run_until(io_, deadline, [&] { return !frames_.empty() || failure_.has_value(); });
    if (!frames_.empty()) {
      std::string frame = std::move(frames_.front());
      frames_.pop_front();
      return frame;
    }
    if (failure_) return std::unexpected(*failure_);
    return std::unexpected(timed_out());
  }

  ClientResult<void> write(std::string text, Clock::time_point deadline) override {
    if (failure_) return std::unexpected(*failure_);
    if (dropped_) return std::unexpected(closed_error(1006, "", "the connection was closed"));
    outgoing_ = std::move(text);
    bool finished = false;
    error_code result;
    ws_.text(true);
    ws_.async_write(asio::buffer(outgoing_), [&finished, &result](error_code ec, std::size_t) {
      finished = true;
      result = ec;
    });
    if (!run_until(io_, deadline, [&] { return finished; })) {
      close_socket();
      run_until(io_, Clock::now() + kDrainLimit, [&] { return finished; });
      failure_ = closed_error(1006, "", "sending timed out");
      return std::unexpected(timed_out());
    }
    if (result) {
      if (!failure_) failure_ = closed_error(1006, "", describe(result));
      return std::unexpected(*failure_);
    }
    return {};
  }

  void close(std::uint16_t code, std::chrono::milliseconds grace) override {
    if (!dropped_ && !failure_ && ws_.is_open()) {
      bool finished = false;
      ws_.async_close(websocket::close_reason(code), [&finished](error_code) { finished = true; });
      // The outstanding read ends once the gateway's close frame arrives.
      run_until(io_, Clock::now() + grace, [&] { return finished && !reading_; });
      if (!finished) {
        close_socket();
        run_until(io_, Clock::now() + kDrainLimit, [&] { return finished; });
      }
    }
    drop();
  }

 private:
  ClientResult<void> upgrade(const std::string& host, const std::string& path, Clock::time_point deadline) {
    ws_.read_message_max(kMaxFrameBytes);
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
      request.set(http::field::user_agent, std::string("openclaw-cli/") + OPENCLAW_VERSION);
    }));
    websocket::response_type response;
    auto upgraded = run_step(io_, deadline, [&] { close_socket(); }, [&](auto handler) {
      ws_.async_handshake(response, host, path, handler);
    });
    if (!upgraded) return std::unexpected(timed_out());
    if (*upgraded) {
      const unsigned status = response.result_int();
      if (status != 0 && status != 101) {
        std::string why = "the WebSocket upgrade was refused: HTTP " + std::to_string(status);
        const std::string body(trim(response.body()).substr(0, 200));
        if (!body.empty()) why += " " + body;
        return std::unexpected(unreachable(display_, why));
      }
      return std::unexpected(unreachable(display_, "WebSocket upgrade failed: " + describe(*upgraded)));
    }
    start_read();
    return {};
  }

  void start_read() {
    reading_ = true;
    ws_.async_read(buffer_, [this](error_code ec, std::size_t) {
      reading_ = false;
      if (ec) {
        if (ec == websocket::error::closed) {
          const auto& reason = ws_.reason();
          failure_ = closed_error(reason.code, std::string(reason.reason.c_str()), "");
        } else if (!failure_) {
          failure_ = closed_error(1006, "", describe(ec));
        }
        return;
      }
      frames_.push_back(beast::buffers_to_string(buffer_.data()));
      buffer_.consume(buffer_.size());
      start_read();
    });
  }

  // Closed: "gateway closed the connection (1008 pairing required)"; without a close frame
  // the code is 1006 and `why` says what the socket reported.
  ClientError closed_error(std::uint16_t code, std::string reason, const std::string& why) {
    ClientError error = make_error(ClientError::Kind::Closed, "");
    error.close_code = code;
    error.close_reason = std::move(reason);
    if (code == 1006) {
      error.message = "gateway closed the connection (1006 abnormal closure" + (why.empty() ? "" : ": " + why) + ")";
    } else {
      error.message = "gateway closed the connection (" + std::to_string(code) +
                      (error.close_reason.empty() ? "" : " " + error.close_reason) + ")";
    }
    return error;
  }

  void close_socket() {
    error_code ignored;
    beast::get_lowest_layer(ws_).close(ignored);
  }

  // Closes the socket and runs the handlers it cancels, so none outlives this object.
  void drop() {
    if (dropped_) return;
    dropped_ = true;
    close_socket();
    io_.restart();
    io_.run_for(kDrainLimit);
  }

  asio::io_context io_;
  std::shared_ptr<ssl::context> tls_;  // outlives the stream that uses it
  websocket::stream<Stream> ws_;
  std::string display_;
  beast::flat_buffer buffer_;
  std::deque<std::string> frames_;
  std::optional<ClientError> failure_;  // set once the connection is over
  std::string outgoing_;
  bool reading_ = false;
  bool dropped_ = false;
};

}  // namespace

ClientResult<std::unique_ptr<FrameTransport>> FrameTransport::open(const ConnectOptions& options,
                                                                    Clock::time_point deadline) {
  const auto& target = options.target;
  if (target.kind == GatewayTarget::Kind::AdminSocket) {
    auto transport = std::make_unique<WebSocketTransport<unix_socket>>(nullptr, target.display());
    if (auto opened = transport->open_unix(target.socket_path, deadline); !opened) return std::unexpected(opened.error());
    return transport;
  }
  auto url = parse_gateway_url(target.url);
  if (!url) return std::unexpected(make_error(ClientError::Kind::Unreachable, url.error().message));
  if (!url->secure) {
    auto transport = std::make_unique<WebSocketTransport<tcp::socket>>(nullptr, target.display());
    if (auto opened = transport->open_network(*url, std::nullopt, deadline); !opened) {
      return std::unexpected(opened.error());
    }
    return transport;
  }
  std::optional<std::string> pinned;
  if (options.tls_fingerprint) {
    auto normalized = normalize_tls_fingerprint(*options.tls_fingerprint);
    if (!normalized) return std::unexpected(make_error(ClientError::Kind::Unreachable, normalized.error().message));
    pinned = *normalized;
  }
  auto context = make_tls_context(options);
  if (!context) return std::unexpected(context.error());
  auto transport = std::make_unique<WebSocketTransport<tls_socket>>(*context, target.display());
  if (auto opened = transport->open_network(*url, pinned, deadline); !opened) return std::unexpected(opened.error());
  return transport;
}

}  // namespace openclaw::client
