#include "client/gateway_client.h"

#include <deque>

#include "client/connect_request.h"
#include "client/device_auth_store.h"
#include "client/frame_transport.h"
#include "core/crypto/random.h"
#include "core/pairing/gateway_identity.h"
#include "core/protocol/method_policy.h"
#include "core/state/file_reader.h"
#include "core/util/clock.h"

namespace openclaw::client {
namespace {

using nlohmann::json;
using Clock = FrameTransport::Clock;

constexpr std::chrono::milliseconds kCloseGrace{1000};
// How long to wait for the close frame that follows a refused connect, for its code.
constexpr std::chrono::milliseconds kRejectionCloseWait{1000};
// Events nobody reads (a command that only calls) must not grow without bound.
constexpr std::size_t kMaxQueuedEvents = 10'000;
constexpr std::uintmax_t kMaxIdentityBytes = 64 * 1024;

ClientError make_error(ClientError::Kind kind, std::string message) {
  ClientError error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

std::string ms(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + "ms"; }

protocol::ErrorShape parse_error_shape(const json& error) {
  protocol::ErrorShape shape;
  if (!error.is_object()) {
    shape.code = "UNKNOWN";
    shape.message = "the gateway answered ok:false without an error";
    return shape;
  }
  shape.code = error.value("code", std::string("UNKNOWN"));
  shape.message = error.value("message", std::string());
  if (const auto details = error.find("details"); details != error.end()) shape.details = *details;
  if (const auto retryable = error.find("retryable"); retryable != error.end() && retryable->is_boolean()) {
    shape.retryable = retryable->get<bool>();
  }
  if (const auto after = error.find("retryAfterMs"); after != error.end() && after->is_number_integer()) {
    shape.retry_after_ms = after->get<std::int64_t>();
  }
  return shape;
}

// A frame as a JSON object, or nullopt for anything else (ignored: the gateway only sends
// objects, and a stray frame must not end an otherwise good call).
std::optional<json> parse_frame(const std::string& text) {
  json frame = json::parse(text, nullptr, false);
  if (frame.is_discarded() || !frame.is_object()) return std::nullopt;
  return frame;
}

std::optional<GatewayEvent> as_event(const json& frame) {
  if (frame.value("type", std::string()) != "event") return std::nullopt;
  GatewayEvent event;
  event.event = frame.value("event", std::string());
  event.payload = frame.contains("payload") ? frame["payload"] : json(nullptr);
  if (const auto seq = frame.find("seq"); seq != frame.end() && seq->is_number_integer()) {
    event.seq = seq->get<std::int64_t>();
  }
  return event;
}

void queue_event(std::deque<GatewayEvent>& queue, GatewayEvent event) {
  if (queue.size() >= kMaxQueuedEvents) queue.pop_front();
  queue.push_back(std::move(event));
}

// A close before hello-ok: with a close frame the gateway refused us; without one it
// vanished (crashed, or not a gateway at all).
ClientError closed_before_hello(ClientError closed) {
  closed.kind = closed.close_code && *closed.close_code != 1006 ? ClientError::Kind::Rejected
                                                                 : ClientError::Kind::Unreachable;
  return closed;
}

class Session final : public GatewayClient {
 public:
  Session(GatewayTarget target, std::unique_ptr<FrameTransport> transport, json hello,
          std::chrono::milliseconds latency, std::chrono::milliseconds default_timeout, std::deque<GatewayEvent> events)
      : target_(std::move(target)),
        transport_(std::move(transport)),
        hello_(std::move(hello)),
        latency_(latency),
        default_timeout_(default_timeout),
        events_(std::move(events)) {}

  ~Session() override { close(); }

  const json& hello() const override { return hello_; }

  int protocol() const override {
    const auto version = hello_.find("protocol");
    return version != hello_.end() && version->is_number_integer() ? version->get<int>() : kClientMinProtocol;
  }

  std::chrono::milliseconds connect_latency() const override { return latency_; }

  const GatewayTarget& target() const override { return target_; }

  ClientResult<json> call(std::string_view method, const json& params, std::optional<std::chrono::milliseconds> timeout,
                          bool expect_final) override {
    const auto budget = timeout.value_or(default_timeout_);
    const auto deadline = Clock::now() + budget;
    const std::string name(method);
    auto timed_out = [&] {
      return make_error(ClientError::Kind::Timeout, "gateway request timeout for " + name + " after " + ms(budget));
    };
    if (closed_) return std::unexpected(make_error(ClientError::Kind::Closed, "the gateway connection is closed"));
    auto id = crypto::random_uuid();
    if (!id) return std::unexpected(make_error(ClientError::Kind::Protocol, id.error().message));
    json request = {{"type", "req"}, {"id", *id}, {"method", name}};
    if (!params.is_null()) request["params"] = params;
    if (auto sent = transport_->write(protocol::dump_json(request), deadline); !sent) {
      return std::unexpected(sent.error().kind == ClientError::Kind::Timeout ? timed_out() : sent.error());
    }
    for (;;) {
      auto text = transport_->read(deadline);
      if (!text) return std::unexpected(text.error().kind == ClientError::Kind::Timeout ? timed_out() : text.error());
      auto frame = parse_frame(*text);
      if (!frame) continue;
      if (auto event = as_event(*frame)) {
        queue_event(events_, std::move(*event));
        continue;
      }
      // Other ids are late answers to earlier calls (a second `agent` response nobody waits for).
      if (frame->value("type", std::string()) != "res" || frame->value("id", std::string()) != *id) continue;
      if (!frame->value("ok", false)) {
        auto error = make_error(ClientError::Kind::Rpc, "");
        error.gateway_error = parse_error_shape(frame->contains("error") ? (*frame)["error"] : json(nullptr));
        error.message = error.gateway_error->message.empty() ? name + " failed (" + error.gateway_error->code + ")"
                                                             : error.gateway_error->message;
        return std::unexpected(error);
      }
      json payload = frame->contains("payload") ? (*frame)["payload"] : json(nullptr);
      // The agent RPC acknowledges first and answers for real later (spec §1.1).
      if (expect_final && payload.is_object() && payload.value("status", std::string()) == "accepted") continue;
      return payload;
    }
  }

  ClientResult<GatewayEvent> next_event(std::chrono::milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    while (events_.empty()) {
      if (closed_) return std::unexpected(make_error(ClientError::Kind::Closed, "the gateway connection is closed"));
      auto text = transport_->read(deadline);
      if (!text) {
        if (text.error().kind != ClientError::Kind::Timeout) return std::unexpected(text.error());
        return std::unexpected(make_error(ClientError::Kind::Timeout, "no gateway event within " + ms(timeout)));
      }
      if (auto frame = parse_frame(*text)) {
        if (auto event = as_event(*frame)) queue_event(events_, std::move(*event));
      }
    }
    GatewayEvent event = std::move(events_.front());
    events_.pop_front();
    return event;
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    transport_->close(1000, kCloseGrace);
  }

 private:
  GatewayTarget target_;
  std::unique_ptr<FrameTransport> transport_;
  json hello_;
  std::chrono::milliseconds latency_;
  std::chrono::milliseconds default_timeout_;
  std::deque<GatewayEvent> events_;
  bool closed_ = false;
};

struct Handshake {
  std::unique_ptr<FrameTransport> transport;
  json hello;
  std::deque<GatewayEvent> events;
};

// One connect attempt: open, wait for connect.challenge, send connect, wait for hello-ok.
ClientResult<Handshake> handshake(const ConnectOptions& options, const ConnectIdentity& identity,
                                  const ConnectCredentials& credentials, const crypto::KeyPair* device,
                                  Clock::time_point deadline) {
  const std::string where = options.target.display();
  auto timed_out = [&](const char* waiting_for) {
    return make_error(ClientError::Kind::Timeout,
                      "gateway timeout after " + ms(options.timeout) + " at " + where + " (" + waiting_for + ")");
  };
  auto transport = FrameTransport::open(options, deadline);
  if (!transport) {
    if (transport.error().kind == ClientError::Kind::Timeout) return std::unexpected(timed_out("connecting"));
    return std::unexpected(transport.error());
  }
  Handshake result;
  std::string nonce;
  std::int64_t signed_at_ms = wall_clock_ms();
  while (nonce.empty()) {
    auto text = (*transport)->read(deadline);
    if (!text) {
      if (text.error().kind == ClientError::Kind::Timeout) return std::unexpected(timed_out("no connect.challenge"));
      return std::unexpected(closed_before_hello(text.error()));
    }
    auto frame = parse_frame(*text);
    if (!frame || frame->value("event", std::string()) != "connect.challenge") continue;
    const json payload = frame->value("payload", json::object());
    if (payload.is_object() && payload.contains("nonce") && payload["nonce"].is_string()) {
      nonce = payload["nonce"].get<std::string>();
    }
    if (nonce.empty()) {
      return std::unexpected(make_error(ClientError::Kind::Protocol, "gateway at " + where + " sent connect.challenge without a nonce"));
    }
    if (payload.contains("ts") && payload["ts"].is_number_integer()) signed_at_ms = payload["ts"].get<std::int64_t>();
  }

  auto id = crypto::random_uuid();
  if (!id) return std::unexpected(make_error(ClientError::Kind::Protocol, id.error().message));
  const json request = {{"type", "req"},
                        {"id", *id},
                        {"method", "connect"},
                        {"params", connect_params(identity, credentials, {device, nonce, signed_at_ms})}};
  if (auto sent = (*transport)->write(protocol::dump_json(request), deadline); !sent) {
    if (sent.error().kind == ClientError::Kind::Timeout) return std::unexpected(timed_out("sending connect"));
    return std::unexpected(closed_before_hello(sent.error()));
  }
  for (;;) {
    auto text = (*transport)->read(deadline);
    if (!text) {
      if (text.error().kind == ClientError::Kind::Timeout) return std::unexpected(timed_out("no hello-ok"));
      return std::unexpected(closed_before_hello(text.error()));
    }
    auto frame = parse_frame(*text);
    if (!frame) continue;
    if (auto event = as_event(*frame)) {
      queue_event(result.events, std::move(*event));
      continue;
    }
    if (frame->value("type", std::string()) != "res" || frame->value("id", std::string()) != *id) continue;
    if (frame->value("ok", false)) {
      result.hello = frame->value("payload", json::object());
      if (!result.hello.is_object() || result.hello.value("type", std::string()) != "hello-ok") {
        return std::unexpected(make_error(ClientError::Kind::Protocol, "gateway at " + where + " answered connect without hello-ok"));
      }
      result.transport = std::move(*transport);
      return result;
    }
    auto error = make_error(ClientError::Kind::Rejected, "");
    error.gateway_error = parse_error_shape(frame->contains("error") ? (*frame)["error"] : json(nullptr));
    // The close frame that follows carries the code operators look up (1008, 1002).
    auto closing = (*transport)->read(std::min(deadline, Clock::now() + kRejectionCloseWait));
    if (!closing && closing.error().kind == ClientError::Kind::Closed) {
      error.close_code = closing.error().close_code;
      error.close_reason = closing.error().close_reason;
    }
    const std::string& said = error.gateway_error->message;
    if (error.close_code && *error.close_code != 1006) {
      error.message = "gateway closed the connection (" + std::to_string(*error.close_code) + " " + said + ")";
    } else {
      error.message = "gateway rejected the connection: " + said;
    }
    return std::unexpected(error);
  }
}

// identity/device.json as a key pair. Without `create`, a missing file is an error rather than
// a new identity (the caller only wanted to look for a stored token).
Result<crypto::KeyPair> load_device_key(const state::StateLayout& layout, bool create) {
  const auto path = layout.device_identity();
  if (create) {
    if (auto made = pairing::load_or_create_identity(layout, wall_clock_ms()); !made) return std::unexpected(made.error());
  }
  auto text = state::read_file(path, kMaxIdentityBytes);
  if (!text) return std::unexpected(text.error());
  const json document = json::parse(*text, nullptr, false);
  if (document.is_discarded()) return fail(path.string() + ": not valid JSON");
  return pairing::key_pair_from_identity_document(document, path.string());
}

bool mentions_device_token_mismatch(const ClientError& error) {
  return error.close_reason.find("device token mismatch") != std::string::npos ||
         error.detail_code() == "AUTH_DEVICE_TOKEN_MISMATCH";
}

}  // namespace

const GatewayTarget& GatewayClient::target() const {
  static const GatewayTarget nowhere;
  return nowhere;
}

ClientResult<std::unique_ptr<GatewayClient>> GatewayClient::connect(const ConnectOptions& options) {
  const auto started = Clock::now();
  const auto deadline = started + options.timeout;
  const auto& target = options.target;
  const bool admin_socket = target.kind == GatewayTarget::Kind::AdminSocket;
  const bool trusted = admin_socket || target.loopback || options.tls_fingerprint.has_value();
  const bool shared_secret = options.token.has_value() || options.password.has_value();

  ConnectIdentity identity;
  identity.client_id = options.client_id;
  identity.client_mode = options.client_mode;
  identity.version = OPENCLAW_VERSION;
  identity.role = options.role;
  identity.scopes = options.scopes.empty() ? protocol::cli_default_operator_scopes() : options.scopes;

  // The admin socket authenticates its peer by uid; elsewhere the device identity is used
  // unless upstream's CLI would go device-less (see ConnectOptions).
  std::optional<crypto::KeyPair> device;
  std::optional<DeviceAuthStore> store;
  std::optional<StoredDeviceToken> stored;
  std::optional<std::string> identity_problem;
  if (options.identity_home && !admin_socket) {
    const bool may_skip_device = shared_secret && options.device_less_with_shared_secret && target.loopback;
    auto key = load_device_key(*options.identity_home, !may_skip_device);
    if (key) {
      store.emplace(options.identity_home->device_auth());
      // An unreadable store counts as empty: it is a cache of tokens the gateway reissues.
      if (auto loaded = store->load(key->device_id(), options.role); loaded) stored = std::move(*loaded);
      if (!may_skip_device || stored) device = std::move(*key);
    } else if (!may_skip_device) {
      identity_problem = key.error().message;
    }
  }

  auto save_issued_token = [&](const json& hello) {
    if (!device || !store) return;
    const json auth = hello.value("auth", json::object());
    if (!auth.is_object() || !auth.contains("deviceToken") || !auth["deviceToken"].is_string()) return;
    StoredDeviceToken entry;
    entry.token = auth["deviceToken"].get<std::string>();
    entry.role = auth.value("role", options.role);
    entry.scopes = auth.contains("scopes") && auth["scopes"].is_array()
                       ? auth["scopes"].get<std::vector<std::string>>()
                       : identity.scopes;
    entry.updated_at_ms = wall_clock_ms();
    // Failing to cache the token costs only a later pairing round trip; the connect stands.
    (void)store->save(device->device_id(), entry);
  };
  auto forget_rejected_token = [&](const ConnectCredentials& sent, const ClientError& error) {
    if (device && store && sent.device_token && mentions_device_token_mismatch(error)) {
      (void)store->clear(device->device_id(), options.role);
    }
  };
  auto finish = [&](Handshake& done) -> ClientResult<std::unique_ptr<GatewayClient>> {
    save_issued_token(done.hello);
    const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return std::unique_ptr<GatewayClient>(std::make_unique<Session>(options.target, std::move(done.transport), std::move(done.hello),
                                                                    latency, options.timeout, std::move(done.events)));
  };

  const auto credentials = first_attempt_credentials(options.token, options.password,
                                                     device && stored ? std::optional(stored->token) : std::nullopt);
  auto first = handshake(options, identity, credentials, device ? &*device : nullptr, deadline);
  if (first) return finish(*first);
  ClientError error = first.error();
  forget_rejected_token(credentials, error);

  const RetryInputs retry{.retry_used = false,
                          .sent_device_token = credentials.device_token.has_value(),
                          .sent_shared_token = credentials.token.has_value(),
                          .have_stored_token = device && stored,
                          .trusted_endpoint = trusted};
  if (error.kind == ClientError::Kind::Rejected && error.gateway_error &&
      should_retry_with_device_token(retry, error.gateway_error->details)) {
    const auto again = retry_credentials(stored->token);
    auto second = handshake(options, identity, again, &*device, deadline);
    if (second) return finish(*second);
    error = second.error();
    forget_rejected_token(again, error);
  }
  if (identity_problem && error.detail_code() == "DEVICE_IDENTITY_REQUIRED") {
    error.message += " (this CLI could not use its device identity: " + *identity_problem + ")";
  }
  return std::unexpected(error);
}

}  // namespace openclaw::client
