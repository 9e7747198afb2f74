#include "providers/model_params.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace openclaw::providers {
namespace {

// Keys that would replace what the adapter itself builds.
constexpr std::array<std::string_view, 5> kStructuralKeys = {"model", "messages", "system",
                                                             "stream", "stream_options"};

// Lowercase upstream options that are about the client, not the request body.
constexpr std::array<std::string_view, 3> kClientOptions = {"transport", "streaming", "alias"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view key) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

bool is_wire_field_name(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<std::int64_t> positive_integer(const nlohmann::json& value) {
  if (value.is_number_integer() && value.get<std::int64_t>() > 0) return value.get<std::int64_t>();
  return std::nullopt;
}

std::optional<double> number(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  return std::nullopt;
}

}  // namespace

ModelParams read_model_params(const nlohmann::json& params) {
  ModelParams out;
  if (!params.is_object()) return out;
  for (const auto& [key, value] : params.items()) {
    if (key == "maxTokens" || key == "max_tokens") {
      out.max_tokens = positive_integer(value);
    } else if (key == "temperature") {
      out.temperature = number(value);
    } else if (key == "topP" || key == "top_p") {
      out.top_p = number(value);
    } else if (key == "topK" || key == "top_k") {
      out.top_k = positive_integer(value);
    } else if (key == "extraBody" || key == "extra_body") {
      if (value.is_object()) out.extra_body = value;
    } else if (key == "context1m") {
      out.context_1m = value.is_boolean() && value.get<bool>();
    } else if (key == "thinking") {
      // Upstream's thinking level is a word ("low", "high"); Anthropic's wire field of the
      // same name is an object. Only the latter belongs in a body.
      if (value.is_object()) out.wire_fields[key] = value;
    } else if (is_wire_field_name(key) && !listed(kStructuralKeys, key) &&
               !listed(kClientOptions, key)) {
      out.wire_fields[key] = value;
    }
  }
  return out;
}

}  // namespace openclaw::providers
