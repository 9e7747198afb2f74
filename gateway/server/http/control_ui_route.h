// The Control UI on the gateway port (spec §6): the browser SPA's files from
// gateway.controlUi.root under gateway.controlUi.basePath, index.html for client-side
// routes, and the bootstrap JSON. Only when the UI is enabled and a root is configured;
// otherwise nothing changes (unknown paths stay 404).
//
// Order among the routes: the OpenAI-compatible routes are planned first, then this, then
// the probes and the 404 of handle_http_request. The UI never claims the probe paths,
// /v1*, /api*, /plugins* (nor /ui*, which it answers 404), so what the gateway served
// before keeps its answers.
#pragma once

#include <optional>

#include "core/log/logger.h"
#include "server/http/route_plan.h"

namespace openclaw::server {

// The answer to a Control UI request, decided from its head; nullopt when the request is
// not the UI's (or the UI is off / has no root). Answers: the file (with its precompressed
// form when the client accepts it), 304 when the client's copy is current, 302 to the
// mount, 404 for what is not there or is refused (a path out of the root, a link, a
// dotfile; counted as openclaw_http_rejections_total{reason="control_ui_path"}), 406 when
// no acceptable coding exists, 503 when the root cannot be opened.
std::optional<RoutePlan> plan_control_ui_route(GatewayContext& context, const PeerInfo& peer, const HttpRequest& head);

// One startup line: where the UI is served from, or why it is not and how to enable it.
void log_control_ui_status(const RuntimeSettings& settings, const log::Logger& logger);

}  // namespace openclaw::server
