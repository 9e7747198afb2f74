// GatewayMetrics: the gateway's Prometheus metrics (our extension, spec §7; served by
// MetricsListener on gateway.metrics.bind:port). Every family is named openclaw_*.
//
// Label hygiene. Label values come only from bounded vocabularies the server defines:
// connection roles ("operator", "node"), handshake outcomes, auth failure reasons
// (protocol::auth_reason_name), rate-limit scopes (auth::kScope*), advertised RPC method
// names (an unknown method is recorded as "unknown"), fixed route names ("health",
// "chat_completions", ... — never the raw request path), HTTP status codes and reload
// results, and for model calls the provider and model ids of the config (provider/model
// refs, FailureReason labels, token kinds). No label ever carries a token, password, session key, device id, user name,
// client address or any other request-supplied text. As a second line of defence every
// value is reduced by label_value() and each family holds at most kMaxSeriesPerFamily
// series (see bounded_family.h).
//
// Thread-safe: every member function may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "providers/model_router.h"  // ModelCallObserver

namespace prometheus {
class Registry;
}

namespace openclaw::server {

class GatewayMetrics final : public providers::ModelCallObserver {
 public:
  static constexpr std::size_t kMaxSeriesPerFamily = 500;

  // `version` becomes openclaw_build_info{version="..."} 1.
  explicit GatewayMetrics(std::string_view version = OPENCLAW_VERSION);
  ~GatewayMetrics() override;
  GatewayMetrics(const GatewayMetrics&) = delete;
  GatewayMetrics& operator=(const GatewayMetrics&) = delete;

  // openclaw_ws_connections{role}: authenticated WebSocket connections now open.
  void ws_connection_opened(std::string_view role);
  void ws_connection_closed(std::string_view role);

  // openclaw_handshakes_total{outcome}: "ok", "timeout", "origin_not_allowed", ...
  void handshake(std::string_view outcome);

  // openclaw_auth_failures_total{reason}: upstream's reason names (token_mismatch, ...).
  void auth_failure(std::string_view reason);

  // openclaw_auth_rate_limit_lockouts_total{scope}: call when
  // AuthRateLimiter::record_failure returns true.
  void rate_limit_lockout(std::string_view scope);

  // openclaw_pairing_pending_requests.
  void set_pending_pairing(std::size_t count);

  // openclaw_rpc_calls_total{method,outcome} and openclaw_rpc_duration_seconds{method}.
  // REQUIRES: `method` is an advertised method name or "unknown"; use the overload with
  // `known_method` when the caller has not already collapsed unknown names.
  void rpc_call(std::string_view method, std::string_view outcome, double seconds);
  void rpc_call(std::string_view method, std::string_view outcome, double seconds,
                bool known_method);

  // openclaw_http_requests_total{route,status} and
  // openclaw_http_request_duration_seconds{route}. `route` is a fixed route name.
  void http_request(std::string_view route, int status, double seconds);

  // openclaw_http_rejections_total{reason}: connections or requests refused before any route
  // saw them: kHttpHeadTimeout (no complete request head within the header timeout: a
  // slowloris, or a socket that never sends), kHttpHeadTooLarge (431), kHttpBodyTimeout (a
  // body that stopped arriving).
  static constexpr std::string_view kHttpHeadTimeout = "head_timeout";
  static constexpr std::string_view kHttpHeadTooLarge = "head_too_large";
  static constexpr std::string_view kHttpBodyTimeout = "body_timeout";
  void http_rejected(std::string_view reason);

  // openclaw_ws_frames_rejected_total{reason}: WebSocket messages refused, before or after
  // the handshake: kWsPayloadTooLarge (close 1009), kWsInvalidUtf8 (close 1007),
  // kWsProtocolError (a frame breaking RFC 6455, close 1002), kWsInvalidFrame (text that is
  // not a request frame, including JSON nested too deep).
  static constexpr std::string_view kWsPayloadTooLarge = "payload_too_large";
  static constexpr std::string_view kWsInvalidUtf8 = "invalid_utf8";
  static constexpr std::string_view kWsProtocolError = "protocol_error";
  static constexpr std::string_view kWsInvalidFrame = "invalid_frame";
  void ws_frame_rejected(std::string_view reason);

  // openclaw_config_reloads_total{result}: "applied", "restarted", "unchanged", "rejected",
  // "disabled" (cli/reload/config_reloader).
  void config_reload(std::string_view result);

  // The model router's figures (this object is the router's ModelCallObserver). Label
  // values are provider and model ids as configured (a model id outside label_value()'s
  // alphabet is recorded as "other"), FailureReason labels and the four token kinds.
  // openclaw_model_call_total{provider,model,outcome} (outcome "ok" or a FailureReason label)
  // and openclaw_model_call_duration_seconds{provider,model}: one per attempt, request sent
  // to answer complete or failed.
  void call_finished(const providers::ModelRef& model, std::string_view outcome, double seconds) override;
  // openclaw_model_first_token_seconds{provider,model}: request sent to first streamed text.
  void first_token(const providers::ModelRef& model, double seconds) override;
  // openclaw_model_tokens_total{provider,model,kind}; counts <= 0 are ignored.
  void tokens(const providers::ModelRef& model, std::string_view kind, std::int64_t count) override;
  // openclaw_model_failover_total{from,to,reason}: "provider/model" refs.
  void failover(const providers::ModelRef& from, const providers::ModelRef& to,
                providers::FailureReason reason) override;

  // The Prometheus text exposition (format 0.0.4; serve as
  // "text/plain; version=0.0.4; charset=utf-8"), including openclaw_process_* read from
  // /proc/self now and openclaw_state_write_failures_total / openclaw_state_writable from
  // state::state_write_health().
  std::string render_text() const;

  // For families added elsewhere; they are rendered with the rest.
  prometheus::Registry& registry();

 private:
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
};

}  // namespace openclaw::server
