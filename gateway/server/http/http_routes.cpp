#include "server/http/http_routes.h"

#include <chrono>

#include "core/auth/shared_secret.h"
#include "core/state/write_health.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

void json_body(HttpResponse& response, http::status status, const json& body) {
  response.result(status);
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = body.dump();
}

enum class BearerResult { Ok, Missing, Wrong, Locked };

// Bearer auth of spec §6: the shared token or password per mode; failures count toward the
// shared-secret lockout like WebSocket ones.
BearerResult check_bearer(GatewayContext& context, const PeerInfo& peer, const HttpRequest& request,
                          std::int64_t& retry_after_ms) {
  const auto settings = context.settings();
  if (settings->auth.mode == config::AuthMode::None) return BearerResult::Ok;
  auto token = bearer_token(request);
  if (!token) return BearerResult::Missing;
  const std::int64_t now = now_ms();
  auto verdict = context.rate_limiter().check(auth::kScopeSharedSecret, peer.client_key(), now);
  if (!verdict.allowed) {
    retry_after_ms = verdict.retry_after_ms;
    return BearerResult::Locked;
  }
  const auto& configured = settings->auth.mode == config::AuthMode::Password ? settings->auth.password
                                                                              : settings->auth.token;
  if (auth::check_shared_secret(configured, token) == auth::SharedSecretOutcome::Ok) {
    context.rate_limiter().reset(auth::kScopeSharedSecret, peer.client_key());
    return BearerResult::Ok;
  }
  context.metrics().auth_failure("http_bearer_mismatch");
  if (context.rate_limiter().record_failure(auth::kScopeSharedSecret, peer.client_key(), now)) {
    context.metrics().rate_limit_lockout(auth::kScopeSharedSecret);
  }
  return BearerResult::Wrong;
}

}  // namespace

void apply_default_headers(HttpResponse& response, const RuntimeSettings* settings) {
  response.set(http::field::server, "openclaw-gateway");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Permissions-Policy", "camera=(), microphone=(self), geolocation=()");
  if (settings && settings->strict_transport_security && !settings->strict_transport_security->empty()) {
    response.set(http::field::strict_transport_security, *settings->strict_transport_security);
  }
}

HttpResponse json_response(const HttpRequest& request, http::status status, const nlohmann::ordered_json& body,
                           const RuntimeSettings* settings) {
  HttpResponse response{status, request.version()};
  apply_default_headers(response, settings);
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

HttpResponse method_not_allowed(const HttpRequest& request, std::string_view allow, const RuntimeSettings* settings) {
  HttpResponse response{http::status::method_not_allowed, request.version()};
  apply_default_headers(response, settings);
  response.set(http::field::allow, allow);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = "Method Not Allowed";
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

std::optional<std::string> bearer_token(const HttpRequest& request) {
  auto it = request.find(http::field::authorization);
  if (it == request.end()) return std::nullopt;
  const std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view kPrefix = "Bearer ";
  if (value.size() <= kPrefix.size()) return std::nullopt;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(static_cast<unsigned char>(kPrefix[i]))) {
      return std::nullopt;
    }
  }
  return std::string(value.substr(kPrefix.size()));
}

HttpResponse plain_response(unsigned version, http::status status, std::string body) {
  HttpResponse response{status, version};
  apply_default_headers(response, nullptr);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::move(body);
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

HttpResponse handle_http_request(GatewayContext& context, const PeerInfo& peer, const HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const auto settings = context.settings();
  HttpResponse response{http::status::ok, request.version()};
  response.keep_alive(request.keep_alive());
  apply_default_headers(response, settings.get());

  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  const bool get_or_head = request.method() == http::verb::get || request.method() == http::verb::head;
  std::string route = "not_found";  // metrics label: a fixed name, never the raw path

  auto probe = [&](std::string name) {
    route = std::move(name);
    response.set(http::field::cache_control, "no-store");
    if (get_or_head) return true;
    response.result(http::status::method_not_allowed);
    response.set(http::field::allow, "GET, HEAD");
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = "Method Not Allowed";
    return false;
  };

  if (path == "/health" || path == "/healthz") {
    if (probe("health")) json_body(response, http::status::ok, {{"ok", true}, {"status", "live"}});
  } else if (path == "/ready" || path == "/readyz") {
    if (probe("ready")) {
      // Detail (failing channels, uptime) only for local-direct or authenticated callers.
      bool detailed = peer.local_direct;
      if (!detailed && bearer_token(request)) {
        auto denied = require_gateway_bearer(context, peer, request);
        if (denied && denied->result() == http::status::too_many_requests) {
          context.metrics().http_request(route, 429, 0);
          return *denied;
        }
        detailed = !denied;
      }
      // Not ready while the state directory refuses writes (disk full, read-only, permissions):
      // pairing approvals, config changes and transcripts would fail. Reads still work.
      const auto unwritable = state::state_write_health().unwritable();
      json body = {{"ready", !unwritable}};
      if (detailed) {
        body["failing"] = json::array();
        body["uptimeMs"] = context.uptime_ms();
        if (unwritable) {
          body["state"] = {{"writable", false},       {"store", unwritable->store},
                           {"code", unwritable->code}, {"path", unwritable->path},
                           {"reason", unwritable->reason}, {"sinceMs", unwritable->since_ms}};
        }
      }
      json_body(response, unwritable ? http::status::service_unavailable : http::status::ok, body);
    }
  } else if (path == "/startup" || path == "/startupz") {
    if (probe("startup")) json_body(response, http::status::ok, {{"ok", true}, {"status", "started"}});
  } else {
    response.result(http::status::not_found);
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = "Not Found";
  }

  if (request.method() == http::verb::head) {
    response.content_length(response.body().size());
    response.body().clear();
  } else {
    response.prepare_payload();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  context.metrics().http_request(route, static_cast<int>(response.result_int()), seconds);
  return response;
}

std::optional<HttpResponse> require_gateway_bearer(GatewayContext& context, const PeerInfo& peer,
                                                   const HttpRequest& request) {
  std::int64_t retry_after_ms = 0;
  const auto result = check_bearer(context, peer, request, retry_after_ms);
  if (result == BearerResult::Ok) return std::nullopt;
  HttpResponse response{http::status::unauthorized, request.version()};
  apply_default_headers(response, context.settings().get());
  if (result == BearerResult::Locked) {
    json_body(response, http::status::too_many_requests,
              {{"error",
                {{"message", "Too many failed authentication attempts. Please try again later."},
                 {"type", "rate_limited"}}}});
    response.set(http::field::retry_after, std::to_string((retry_after_ms + 999) / 1000));
  } else {
    json_body(response, http::status::unauthorized, {{"error", {{"message", "Unauthorized"}, {"type", "unauthorized"}}}});
  }
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

}  // namespace openclaw::server
