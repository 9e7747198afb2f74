// The gateway's outbound HTTP(S) client for model providers, on Asio/Beast + OpenSSL:
// pooled keep-alive connections per origin, certificate verification against the CA bundle
// with SNI and hostname checks, CONNECT through HTTPS_PROXY, connect / first-byte / idle
// timeouts, streamed response bodies, and cancellation when the caller goes away.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::providers {

// A zero or negative limit disables that timeout.
struct HttpTimeouts {
  std::chrono::milliseconds connect{10'000};      // TCP connect + TLS handshake (+ proxy CONNECT)
  std::chrono::milliseconds first_byte{120'000};  // request written -> response head
  std::chrono::milliseconds idle{60'000};         // longest gap between body bytes
};

struct OutgoingRequest {
  std::string method = "POST";
  std::string url;  // http://host[:port]/path or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  HttpTimeouts timeouts;
};

struct ResponseHead {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; repeated headers joined by ", "

  // The header's value, looked up without regard to case.
  std::optional<std::string> header(std::string_view name) const;
};

enum class TransportErrorKind {
  InvalidUrl,
  ConnectFailed,    // DNS, refused, unreachable
  ProxyFailed,      // the proxy refused CONNECT
  TlsFailed,        // handshake or certificate verification
  Timeout,          // one of HttpTimeouts expired (message says which)
  ConnectionReset,  // the peer closed or reset mid-response
  ProtocolError,    // unparseable HTTP
  Cancelled,        // HttpCall::cancel()
};

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::ConnectFailed;
  std::string message;  // names host:port and what failed; never headers or bodies
};

// Called on the client's I/O threads, one call at a time per request; must not block.
struct ResponseHandlers {
  std::function<void(const ResponseHead&)> on_head;    // once, before any body
  std::function<void(std::string_view bytes)> on_body;  // de-chunked body bytes as they arrive
  // Exactly once, last: nullopt after the complete body, else why it stopped.
  std::function<void(std::optional<TransportError>)> on_complete;
};

// One request in flight. cancel() is safe from any thread and after completion; a cancelled
// request completes with TransportErrorKind::Cancelled (unless it had already completed) and
// its connection is closed, not pooled.
class HttpCall {
 public:
  virtual ~HttpCall() = default;
  virtual void cancel() = 0;
};

struct HttpsClientOptions {
  // CA bundle for https origins; nullopt: $SSL_CERT_FILE, else OpenSSL's default paths.
  std::optional<std::filesystem::path> ca_file;
  // "http://[user:pass@]host:port" used for https origins (CONNECT) and http origins
  // (absolute-form); nullopt: none. hosts_without_proxy from NO_PROXY.
  std::optional<std::string> proxy_url;
  std::vector<std::string> hosts_without_proxy;  // exact hosts or ".suffix"; "*" = all
  std::size_t max_idle_per_origin = 8;
  std::chrono::seconds idle_connection_lifetime{30};
};

// Options from HTTPS_PROXY/https_proxy (and HTTP_PROXY for http origins is not used: model
// providers are https), NO_PROXY/no_proxy and SSL_CERT_FILE. Fails when a variable is set
// but malformed, naming the variable (never a proxy password).
Result<HttpsClientOptions> https_client_options_from(const Environment& env);

class HttpsClient {
 public:
  // Fails when the CA bundle cannot be loaded (naming the path).
  static Result<std::shared_ptr<HttpsClient>> create(boost::asio::io_context& io, HttpsClientOptions options);
  virtual ~HttpsClient() = default;

  // Starts the request; handlers run on the io_context. The returned call keeps nothing
  // alive that the handlers need: dropping it does not cancel (call cancel()).
  virtual std::shared_ptr<HttpCall> start(OutgoingRequest request, ResponseHandlers handlers) = 0;

  // Idle pooled connections right now (for tests of connection reuse).
  virtual std::size_t idle_connections() const = 0;
};

}  // namespace openclaw::providers
