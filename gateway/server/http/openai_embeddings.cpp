// POST /v1/embeddings (spec §6): `input` (a string or up to 128 strings of at most 8,192
// characters, 65,536 in all) embedded by the agent's memory-search model
// (agents.defaults.memorySearch / agents.list[].memorySearch {provider, model}) through the
// model router; a clear 400 when no embeddings model is configured.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/encoding.h"
#include "core/util/text.h"
#include "providers/model_router.h"
#include "server/http/agent_target.h"
#include "server/http/openai_common.h"
#include "server/http/openai_outcome.h"
#include "server/http/openai_routes.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr std::size_t kMaxInputs = 128;
constexpr std::size_t kMaxInputChars = 8192;
constexpr std::size_t kMaxTotalChars = 65536;
// What upstream falls back to when memorySearch names no provider.
constexpr std::string_view kDefaultEmbeddingsProvider = "openai";

// Characters as JavaScript counts them (UTF-16 code units), since the limits are upstream's.
std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;
    units += byte >= 0xF0 ? 2 : 1;
  }
  return units;
}

Result<std::vector<std::string>> read_inputs(const json& body) {
  const auto input = body.find("input");
  std::vector<std::string> texts;
  if (input != body.end() && input->is_string()) {
    texts.push_back(input->get<std::string>());
  } else if (input != body.end() && input->is_array()) {
    for (const auto& entry : *input) {
      if (!entry.is_string()) return fail("`input` must be a string or an array of strings.");
      texts.push_back(entry.get<std::string>());
    }
  } else {
    return fail("`input` must be a string or an array of strings.");
  }
  if (texts.empty()) return fail("`input` must contain at least one non-empty string.");
  for (const auto& text : texts) {
    if (text.empty()) return fail("`input` must contain at least one non-empty string.");
  }
  if (texts.size() > kMaxInputs) return fail("Too many inputs (max " + std::to_string(kMaxInputs) + ").");
  std::size_t total = 0;
  for (const auto& text : texts) {
    const std::size_t length = utf16_length(text);
    if (length > kMaxInputChars) return fail("Input too long (max " + std::to_string(kMaxInputChars) + " chars).");
    total += length;
    if (total > kMaxTotalChars)
      return fail("Total input too large (max " + std::to_string(kMaxTotalChars) + " chars).");
  }
  return texts;
}

// agents.defaults.memorySearch with the agent's own memorySearch fields over it.
json memory_search_config(const config::Config& config, std::string_view agent_id) {
  json merged = json::object();
  const auto& raw = config.raw;
  if (raw.contains("agents") && raw["agents"].is_object() && raw["agents"].contains("defaults") &&
      raw["agents"]["defaults"].is_object()) {
    const auto& defaults = raw["agents"]["defaults"];
    if (defaults.contains("memorySearch") && defaults["memorySearch"].is_object()) merged = defaults["memorySearch"];
  }
  for (const auto& entry : config.agents.list) {
    if (entry.id != agent_id) continue;
    const auto it = entry.raw.find("memorySearch");
    if (it == entry.raw.end() || !it->is_object()) continue;
    for (const auto& [key, value] : it->items()) merged[key] = value;
  }
  return merged;
}

std::string string_or_empty(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string(trim(it->get_ref<const std::string&>())) : std::string{};
}

// The provider/model to embed with: x-openclaw-model (only within the configured provider)
// or memorySearch.model, with memorySearch.provider (default "openai").
Result<providers::ModelRef> embeddings_model(const config::Config& config, std::string_view agent_id,
                                             const std::optional<std::string>& header) {
  const json search = memory_search_config(config, agent_id);
  std::string provider = ascii_lowercase(string_or_empty(search, "provider"));
  if (provider.empty() || provider == "auto") provider = std::string(kDefaultEmbeddingsProvider);
  const std::string requested = header ? std::string(trim(*header)) : string_or_empty(search, "model");
  if (requested.empty()) {
    return fail("No embeddings provider is configured for agent '" + std::string(agent_id) +
                "'. Set agents.defaults.memorySearch.provider and agents.defaults.memorySearch.model (or the "
                "agent's memorySearch in agents.list) to an embeddings-capable provider/model.");
  }
  const auto slash = requested.find('/');
  if (slash == std::string::npos) return providers::ModelRef{provider, requested};
  const std::string named_provider = ascii_lowercase(trim(std::string_view(requested).substr(0, slash)));
  const std::string model(trim(std::string_view(requested).substr(slash + 1)));
  if (model.empty()) return fail("Unsupported embedding model reference.");
  if (named_provider != provider) return fail("This agent does not allow that embedding provider on `/v1/embeddings`.");
  return providers::ModelRef{provider, model};
}

// OpenAI's base64 embeddings: the vector as little-endian float32 bytes.
std::string float32_base64(const std::vector<double>& vector) {
  std::string bytes(vector.size() * sizeof(float), '\0');
  for (std::size_t i = 0; i < vector.size(); ++i) {
    const float value = static_cast<float>(vector[i]);
    std::memcpy(bytes.data() + i * sizeof(float), &value, sizeof(float));
  }
  return crypto::base64_encode(bytes);
}

}  // namespace

void openai_embeddings(GatewayContext& context, HttpRequest request, std::shared_ptr<HttpResponder> responder) {
  const auto settings = context.settings();
  json body = json::parse(request.body(), nullptr, false);
  if (body.is_discarded()) return responder->respond(invalid_request(request, "Invalid JSON body.", settings.get()));
  if (!body.is_object()) body = json::object();
  request.body().clear();

  const std::string requested_model = string_or_empty(body, "model");
  if (requested_model.empty()) return responder->respond(invalid_request(request, "Missing `model`.", settings.get()));
  if (requested_model != kOpenClawModelId && !agent_id_from_model(requested_model, settings->config)) {
    return responder->respond(invalid_request(request, kInvalidModelMessage, settings.get()));
  }
  auto inputs = read_inputs(body);
  if (!inputs) return responder->respond(invalid_request(request, inputs.error().message, settings.get()));
  auto agent_id = resolve_request_agent(settings->config, agent_header(request), requested_model);
  if (!agent_id) return responder->respond(invalid_request(request, agent_id.error().message, settings.get()));
  auto model = embeddings_model(settings->config, *agent_id, header_value(request, "x-openclaw-model"));
  if (!model) return responder->respond(invalid_request(request, model.error().message, settings.get()));
  providers::ModelRouter* router = context.model_router();
  if (!router) {
    return responder->respond(openai_error_response(request, http::status::service_unavailable,
                                                    "Model providers are not available on this gateway.", "api_error",
                                                    settings.get()));
  }

  const bool base64 = string_or_empty(body, "encoding_format") == "base64";
  const auto log = context.logger().with_subsystem("gateway/openai");
  auto head = std::make_shared<HttpRequest>(std::move(request));
  auto done = [responder, head, settings, requested_model, base64, log, agent = *agent_id,
               ref = *model](std::expected<providers::EmbeddingsResult, providers::ModelFailure> result) {
    if (!result) {
      if (result.error().reason == providers::FailureReason::Cancelled) return;  // the client left
      log.warn("embeddings failed", {{"agentId", agent},
                                     {"model", ref.to_string()},
                                     {"errorKind", providers::to_string(result.error().reason)},
                                     {"error", result.error().message}});
      const auto error = error_for_failure(result.error().reason, result.error().message);
      return responder->respond(json_response(*head, error.status, error_json(error), settings.get()));
    }
    ordered_json data = ordered_json::array();
    for (std::size_t i = 0; i < result->vectors.size(); ++i) {
      ordered_json item;
      item["object"] = "embedding";
      item["index"] = i;
      if (base64) {
        item["embedding"] = float32_base64(result->vectors[i]);
      } else {
        item["embedding"] = result->vectors[i];
      }
      data.push_back(std::move(item));
    }
    ordered_json usage;
    usage["prompt_tokens"] = result->prompt_tokens;
    usage["total_tokens"] = result->prompt_tokens;
    ordered_json response;
    response["object"] = "list";
    response["data"] = std::move(data);
    response["model"] = requested_model;
    response["usage"] = std::move(usage);
    log.info("embeddings", {{"agentId", agent}, {"model", ref.to_string()}, {"inputs", result->vectors.size()}});
    responder->respond(json_response(*head, http::status::ok, response, settings.get()));
  };
  auto snapshot = std::shared_ptr<const config::Config>(settings, &settings->config);
  auto call = router->embed(std::move(snapshot), *agent_id, *model, std::move(*inputs), std::move(done));
  if (call) responder->on_disconnect([call] { call->cancel(); });
}

}  // namespace openclaw::server
