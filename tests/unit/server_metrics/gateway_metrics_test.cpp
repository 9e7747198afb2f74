#include "server/metrics/gateway_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace openclaw::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(GatewayMetrics, RendersEveryFamilyFromTheStart) {
  GatewayMetrics metrics("1.2.3");
  const std::string text = metrics.render_text();
  for (const char* line : {
           "# TYPE openclaw_build_info gauge",
           "openclaw_build_info{version=\"1.2.3\"} 1",
           "# TYPE openclaw_ws_connections gauge",
           "openclaw_ws_connections{role=\"operator\"} 0",
           "openclaw_ws_connections{role=\"node\"} 0",
           "# TYPE openclaw_handshakes_total counter",
           "# TYPE openclaw_auth_failures_total counter",
           "# TYPE openclaw_auth_rate_limit_lockouts_total counter",
           "openclaw_auth_rate_limit_lockouts_total{scope=\"shared-secret\"} 0",
           "openclaw_auth_rate_limit_lockouts_total{scope=\"device-token\"} 0",
           "openclaw_pairing_pending_requests 0",
           "# TYPE openclaw_rpc_calls_total counter",
           "# TYPE openclaw_rpc_duration_seconds histogram",
           "# TYPE openclaw_http_requests_total counter",
           "# TYPE openclaw_http_request_duration_seconds histogram",
           "# TYPE openclaw_config_reloads_total counter",
           "# TYPE openclaw_process_resident_memory_bytes gauge",
           "# TYPE openclaw_process_cpu_seconds_total counter",
           "# TYPE openclaw_process_open_fds gauge",
           "# TYPE openclaw_process_max_fds gauge",
           "# TYPE openclaw_process_start_time_seconds gauge",
       }) {
    EXPECT_THAT(text, HasSubstr(line));
  }
}

TEST(GatewayMetrics, RecordedRpcCallShowsUpWithItsLabels) {
  GatewayMetrics metrics("1.2.3");
  metrics.rpc_call("chat.send", "ok", 0.003);
  metrics.rpc_call("chat.send", "ok", 0.2);
  metrics.rpc_call("chat.send", "error", 0.02);
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_rpc_calls_total{method=\"chat.send\",outcome=\"ok\"} 2"));
  EXPECT_THAT(text,
              HasSubstr("openclaw_rpc_calls_total{method=\"chat.send\",outcome=\"error\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_rpc_duration_seconds_count{method=\"chat.send\"} 3"));
  EXPECT_THAT(
      text, HasSubstr("openclaw_rpc_duration_seconds_bucket{method=\"chat.send\",le=\"0.005\"} 1"));
  EXPECT_THAT(
      text, HasSubstr("openclaw_rpc_duration_seconds_bucket{method=\"chat.send\",le=\"0.025\"} 2"));
  EXPECT_THAT(
      text, HasSubstr("openclaw_rpc_duration_seconds_bucket{method=\"chat.send\",le=\"+Inf\"} 3"));
}

TEST(GatewayMetrics, UnknownMethodsAreCollapsed) {
  GatewayMetrics metrics("1.2.3");
  metrics.rpc_call("steal.secrets", "error", 0.001, /*known_method=*/false);
  metrics.rpc_call("another.invention", "error", 0.001, /*known_method=*/false);
  metrics.rpc_call("health", "ok", 0.001, /*known_method=*/true);
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_rpc_calls_total{method=\"unknown\",outcome=\"error\"} 2"));
  EXPECT_THAT(text, HasSubstr("openclaw_rpc_calls_total{method=\"health\",outcome=\"ok\"} 1"));
  EXPECT_THAT(text, Not(HasSubstr("steal.secrets")));
}

TEST(GatewayMetrics, RequestSuppliedTextNeverBecomesALabel) {
  GatewayMetrics metrics("1.2.3");
  metrics.http_request("/v1/chat?token=abc\"}", 200, 0.01);
  metrics.auth_failure(std::string(200, 'x'));
  metrics.handshake("");
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, Not(HasSubstr("token=abc")));
  EXPECT_THAT(text, Not(HasSubstr(std::string(65, 'x'))));
  EXPECT_THAT(text, HasSubstr("openclaw_http_requests_total{route=\"other\",status=\"200\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_auth_failures_total{reason=\"other\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_handshakes_total{outcome=\"unknown\"} 1"));
}

TEST(GatewayMetrics, SeriesPerFamilyAreCapped) {
  GatewayMetrics metrics("1.2.3");
  const std::size_t sprayed = GatewayMetrics::kMaxSeriesPerFamily + 100;
  for (std::size_t i = 0; i < sprayed; ++i) {
    metrics.auth_failure("reason_" + std::to_string(i));
  }
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_auth_failures_total{reason=\"reason_0\"} 1"));
  EXPECT_THAT(text, Not(HasSubstr("reason=\"reason_" + std::to_string(sprayed - 1) + "\"")));
  EXPECT_THAT(text, HasSubstr("openclaw_auth_failures_total{reason=\"other\"} 100"));
}

TEST(GatewayMetrics, HttpRequestsAreCountedByRouteAndStatus) {
  GatewayMetrics metrics("1.2.3");
  metrics.http_request("health", 200, 0.001);
  metrics.http_request("health", 200, 0.002);
  metrics.http_request("chat_completions", 401, 0.004);
  metrics.http_request("health", 42, 0.001);
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_http_requests_total{route=\"health\",status=\"200\"} 2"));
  EXPECT_THAT(
      text, HasSubstr("openclaw_http_requests_total{route=\"chat_completions\",status=\"401\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_http_requests_total{route=\"health\",status=\"other\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_http_request_duration_seconds_count{route=\"health\"} 3"));
}

TEST(GatewayMetrics, HostileClientRejectionsStartAtZeroAndCountByReason) {
  GatewayMetrics metrics("1.2.3");
  std::string text = metrics.render_text();
  for (const char* line : {"openclaw_http_rejections_total{reason=\"head_timeout\"} 0",
                           "openclaw_http_rejections_total{reason=\"head_too_large\"} 0",
                           "openclaw_http_rejections_total{reason=\"body_timeout\"} 0",
                           "openclaw_ws_frames_rejected_total{reason=\"payload_too_large\"} 0",
                           "openclaw_ws_frames_rejected_total{reason=\"invalid_utf8\"} 0",
                           "openclaw_ws_frames_rejected_total{reason=\"protocol_error\"} 0",
                           "openclaw_ws_frames_rejected_total{reason=\"invalid_frame\"} 0"}) {
    EXPECT_THAT(text, HasSubstr(line));
  }
  metrics.http_rejected(GatewayMetrics::kHttpHeadTimeout);
  metrics.http_rejected(GatewayMetrics::kHttpHeadTimeout);
  metrics.ws_frame_rejected(GatewayMetrics::kWsInvalidUtf8);
  text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_http_rejections_total{reason=\"head_timeout\"} 2"));
  EXPECT_THAT(text, HasSubstr("openclaw_ws_frames_rejected_total{reason=\"invalid_utf8\"} 1"));
}

TEST(GatewayMetrics, GaugesAndCountersFollowTheCalls) {
  GatewayMetrics metrics("1.2.3");
  metrics.ws_connection_opened("operator");
  metrics.ws_connection_opened("operator");
  metrics.ws_connection_opened("node");
  metrics.ws_connection_closed("operator");
  metrics.handshake("ok");
  metrics.handshake("ok");
  metrics.handshake("origin_not_allowed");
  metrics.rate_limit_lockout("shared-secret");
  metrics.set_pending_pairing(3);
  metrics.config_reload("applied");
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_ws_connections{role=\"operator\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_ws_connections{role=\"node\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_handshakes_total{outcome=\"ok\"} 2"));
  EXPECT_THAT(text, HasSubstr("openclaw_handshakes_total{outcome=\"origin_not_allowed\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("openclaw_auth_rate_limit_lockouts_total{scope=\"shared-secret\"} 1"));
  EXPECT_THAT(text, HasSubstr("openclaw_pairing_pending_requests 3"));
  EXPECT_THAT(text, HasSubstr("openclaw_config_reloads_total{result=\"applied\"} 1"));
}

TEST(GatewayMetrics, ConcurrentRecordingLosesNothing) {
  GatewayMetrics metrics("1.2.3");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        metrics.rpc_call(i % 2 == 0 ? "health" : "status", "ok", 0.001);
        if (i % 100 == 0) (void)metrics.render_text();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = metrics.render_text();
  EXPECT_THAT(text, HasSubstr("openclaw_rpc_calls_total{method=\"health\",outcome=\"ok\"} 2000"));
  EXPECT_THAT(text, HasSubstr("openclaw_rpc_calls_total{method=\"status\",outcome=\"ok\"} 2000"));
}

}  // namespace
}  // namespace openclaw::server
