#include "server/metrics/gateway_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <sstream>

#include "server/metrics/bounded_family.h"
#include "server/metrics/process_stats.h"
#include "server/metrics/state_write_stats.h"

namespace openclaw::server {
namespace {

// RPC handlers mostly answer in milliseconds; chat and agent calls acknowledge quickly but
// node invocations can take tens of seconds.
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

// A model call takes from under a second (a short answer from a fast model) to minutes (a
// long answer, a reasoning model); the first token usually arrives within seconds.
const prometheus::Histogram::BucketBoundaries kModelCallBuckets = {
    0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600};
const prometheus::Histogram::BucketBoundaries kFirstTokenBuckets = {
    0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60};

// Series that exist from the start, so dashboards see 0 rather than no data.
constexpr std::string_view kRoles[] = {"operator", "node"};
constexpr std::string_view kScopes[] = {"shared-secret", "device-token", "hook-auth", "default"};

struct FamilyInfo {
  const char* name;
  const char* help;
  prometheus::MetricType type;
};

using prometheus::MetricType;
constexpr FamilyInfo kBuildInfo{"openclaw_build_info",
                                "Always 1; the version label names the running gateway",
                                MetricType::Gauge};
constexpr FamilyInfo kWsConnections{"openclaw_ws_connections",
                                    "Authenticated WebSocket connections open now, by role",
                                    MetricType::Gauge};
constexpr FamilyInfo kHandshakes{"openclaw_handshakes_total",
                                 "WebSocket connect handshakes, by outcome", MetricType::Counter};
constexpr FamilyInfo kAuthFailures{"openclaw_auth_failures_total",
                                   "Failed authentication attempts, by reason",
                                   MetricType::Counter};
constexpr FamilyInfo kLockouts{"openclaw_auth_rate_limit_lockouts_total",
                               "Clients locked out by the failed-auth rate limiter, by scope",
                               MetricType::Counter};
constexpr FamilyInfo kPendingPairing{"openclaw_pairing_pending_requests",
                                     "Device pairing requests waiting for approval",
                                     MetricType::Gauge};
constexpr FamilyInfo kRpcCalls{"openclaw_rpc_calls_total",
                               "RPC calls answered, by method and outcome", MetricType::Counter};
constexpr FamilyInfo kRpcDuration{"openclaw_rpc_duration_seconds",
                                  "Time from RPC request to response, by method",
                                  MetricType::Histogram};
constexpr FamilyInfo kHttpRequests{"openclaw_http_requests_total",
                                   "HTTP requests answered, by route and status",
                                   MetricType::Counter};
constexpr FamilyInfo kHttpDuration{"openclaw_http_request_duration_seconds",
                                   "Time to answer an HTTP request, by route",
                                   MetricType::Histogram};
constexpr FamilyInfo kHttpRejections{"openclaw_http_rejections_total",
                                     "HTTP connections or requests refused before routing, by reason",
                                     MetricType::Counter};
constexpr FamilyInfo kWsFramesRejected{"openclaw_ws_frames_rejected_total",
                                       "WebSocket messages refused (the socket is closed or the frame answered "
                                       "with an error), by reason",
                                       MetricType::Counter};
constexpr FamilyInfo kConfigReloads{"openclaw_config_reloads_total",
                                    "Configuration reloads, by result", MetricType::Counter};
constexpr FamilyInfo kModelCalls{"openclaw_model_call_total",
                                 "Model provider calls (one per attempt), by provider, model and outcome",
                                 MetricType::Counter};
constexpr FamilyInfo kModelCallDuration{"openclaw_model_call_duration_seconds",
                                        "Time from sending a model request to its complete answer or failure",
                                        MetricType::Histogram};
constexpr FamilyInfo kModelFirstToken{"openclaw_model_first_token_seconds",
                                      "Time from sending a model request to its first streamed text",
                                      MetricType::Histogram};
constexpr FamilyInfo kModelTokens{"openclaw_model_tokens_total",
                                  "Tokens reported by model providers, by provider, model and kind",
                                  MetricType::Counter};
constexpr FamilyInfo kModelFailovers{"openclaw_model_failover_total",
                                     "Moves from one model to the next within a request, by reason",
                                     MetricType::Counter};

// prometheus-cpp leaves a family without series out of a scrape; we list it anyway (HELP
// and TYPE only) so an operator can see every metric the gateway has before it happens.
constexpr FamilyInfo kAllFamilies[] = {
    kBuildInfo,     kWsConnections, kHandshakes,        kAuthFailures,    kLockouts,
    kPendingPairing, kRpcCalls,     kRpcDuration,       kHttpRequests,    kHttpDuration,
    kConfigReloads, kModelCalls,    kModelCallDuration, kModelFirstToken, kModelTokens,
    kModelFailovers, kHttpRejections, kWsFramesRejected};

template <class Builder>
auto& build(Builder builder, const FamilyInfo& info, prometheus::Registry& registry) {
  return builder.Name(info.name).Help(info.help).Register(registry);
}

}  // namespace

struct GatewayMetrics::Families {
  explicit Families(prometheus::Registry& registry)
      : ws_connections(build(prometheus::BuildGauge(), kWsConnections, registry), {"role"},
                       kMaxSeriesPerFamily),
        handshakes(build(prometheus::BuildCounter(), kHandshakes, registry), {"outcome"},
                   kMaxSeriesPerFamily),
        auth_failures(build(prometheus::BuildCounter(), kAuthFailures, registry), {"reason"},
                      kMaxSeriesPerFamily),
        lockouts(build(prometheus::BuildCounter(), kLockouts, registry), {"scope"},
                 kMaxSeriesPerFamily),
        pending_pairing(build(prometheus::BuildGauge(), kPendingPairing, registry).Add({})),
        rpc_calls(build(prometheus::BuildCounter(), kRpcCalls, registry), {"method", "outcome"},
                  kMaxSeriesPerFamily),
        rpc_duration(build(prometheus::BuildHistogram(), kRpcDuration, registry), {"method"},
                     kMaxSeriesPerFamily, kLatencyBuckets),
        http_requests(build(prometheus::BuildCounter(), kHttpRequests, registry),
                      {"route", "status"}, kMaxSeriesPerFamily),
        http_duration(build(prometheus::BuildHistogram(), kHttpDuration, registry), {"route"},
                      kMaxSeriesPerFamily, kLatencyBuckets),
        http_rejections(build(prometheus::BuildCounter(), kHttpRejections, registry), {"reason"},
                        kMaxSeriesPerFamily),
        ws_frames_rejected(build(prometheus::BuildCounter(), kWsFramesRejected, registry), {"reason"},
                           kMaxSeriesPerFamily),
        config_reloads(build(prometheus::BuildCounter(), kConfigReloads, registry), {"result"},
                       kMaxSeriesPerFamily),
        model_calls(build(prometheus::BuildCounter(), kModelCalls, registry),
                    {"provider", "model", "outcome"}, kMaxSeriesPerFamily),
        model_call_duration(build(prometheus::BuildHistogram(), kModelCallDuration, registry),
                            {"provider", "model"}, kMaxSeriesPerFamily, kModelCallBuckets),
        model_first_token(build(prometheus::BuildHistogram(), kModelFirstToken, registry),
                          {"provider", "model"}, kMaxSeriesPerFamily, kFirstTokenBuckets),
        model_tokens(build(prometheus::BuildCounter(), kModelTokens, registry),
                     {"provider", "model", "kind"}, kMaxSeriesPerFamily),
        model_failovers(build(prometheus::BuildCounter(), kModelFailovers, registry),
                        {"from", "to", "reason"}, kMaxSeriesPerFamily) {}

  BoundedFamily<prometheus::Gauge> ws_connections;
  BoundedFamily<prometheus::Counter> handshakes;
  BoundedFamily<prometheus::Counter> auth_failures;
  BoundedFamily<prometheus::Counter> lockouts;
  prometheus::Gauge& pending_pairing;
  BoundedFamily<prometheus::Counter> rpc_calls;
  BoundedFamily<prometheus::Histogram> rpc_duration;
  BoundedFamily<prometheus::Counter> http_requests;
  BoundedFamily<prometheus::Histogram> http_duration;
  BoundedFamily<prometheus::Counter> http_rejections;
  BoundedFamily<prometheus::Counter> ws_frames_rejected;
  BoundedFamily<prometheus::Counter> config_reloads;
  BoundedFamily<prometheus::Counter> model_calls;
  BoundedFamily<prometheus::Histogram> model_call_duration;
  BoundedFamily<prometheus::Histogram> model_first_token;
  BoundedFamily<prometheus::Counter> model_tokens;
  BoundedFamily<prometheus::Counter> model_failovers;
};


GatewayMetrics::GatewayMetrics(std::string_view version)
    : registry_(std::make_shared<prometheus::Registry>()) {
  build(prometheus::BuildGauge(), kBuildInfo, *registry_)
      .Add({{"version", label_value(version)}})
      .Set(1);
  families_ = std::make_unique<Families>(*registry_);
  for (std::string_view role : kRoles) families_->ws_connections.get({role});
  for (std::string_view scope : kScopes) families_->lockouts.get({scope});
  for (std::string_view reason : {kHttpHeadTimeout, kHttpHeadTooLarge, kHttpBodyTimeout}) {
    families_->http_rejections.get({reason});
  }
  for (std::string_view reason : {kWsPayloadTooLarge, kWsInvalidUtf8, kWsProtocolError, kWsInvalidFrame}) {
    families_->ws_frames_rejected.get({reason});
  }
}

GatewayMetrics::~GatewayMetrics() = default;

void GatewayMetrics::ws_connection_opened(std::string_view role) {
  families_->ws_connections.get({role}).Increment();
}

void GatewayMetrics::ws_connection_closed(std::string_view role) {
  families_->ws_connections.get({role}).Decrement();
}

void GatewayMetrics::handshake(std::string_view outcome) {
  families_->handshakes.get({outcome}).Increment();
}

void GatewayMetrics::auth_failure(std::string_view reason) {
  families_->auth_failures.get({reason}).Increment();
}

void GatewayMetrics::rate_limit_lockout(std::string_view scope) {
  families_->lockouts.get({scope}).Increment();
}

void GatewayMetrics::set_pending_pairing(std::size_t count) {
  families_->pending_pairing.Set(static_cast<double>(count));
}

void GatewayMetrics::rpc_call(std::string_view method, std::string_view outcome, double seconds) {
  families_->rpc_calls.get({method, outcome}).Increment();
  families_->rpc_duration.get({method}).Observe(seconds);
}

void GatewayMetrics::rpc_call(std::string_view method, std::string_view outcome, double seconds,
                              bool known_method) {
  rpc_call(known_method ? method : "unknown", outcome, seconds);
}

void GatewayMetrics::http_request(std::string_view route, int status, double seconds) {
  const std::string status_text =
      status >= 100 && status <= 599 ? std::to_string(status) : std::string(kOverflowLabelValue);
  families_->http_requests.get({route, status_text}).Increment();
  families_->http_duration.get({route}).Observe(seconds);
}

void GatewayMetrics::http_rejected(std::string_view reason) {
  families_->http_rejections.get({reason}).Increment();
}

void GatewayMetrics::ws_frame_rejected(std::string_view reason) {
  families_->ws_frames_rejected.get({reason}).Increment();
}

void GatewayMetrics::config_reload(std::string_view result) {
  families_->config_reloads.get({result}).Increment();
}

std::string GatewayMetrics::render_text() const {
  auto families = registry_->Collect();
  for (const FamilyInfo& info : kAllFamilies) {
    const bool present = std::ranges::any_of(
        families, [&](const prometheus::MetricFamily& family) { return family.name == info.name; });
    if (!present) families.push_back({info.name, info.help, info.type, {}});
  }
  auto process = process_metric_families(read_process_stats());
  families.insert(families.end(), std::make_move_iterator(process.begin()),
                  std::make_move_iterator(process.end()));
  auto state_writes = state_write_metric_families(state::state_write_health());
  families.insert(families.end(), std::make_move_iterator(state_writes.begin()),
                  std::make_move_iterator(state_writes.end()));
  // The registry's order is its hash map's; a sorted page is easier to read and to diff.
  std::ranges::sort(families, {}, &prometheus::MetricFamily::name);
  for (auto& family : families)
    std::ranges::sort(family.metric, {}, &prometheus::ClientMetric::label);
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

namespace {
// "provider/model"; just the model text when a fallback named no provider.
std::string model_label(const providers::ModelRef& model) {
  return model.provider.empty() ? model.model : model.to_string();
}
}  // namespace

void GatewayMetrics::call_finished(const providers::ModelRef& model, std::string_view outcome,
                                   double seconds) {
  families_->model_calls.get({model.provider, model.model, outcome}).Increment();
  families_->model_call_duration.get({model.provider, model.model}).Observe(seconds);
}

void GatewayMetrics::first_token(const providers::ModelRef& model, double seconds) {
  families_->model_first_token.get({model.provider, model.model}).Observe(seconds);
}

void GatewayMetrics::tokens(const providers::ModelRef& model, std::string_view kind,
                            std::int64_t count) {
  if (count <= 0) return;  // a counter only goes up
  families_->model_tokens.get({model.provider, model.model, kind})
      .Increment(static_cast<double>(count));
}

void GatewayMetrics::failover(const providers::ModelRef& from, const providers::ModelRef& to,
                              providers::FailureReason reason) {
  families_->model_failovers
      .get({model_label(from), model_label(to), providers::to_string(reason)})
      .Increment();
}

prometheus::Registry& GatewayMetrics::registry() { return *registry_; }

}  // namespace openclaw::server
