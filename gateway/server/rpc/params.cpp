#include "server/rpc/params.h"

namespace openclaw::server::rpc {
namespace {

using nlohmann::json;

std::string at(std::string_view key) { return "at /" + std::string(key); }

}  // namespace

protocol::ErrorShape invalid_params(std::string_view method, std::string_view detail) {
  return protocol::make_error(protocol::kInvalidRequest,
                              "invalid " + std::string(method) + " params: " + std::string(detail));
}

Param<json> params_object(std::string_view method, const json& params) {
  if (params.is_null()) return json::object();
  if (!params.is_object()) return std::unexpected(invalid_params(method, "at root: must be object"));
  return params;
}

Param<std::string> required_string(std::string_view method, const json& params, std::string_view key) {
  auto object = params_object(method, params);
  if (!object) return std::unexpected(object.error());
  auto it = object->find(key);
  if (it == object->end()) {
    return std::unexpected(invalid_params(method, "at root: must have required property '" + std::string(key) + "'"));
  }
  if (!it->is_string()) return std::unexpected(invalid_params(method, at(key) + ": must be string"));
  const auto& text = it->get_ref<const std::string&>();
  if (text.empty()) return std::unexpected(invalid_params(method, at(key) + ": must NOT have fewer than 1 characters"));
  return text;
}

Param<std::optional<std::string>> optional_string(std::string_view method, const json& params, std::string_view key) {
  auto object = params_object(method, params);
  if (!object) return std::unexpected(object.error());
  auto it = object->find(key);
  if (it == object->end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return std::unexpected(invalid_params(method, at(key) + ": must be string"));
  return std::optional<std::string>(it->get<std::string>());
}

Param<std::optional<bool>> optional_bool(std::string_view method, const json& params, std::string_view key) {
  auto object = params_object(method, params);
  if (!object) return std::unexpected(object.error());
  auto it = object->find(key);
  if (it == object->end() || it->is_null()) return std::optional<bool>{};
  if (!it->is_boolean()) return std::unexpected(invalid_params(method, at(key) + ": must be boolean"));
  return std::optional<bool>(it->get<bool>());
}

Param<std::optional<std::int64_t>> optional_integer(std::string_view method, const json& params,
                                                    std::string_view key, std::int64_t min, std::int64_t max) {
  auto object = params_object(method, params);
  if (!object) return std::unexpected(object.error());
  auto it = object->find(key);
  if (it == object->end() || it->is_null()) return std::optional<std::int64_t>{};
  if (!it->is_number_integer()) return std::unexpected(invalid_params(method, at(key) + ": must be integer"));
  const auto value = it->get<std::int64_t>();
  if (value < min) return std::unexpected(invalid_params(method, at(key) + ": must be >= " + std::to_string(min)));
  if (value > max) return std::unexpected(invalid_params(method, at(key) + ": must be <= " + std::to_string(max)));
  return std::optional<std::int64_t>(value);
}

Param<std::optional<std::vector<std::string>>> optional_string_list(std::string_view method, const json& params,
                                                                    std::string_view key) {
  auto object = params_object(method, params);
  if (!object) return std::unexpected(object.error());
  auto it = object->find(key);
  if (it == object->end() || it->is_null()) return std::optional<std::vector<std::string>>{};
  if (!it->is_array()) return std::unexpected(invalid_params(method, at(key) + ": must be array"));
  std::vector<std::string> items;
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return std::unexpected(invalid_params(method, at(key) + "/" + std::to_string(i) + ": must be string"));
    }
    items.push_back((*it)[i].get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(items));
}

}  // namespace openclaw::server::rpc
