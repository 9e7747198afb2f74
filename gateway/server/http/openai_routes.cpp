#include "server/http/openai_routes.h"

#include <algorithm>

#include "server/http/route_plan.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;

// Upstream's limit for /v1/embeddings bodies (128 inputs of up to 8,192 characters fit).
constexpr std::uint64_t kEmbeddingsBodyLimit = 5 * 1024 * 1024;

std::uint64_t configured_limit(std::int64_t configured) {
  return configured > 0 ? static_cast<std::uint64_t>(configured)
                        : static_cast<std::uint64_t>(config::kDefaultHttpMaxBodyBytes);
}

}  // namespace

std::optional<RoutePlan> plan_openai_route(GatewayContext& context, const PeerInfo& peer, const HttpRequest& head) {
  const std::string_view target(head.target().data(), head.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  const auto settings = context.settings();
  const auto& endpoints = settings->config.gateway.http;
  const bool chat = endpoints.chat_completions.enabled;
  const bool responses = endpoints.responses.enabled;
  GatewayContext* gateway = &context;

  // Upstream's stage order: /v1/models → /v1/embeddings → /v1/responses → /v1/chat/completions.
  RoutePlan plan;
  plan.json_errors = true;
  http::verb method = http::verb::post;
  if ((path == "/v1/models" || path.starts_with("/v1/models/")) && (chat || responses)) {
    plan.route = "openai_models";
    method = http::verb::get;
    plan.sync = [gateway](const HttpRequest& request, const PeerInfo&) { return openai_models(*gateway, request); };
  } else if (path == "/v1/embeddings" && (chat || responses)) {
    plan.route = "openai_embeddings";
    plan.body_limit = kEmbeddingsBodyLimit;
    plan.async = [gateway](HttpRequest request, const PeerInfo&, std::shared_ptr<HttpResponder> responder) {
      openai_embeddings(*gateway, std::move(request), std::move(responder));
    };
  } else if (path == "/v1/responses" && responses) {
    plan.route = "openai_responses";
    plan.body_limit = configured_limit(endpoints.responses.max_body_bytes);
    plan.async = [gateway](HttpRequest request, const PeerInfo&, std::shared_ptr<HttpResponder> responder) {
      openai_responses(*gateway, std::move(request), std::move(responder));
    };
  } else if (path == "/v1/chat/completions" && chat) {
    plan.route = "openai_chat_completions";
    plan.body_limit = configured_limit(endpoints.chat_completions.max_body_bytes);
    plan.async = [gateway](HttpRequest request, const PeerInfo&, std::shared_ptr<HttpResponder> responder) {
      openai_chat_completions(*gateway, std::move(request), std::move(responder));
    };
  } else {
    return std::nullopt;
  }

  // Method first, then auth, then the body (as upstream's handlers check them).
  if (head.method() != method) {
    plan.answer = method_not_allowed(head, method == http::verb::get ? "GET" : "POST", settings.get());
  } else if (auto denied = require_gateway_bearer(context, peer, head)) {
    plan.answer = std::move(*denied);
  }
  return plan;
}

}  // namespace openclaw::server
