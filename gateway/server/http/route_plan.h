// What the session does with a request once its head has arrived (spec §6): answer at once
// from the head alone (405, 401/429, 413 by Content-Length), or read the body up to the
// route's own limit and hand the request to the route, which answers synchronously or
// through an HttpResponder.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/http/http_responder.h"
#include "server/http/http_routes.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {

// Bodies of the probes and unknown paths (nobody needs more).
inline constexpr std::uint64_t kDefaultHttpBodyLimit = 64 * 1024;

using SyncRoute = std::function<HttpResponse(const HttpRequest& request, const PeerInfo& peer)>;
using AsyncRoute =
    std::function<void(HttpRequest request, const PeerInfo& peer, std::shared_ptr<HttpResponder> responder)>;

struct RoutePlan {
  std::string route;  // metrics label: a fixed name, never the raw path
  // Answered from the head alone; the body, if any, is never read (the connection closes).
  std::optional<HttpResponse> answer;
  std::uint64_t body_limit = kDefaultHttpBodyLimit;
  // 413 / 408 answers as OpenAI-style JSON errors rather than plain text.
  bool json_errors = false;
  // Exactly one is set when `answer` is not.
  SyncRoute sync;
  AsyncRoute async;
};

// The OpenAI-compatible routes (/v1/models*, /v1/embeddings, /v1/responses,
// /v1/chat/completions) when their endpoints are enabled; nullopt for every other request
// (then the probes / 404 of handle_http_request apply).
std::optional<RoutePlan> plan_openai_route(GatewayContext& context, const PeerInfo& peer, const HttpRequest& head);

}  // namespace openclaw::server
