// GET /v1/models and GET /v1/models/{id}: the agent targets a client may put in `model`.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "core/util/text.h"
#include "server/http/agent_target.h"
#include "server/http/openai_common.h"
#include "server/http/openai_routes.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using ordered_json = nlohmann::ordered_json;

constexpr std::string_view kModelsPath = "/v1/models";

ordered_json model_object(const std::string& id) {
  ordered_json model;
  model["id"] = id;
  model["object"] = "model";
  model["created"] = 0;
  model["owned_by"] = "openclaw";
  model["permission"] = ordered_json::array();
  return model;
}

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    const std::uint32_t minimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < minimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// decodeURIComponent: %XX escapes to bytes that must form UTF-8; nullopt when they do not.
std::optional<std::string> decode_uri_component(std::string_view encoded) {
  auto out = percent_decode(encoded);
  if (!out || !valid_utf8(*out)) return std::nullopt;
  return out;
}

}  // namespace

HttpResponse openai_models(GatewayContext& context, const HttpRequest& request) {
  const auto settings = context.settings();
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  const auto ids = openai_model_ids(settings->config);

  if (path == kModelsPath) {
    ordered_json data = ordered_json::array();
    for (const auto& id : ids) data.push_back(model_object(id));
    ordered_json body;
    body["object"] = "list";
    body["data"] = std::move(data);
    return json_response(request, http::status::ok, body, settings.get());
  }

  const std::string_view encoded = path.substr(kModelsPath.size() + 1);
  if (encoded.empty()) return invalid_request(request, "Missing model id.", settings.get());
  const auto id = decode_uri_component(encoded);
  if (!id) return invalid_request(request, "Invalid model id encoding.", settings.get());
  if (*id != kOpenClawModelId && !agent_id_from_model(*id, settings->config)) {
    return invalid_request(request, "Invalid model id.", settings.get());
  }
  if (std::find(ids.begin(), ids.end(), *id) == ids.end()) {
    return openai_error_response(request, http::status::not_found, "Model '" + *id + "' not found.",
                                 "invalid_request_error", settings.get());
  }
  return json_response(request, http::status::ok, model_object(*id), settings.get());
}

}  // namespace openclaw::server
