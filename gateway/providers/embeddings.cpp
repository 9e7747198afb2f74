// Embeddings over the OpenAI-compatible API (POST <base_url>/embeddings); declared in
// wire_adapter.h.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>

#include "core/crypto/encoding.h"
#include "providers/endpoint_request.h"
#include "providers/json_fields.h"
#include "providers/provider_failure.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;

// A vector sent as base64 of little-endian float32 (what OpenAI sends for
// encoding_format "base64", and what some servers send whatever was asked).
Result<std::vector<double>> decode_base64_vector(const std::string& text) {
  auto bytes = crypto::base64url_decode(text);
  if (!bytes || bytes->size() % 4 != 0)
    return fail("is neither a number array nor base64 float32 data");
  std::vector<double> vector;
  vector.reserve(bytes->size() / 4);
  for (std::size_t i = 0; i < bytes->size(); i += 4) {
    std::uint32_t bits = 0;
    for (std::size_t b = 0; b < 4; ++b)
      bits |= std::uint32_t{static_cast<unsigned char>((*bytes)[i + b])} << (8 * b);
    vector.push_back(static_cast<double>(std::bit_cast<float>(bits)));
  }
  return vector;
}

Result<std::vector<double>> read_vector(const json& embedding) {
  if (embedding.is_string()) return decode_base64_vector(embedding.get<std::string>());
  if (!embedding.is_array()) return fail("is not an array of numbers");
  std::vector<double> vector;
  vector.reserve(embedding.size());
  for (const json& value : embedding) {
    if (!value.is_number()) return fail("is not an array of numbers");
    vector.push_back(value.get<double>());
  }
  return vector;
}

}  // namespace

OutgoingRequest build_embeddings_request(const ProviderEndpoint& endpoint,
                                         const EmbeddingsRequest& request,
                                         std::string_view api_key) {
  OutgoingRequest out;
  out.method = "POST";
  out.url = join_endpoint_url(endpoint.base_url, "/embeddings");
  HeaderList headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (endpoint.auth_header && !api_key.empty())
    headers.emplace_back("Authorization", "Bearer " + std::string(api_key));
  out.headers = merge_headers(std::move(headers), endpoint.headers);
  const json body = {
      {"model", request.model}, {"input", request.inputs}, {"encoding_format", "float"}};
  out.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

Result<EmbeddingsResult> parse_embeddings_response(std::string_view body) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object())
    return fail("the embeddings response is not a JSON object");
  if (member(document, "error")) {
    const auto error = read_provider_error(document).value_or(ProviderError{});
    return fail("the embeddings provider reported an error: " +
                bounded_provider_text(error.message));
  }
  const json* data = member(document, "data");
  if (!data || !data->is_array()) return fail("the embeddings response has no data array");

  const std::size_t count = data->size();
  std::vector<std::optional<std::vector<double>>> by_index(count);
  for (std::size_t position = 0; position < count; ++position) {
    const json& item = (*data)[position];
    const std::string where = "data[" + std::to_string(position) + "]";
    // Providers return items in input order with an index each; index decides when present.
    const auto index = member(item, "index") ? integer_member(item, "index")
                                             : std::optional<std::int64_t>(position);
    if (!index || *index < 0 || static_cast<std::size_t>(*index) >= count) {
      return fail("the embeddings response's " + where + ".index is missing or out of range");
    }
    auto& slot = by_index[static_cast<std::size_t>(*index)];
    if (slot) return fail("the embeddings response has index " + std::to_string(*index) + " twice");
    const json* embedding = member(item, "embedding");
    if (!embedding) return fail("the embeddings response's " + where + " has no embedding");
    auto vector = read_vector(*embedding);
    if (!vector)
      return fail("the embeddings response's " + where + ".embedding " + vector.error().message);
    slot = std::move(*vector);
  }

  EmbeddingsResult result;
  result.vectors.reserve(count);
  for (auto& vector : by_index) result.vectors.push_back(std::move(*vector));
  if (const json* usage = member(document, "usage"))
    result.prompt_tokens = integer_member(*usage, "prompt_tokens").value_or(0);
  return result;
}

}  // namespace openclaw::providers
