#include "server/http/control_ui_route.h"

#include <algorithm>

#include "core/crypto/sha256.h"
#include "server/http/control_ui_document.h"
#include "server/http/control_ui_file.h"
#include "server/http/control_ui_headers.h"
#include "server/http/control_ui_path.h"
#include "server/http/control_ui_routing.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kRouteFiles = "control_ui";
constexpr std::string_view kRouteConfig = "control_ui_config";
constexpr std::string_view kRejectedPath = "control_ui_path";
// Far above any file of the build (the largest bundle is ~3.5 MB); a file over it is not
// served rather than read whole.
constexpr std::uint64_t kMaxUiFileBytes = 32 * 1024 * 1024;
constexpr std::uint64_t kMaxIndexBytes = 2 * 1024 * 1024;
// Upstream's Permissions-Policy for the UI: the talk and camera features need them.
constexpr std::string_view kUiPermissionsPolicy = "camera=(self), microphone=*, geolocation=*, clipboard-write=*";

std::string_view header(const HttpRequest& request, http::field field) {
  const auto it = request.find(field);
  return it == request.end() ? std::string_view() : std::string_view(it->value().data(), it->value().size());
}

// A response with the gateway's default headers and the UI's security headers.
HttpResponse ui_response(const HttpRequest& request, const RuntimeSettings* settings, http::status status) {
  HttpResponse response{status, request.version()};
  apply_default_headers(response, settings);
  response.set("X-Frame-Options", "DENY");
  response.set("Permissions-Policy", kUiPermissionsPolicy);
  response.set("Content-Security-Policy", ui_content_security_policy(""));
  response.keep_alive(request.keep_alive());
  return response;
}

// Sets the body, or for HEAD only its length (the session writes no body then).
void finish(HttpResponse& response, const HttpRequest& request, std::string body) {
  if (request.method() == http::verb::head) {
    response.content_length(body.size());
    return;
  }
  response.body() = std::move(body);
  response.prepare_payload();
}

HttpResponse plain(const HttpRequest& request, const RuntimeSettings* settings, http::status status,
                   std::string_view text) {
  auto response = ui_response(request, settings, status);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  finish(response, request, std::string(text));
  return response;
}

HttpResponse not_found(const HttpRequest& request, const RuntimeSettings* settings) {
  return plain(request, settings, http::status::not_found, "Not Found");
}

// 304: the validators and caching headers again, no body.
HttpResponse not_modified(const HttpRequest& request, const RuntimeSettings* settings, std::string_view cache_control,
                          std::string_view etag, std::optional<std::int64_t> last_modified) {
  auto response = ui_response(request, settings, http::status::not_modified);
  response.set(http::field::cache_control, cache_control);
  response.set(http::field::etag, etag);
  if (last_modified) response.set(http::field::last_modified, http_date(*last_modified));
  response.set(http::field::vary, "Accept-Encoding");
  return response;
}

// If-None-Match decides when present (RFC 9110 §13.1.3); else If-Modified-Since.
bool client_copy_current(const HttpRequest& request, std::string_view etag, std::optional<std::int64_t> mtime) {
  const auto if_none_match = header(request, http::field::if_none_match);
  if (!if_none_match.empty()) return ui_if_none_match(if_none_match, etag);
  if (!mtime) return false;
  const auto since = parse_http_date(header(request, http::field::if_modified_since));
  return since && *mtime <= *since;
}

struct Chosen {
  UiFile file;
  std::string encoding = "identity";
};

// The representation to send: the .br or .gz sibling the client accepts for a text
// format, else the file itself; nullopt when the client accepts none of them.
std::optional<Chosen> choose_representation(const HttpRequest& request, const UiFileLookup& lookup,
                                            const std::string& name, std::string_view extension) {
  const auto accepted = ui_accepted_encodings(header(request, http::field::accept_encoding));
  if (!is_ui_compressible_extension(extension)) {
    if (std::ranges::find(accepted, "identity") == accepted.end()) return std::nullopt;
    return Chosen{*lookup.file, "identity"};
  }
  for (const auto& encoding : accepted) {
    if (encoding == "identity") return Chosen{*lookup.file, "identity"};
    auto sibling = open_ui_sibling(lookup, name + (encoding == "br" ? ".br" : ".gz"));
    if (sibling) return Chosen{std::move(*sibling), encoding};
  }
  return std::nullopt;
}

HttpResponse serve_asset(GatewayContext& context, const HttpRequest& request, const RuntimeSettings* settings,
                         const UiRelativePath& path, const UiFileLookup& lookup) {
  const std::string& name = path.segments.back();
  const std::string extension = file_extension(name);
  // The build's bundles under assets/ carry a content hash in their names.
  const bool immutable = path.segments.size() > 1 && path.segments.front() == "assets";
  const std::string_view cache_control = immutable ? kUiImmutableCacheControl : "no-cache";
  auto chosen = choose_representation(request, lookup, name, extension);
  if (!chosen) {
    auto response = plain(request, settings, http::status::not_acceptable, "Not Acceptable");
    response.set(http::field::cache_control, "no-store");
    response.set(http::field::vary, "Accept-Encoding");
    return response;
  }
  const auto& source = *lookup.file;
  const std::string etag =
      ui_entity_tag(chosen->file.size, source.mtime_seconds, source.mtime_nanoseconds, chosen->encoding);
  if (client_copy_current(request, etag, source.mtime_seconds)) {
    return not_modified(request, settings, cache_control, etag, source.mtime_seconds);
  }
  auto response = ui_response(request, settings, http::status::ok);
  response.set(http::field::content_type, ui_content_type(extension));
  response.set(http::field::cache_control, cache_control);
  response.set(http::field::etag, etag);
  response.set(http::field::last_modified, http_date(source.mtime_seconds));
  response.set(http::field::vary, "Accept-Encoding");
  if (chosen->encoding != "identity") response.set(http::field::content_encoding, chosen->encoding);
  if (request.method() == http::verb::head) {
    response.content_length(chosen->file.size);
    return response;
  }
  auto body = read_ui_file(chosen->file, kMaxUiFileBytes);
  if (!body) {
    context.logger().with_subsystem("gateway/control-ui").warn("control UI file not served: " + body.error().message);
    return plain(request, settings, http::status::internal_server_error, "Internal Server Error");
  }
  response.body() = std::move(*body);
  response.prepare_payload();
  return response;
}

HttpResponse serve_index(GatewayContext& context, const HttpRequest& request, const RuntimeSettings* settings,
                         const UiFile& index, std::string_view base_path) {
  auto raw = read_ui_file(index, kMaxIndexBytes);
  if (!raw) {
    context.logger().with_subsystem("gateway/control-ui").warn("control UI index.html not served: " + raw.error().message);
    return plain(request, settings, http::status::internal_server_error, "Internal Server Error");
  }
  std::string document = stamp_index_html(*raw, base_path);
  const std::string etag = "\"" + crypto::sha256_hex(document).substr(0, 32) + "\"";
  if (client_copy_current(request, etag, std::nullopt)) {
    return not_modified(request, settings, "no-cache", etag, std::nullopt);
  }
  auto response = ui_response(request, settings, http::status::ok);
  response.set("Content-Security-Policy", ui_content_security_policy(document));
  response.set(http::field::content_type, "text/html; charset=utf-8");
  response.set(http::field::cache_control, "no-cache");
  response.set(http::field::etag, etag);
  finish(response, request, std::move(document));
  return response;
}

HttpResponse refuse(GatewayContext& context, const HttpRequest& request, const RuntimeSettings* settings) {
  context.metrics().http_rejected(kRejectedPath);
  return not_found(request, settings);
}

HttpResponse serve_files(GatewayContext& context, const HttpRequest& request, const RuntimeSettings& settings,
                         const UiRoute& route, std::string_view base_path) {
  const auto path = parse_ui_path(route.below_mount);
  if (!path) return refuse(context, request, &settings);
  auto root = open_ui_root(*settings.control_ui.root);
  if (!root) {
    return plain(request, &settings, http::status::service_unavailable,
                 "Control UI assets not found. Check gateway.controlUi.root (the gateway log names the problem).");
  }
  const auto lookup = open_ui_file((*root)->get(), *path);
  if (lookup.status == UiFileStatus::Refused) return refuse(context, request, &settings);
  if (lookup.status == UiFileStatus::Found) {
    if (path->directory || path->segments.back() == "index.html") {
      return serve_index(context, request, &settings, *lookup.file, base_path);
    }
    return serve_asset(context, request, &settings, *path, lookup);
  }
  // Missing: a script, style or image that is not there stays a 404; any other path is a
  // client-side route of the SPA.
  const bool asset = !path->directory && is_ui_static_asset_extension(file_extension(path->segments.back()));
  if (asset || !route.spa_fallback) return not_found(request, &settings);
  const auto index = open_ui_file((*root)->get(), UiRelativePath{.segments = {}, .directory = true});
  if (index.status != UiFileStatus::Found) return not_found(request, &settings);
  return serve_index(context, request, &settings, *index.file, base_path);
}

HttpResponse bootstrap_config(GatewayContext& context, const HttpRequest& request, const RuntimeSettings& settings,
                              std::string_view base_path) {
  auto response = json_response(request, http::status::ok,
                                ui_bootstrap_config(settings.config, base_path, context.version()), &settings);
  response.set(http::field::cache_control, "no-cache");
  if (request.method() == http::verb::head) {
    response.content_length(response.body().size());
    response.body().clear();
  }
  return response;
}

}  // namespace

std::optional<RoutePlan> plan_control_ui_route(GatewayContext& context, const PeerInfo&, const HttpRequest& head) {
  const auto settings = context.settings();
  const auto& ui = settings->control_ui;
  if (!ui.enabled || !ui.root || ui.root->empty()) return std::nullopt;
  const std::string base_path = normalize_ui_base_path(ui.base_path);
  const auto route = classify_ui_request(base_path, std::string_view(head.target().data(), head.target().size()),
                                         head.method(), header(head, http::field::accept));
  RoutePlan plan;
  plan.route = std::string(kRouteFiles);
  switch (route.kind) {
    case UiRoute::Kind::NotUi:
      return std::nullopt;
    case UiRoute::Kind::NotFound:
      plan.answer = not_found(head, settings.get());
      break;
    case UiRoute::Kind::Redirect: {
      auto response = ui_response(head, settings.get(), http::status::found);
      response.set(http::field::location, route.location);
      finish(response, head, "");
      plan.answer = std::move(response);
      break;
    }
    case UiRoute::Kind::Config:
      plan.route = std::string(kRouteConfig);
      plan.answer = bootstrap_config(context, head, *settings, base_path);
      break;
    case UiRoute::Kind::Serve:
      plan.answer = serve_files(context, head, *settings, route, base_path);
      break;
  }
  return plan;
}

void log_control_ui_status(const RuntimeSettings& settings, const log::Logger& logger) {
  const auto& ui = settings.control_ui;
  const auto log = logger.with_subsystem("gateway/control-ui");
  if (!ui.enabled) {
    log.info("control UI off (gateway.controlUi.enabled is false)");
    return;
  }
  if (!ui.root || ui.root->empty()) {
    log.info(
        "control UI not served: set gateway.controlUi.root to the dist/control-ui directory of the openclaw npm "
        "package (docs/gateway.md, \"Control UI\")");
    return;
  }
  const std::string base_path = normalize_ui_base_path(ui.base_path);
  auto root = open_ui_root(*ui.root);
  if (!root) {
    log.warn("control UI not served: " + root.error().message + "; its paths answer 503");
    return;
  }
  const auto index = open_ui_file((*root)->get(), UiRelativePath{.segments = {}, .directory = true});
  if (index.status != UiFileStatus::Found) {
    log.warn("control UI root " + *ui.root + " has no index.html; is it the build's dist/control-ui directory?");
    return;
  }
  log.info("control UI served from " + *ui.root + " at " + base_path + "/");
}

}  // namespace openclaw::server
