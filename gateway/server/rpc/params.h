// Reading RPC params with upstream's error wording: a bad or missing field answers
// INVALID_REQUEST "invalid <method> params: at /<field>: must be string" (or "at root: must
// have required property '<field>'"), naming the field and never echoing its value.
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/error_shape.h"

namespace openclaw::server::rpc {

protocol::ErrorShape invalid_params(std::string_view method, std::string_view detail);

template <class T>
using Param = std::expected<T, protocol::ErrorShape>;

// Params must be an object or absent; absent reads as {}.
Param<nlohmann::json> params_object(std::string_view method, const nlohmann::json& params);

Param<std::string> required_string(std::string_view method, const nlohmann::json& params, std::string_view key);
Param<std::optional<std::string>> optional_string(std::string_view method, const nlohmann::json& params,
                                                  std::string_view key);
Param<std::optional<bool>> optional_bool(std::string_view method, const nlohmann::json& params,
                                         std::string_view key);
Param<std::optional<std::int64_t>> optional_integer(std::string_view method, const nlohmann::json& params,
                                                    std::string_view key, std::int64_t min, std::int64_t max);
Param<std::optional<std::vector<std::string>>> optional_string_list(std::string_view method,
                                                                    const nlohmann::json& params,
                                                                    std::string_view key);

}  // namespace openclaw::server::rpc
