// The OpenAI-compatible endpoints on the gateway port (spec §6), each answering one request
// whose body the session has read (method, auth and body limit were checked by
// plan_openai_route). Run failures answer with OpenAI-style errors; client disconnects
// cancel the upstream work.
#pragma once

#include <memory>

#include "server/gateway_context.h"
#include "server/http/http_responder.h"
#include "server/http/http_routes.h"

namespace openclaw::server {

// GET /v1/models and GET /v1/models/{urlencoded id}.
HttpResponse openai_models(GatewayContext& context, const HttpRequest& request);

// POST /v1/chat/completions: one agent run; JSON, or SSE chunks when `stream` is true.
void openai_chat_completions(GatewayContext& context, HttpRequest request, std::shared_ptr<HttpResponder> responder);

// POST /v1/responses (OpenResponses): one agent run; a response object, or the SSE event
// sequence when `stream` is true.
void openai_responses(GatewayContext& context, HttpRequest request, std::shared_ptr<HttpResponder> responder);

// POST /v1/embeddings: the agent's memory-search embeddings model through the model router.
void openai_embeddings(GatewayContext& context, HttpRequest request, std::shared_ptr<HttpResponder> responder);

}  // namespace openclaw::server
