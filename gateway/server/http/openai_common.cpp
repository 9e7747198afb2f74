#include "server/http/openai_common.h"

#include <chrono>

#include "core/util/text.h"

namespace openclaw::server {

namespace http = boost::beast::http;

HttpResponse openai_error_response(const HttpRequest& request, http::status status, std::string_view message,
                                   std::string_view type, const RuntimeSettings* settings) {
  nlohmann::ordered_json error;
  error["message"] = message;
  error["type"] = type;
  return json_response(request, status, {{"error", error}}, settings);
}

HttpResponse invalid_request(const HttpRequest& request, std::string_view message, const RuntimeSettings* settings) {
  return openai_error_response(request, http::status::bad_request, message, "invalid_request_error", settings);
}

HttpResponse openai_body_error(unsigned version, http::status status, const RuntimeSettings* settings) {
  HttpRequest request{http::verb::post, "/", version};
  request.keep_alive(false);
  const std::string_view message =
      status == http::status::request_timeout ? "Request body timeout" : "Payload too large";
  return openai_error_response(request, status, message, "invalid_request_error", settings);
}

HttpResponse sse_head(const HttpRequest& request, const RuntimeSettings* settings) {
  HttpResponse head{http::status::ok, request.version()};
  apply_default_headers(head, settings);
  head.set(http::field::content_type, "text/event-stream; charset=utf-8");
  head.set(http::field::cache_control, "no-cache");
  head.set(http::field::connection, "keep-alive");
  return head;
}

std::optional<std::string> header_value(const HttpRequest& request, std::string_view name) {
  const auto it = request.find(name);
  if (it == request.end()) return std::nullopt;
  const std::string_view value = trim(std::string_view(it->value().data(), it->value().size()));
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> agent_header(const HttpRequest& request) {
  if (auto id = header_value(request, "x-openclaw-agent-id")) return id;
  return header_value(request, "x-openclaw-agent");
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace openclaw::server
