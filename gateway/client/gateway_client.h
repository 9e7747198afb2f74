// GatewayClient: the one WebSocket client every networked `openclaw` command uses
// (spec §1.2-§1.9). It speaks the handshake as the reference CLI does: waits for
// connect.challenge, signs the v3 device payload with the CLI's Ed25519 identity
// (identity/device.json), sends the shared secret or the stored device token, negotiates
// protocol 3..4, stores the device token hello-ok hands out (identity/device-auth.json), and
// on AUTH_TOKEN_MISMATCH retries once, fast, with the stored device token when the endpoint
// is trusted (loopback or the admin socket). Synchronous: each call blocks up to its timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/error_shape.h"
#include "core/state/layout.h"

namespace openclaw::client {

// Where to connect: a ws:// or wss:// URL, or the gateway's admin Unix socket.
struct GatewayTarget {
  enum class Kind { WebSocket, AdminSocket };
  Kind kind = Kind::WebSocket;
  std::string url;                     // ws://127.0.0.1:18789 (WebSocket), for messages too
  std::filesystem::path socket_path;   // <state>/gateway.sock (AdminSocket)
  bool loopback = false;               // the gateway runs on this machine

  // What to show an operator: the URL, or "unix:<path>".
  std::string display() const;
};

struct ConnectOptions {
  // The admin socket authenticates its peer by uid: no device identity is sent there, and the
  // credentials below are sent only if set (connect_to_gateway sets none).
  GatewayTarget target;
  std::optional<std::string> token;     // shared gateway token (auth.token)
  std::optional<std::string> password;  // shared gateway password (auth.password)
  std::string client_id = "cli";
  std::string client_mode = "cli";      // "probe" for gateway probe / status
  std::string role = "operator";
  std::vector<std::string> scopes;      // empty = protocol::cli_default_operator_scopes()
  std::chrono::milliseconds timeout{10'000};  // connect through hello-ok
  // Where the CLI keeps identity/device.json and identity/device-auth.json; nullopt connects
  // without a device identity (shared secret only).
  std::optional<state::StateLayout> identity_home;
  // As upstream's CLI: with a token/password the gateway's auth mode actually checks, a
  // loopback target and no stored device token for the role, connect without a device
  // identity (the shared secret is the owner's credential). False when the secret would not
  // authenticate (auth mode none), so the device identity is used instead.
  bool device_less_with_shared_secret = true;
  // wss only: a CA bundle to verify against (default: SSL_CERT_FILE or the system bundle)
  // or the SHA-256 fingerprint (hex, colons allowed) of a pinned self-signed certificate.
  std::optional<std::filesystem::path> ca_file;
  std::optional<std::string> tls_fingerprint;
};

struct ClientError {
  enum class Kind {
    Unreachable,  // nothing listens / DNS / TLS / upgrade failed:
                  // "gateway not reachable at ws://127.0.0.1:18789 (connection refused)"
    Timeout,      // no challenge, hello-ok or response in time
    Rejected,     // the gateway refused the connect (auth, pairing, origin, protocol)
    Closed,       // the socket closed after hello-ok
    Rpc,          // a request answered ok:false
    Protocol,     // a frame we could not understand
  };
  Kind kind = Kind::Unreachable;
  std::string message;  // operator-facing, never contains a secret
  std::optional<protocol::ErrorShape> gateway_error;  // Rejected / Rpc: the gateway's error
  std::optional<std::uint16_t> close_code;            // Rejected / Closed
  std::string close_reason;

  // details.code of the gateway error ("PAIRING_REQUIRED", "AUTH_TOKEN_MISMATCH"), or "".
  std::string detail_code() const;
};

template <class T>
using ClientResult = std::expected<T, ClientError>;

struct GatewayEvent {
  std::string event;
  nlohmann::json payload;
  std::optional<std::int64_t> seq;
};

class GatewayClient {
 public:
  // Opens the socket and completes the handshake. On a Rejected error the gateway's error
  // shape and close code are kept, so callers can print PAIRING_REQUIRED's requestId.
  static ClientResult<std::unique_ptr<GatewayClient>> connect(const ConnectOptions& options);
  virtual ~GatewayClient() = default;

  // The hello-ok payload.
  virtual const nlohmann::json& hello() const = 0;
  // Negotiated protocol version (3 or 4).
  virtual int protocol() const = 0;
  // Time from opening the socket to hello-ok.
  virtual std::chrono::milliseconds connect_latency() const = 0;
  // Where this connection went (the admin socket or the URL), for messages. Not pure so test
  // doubles need not implement it: the default is an empty WebSocket target.
  virtual const GatewayTarget& target() const;

  // Sends a request and waits for its response payload. With `expect_final`, an answer
  // whose payload says status "accepted" is skipped and the second response with the same
  // id is returned (the agent RPC, spec §1.1). Events arriving meanwhile are queued.
  virtual ClientResult<nlohmann::json> call(std::string_view method, const nlohmann::json& params = nullptr,
                                            std::optional<std::chrono::milliseconds> timeout = std::nullopt,
                                            bool expect_final = false) = 0;

  // The next event (queued or arriving within `timeout`); Timeout when none came.
  virtual ClientResult<GatewayEvent> next_event(std::chrono::milliseconds timeout) = 0;

  // Sends a normal close (1000) and waits briefly for the gateway's answer.
  virtual void close() = 0;
};

}  // namespace openclaw::client
