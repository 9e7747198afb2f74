#include "core/config/json_schema.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/config/schema.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
using schema::Kind;
using schema::Node;

json secret_ref_schema() {
  return {{"type", "object"},
          {"description", "a SecretRef: where the secret is kept instead of the secret itself"},
          {"properties",
           {{"source", {{"type", "string"}, {"enum", {"env", "file", "exec"}}}},
            {"provider", {{"type", "string"}, {"pattern", "^[a-z][a-z0-9_-]{0,63}$"}}},
            {"id", {{"type", "string"}}}}},
          {"required", {"source", "id"}},
          {"additionalProperties", false}};
}

// The JSON types a custom node accepts, found by asking it about one sample of each.
std::vector<std::string> accepted_types(const Node& node) {
  const std::vector<std::pair<std::string, json>> samples = {{"string", ""},
                                                             {"number", 1},
                                                             {"boolean", true},
                                                             {"object", json::object()},
                                                             {"array", json::array()}};
  std::vector<std::string> types;
  for (const auto& [type, sample] : samples) {
    if (!node.accepts || node.accepts(sample)) types.push_back(type);
  }
  return types;
}

json schema_of(const Node& node);

json custom_schema(const Node& node) {
  const auto types = accepted_types(node);
  const bool takes_string = std::ranges::find(types, "string") != types.end();
  const bool takes_object = std::ranges::find(types, "object") != types.end();
  if (node.sensitive && takes_string && takes_object && types.size() == 2) {
    return {{"anyOf", {{{"type", "string"}}, secret_ref_schema()}},
            {"description", node.expectation}};
  }
  json out = {{"description", node.expectation}};
  if (types.size() == 1) {
    out["type"] = types.front();
  } else if (types.size() < 5) {
    out["type"] = types;
  }
  return out;
}

json object_schema(const Node& node) {
  json properties = json::object();
  json required = json::array();
  for (const auto& field : node.fields) {
    properties[field.name] = schema_of(*field.node);
    if (field.required) required.push_back(field.name);
  }
  for (const auto& key : node.opaque_keys) {
    if (!properties.contains(key)) properties[key] = json::object();
  }
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = std::move(required);
  if (node.catchall) {
    out["additionalProperties"] = schema_of(*node.catchall);
  } else {
    out["additionalProperties"] = node.allow_unknown;
  }
  return out;
}

json schema_of(const Node& node) {
  json out;
  switch (node.kind) {
    case Kind::Any:
      out = json::object();
      break;
    case Kind::Boolean:
      out = {{"type", "boolean"}};
      break;
    case Kind::Integer:
    case Kind::Number:
      out = {{"type", node.kind == Kind::Integer ? "integer" : "number"}};
      if (node.min) out[node.exclusive_min ? "exclusiveMinimum" : "minimum"] = *node.min;
      if (node.max) out["maximum"] = *node.max;
      break;
    case Kind::String:
      out = {{"type", "string"}};
      if (node.non_empty) out["minLength"] = 1;
      if (node.string_check) out["description"] = node.expectation;
      break;
    case Kind::Enum:
      out = {{"type", "string"}, {"enum", node.values}};
      break;
    case Kind::Object:
      out = object_schema(node);
      break;
    case Kind::Map:
      out = {{"type", "object"}, {"additionalProperties", schema_of(*node.element)}};
      if (node.key_check) out["propertyNames"] = {{"description", node.key_expectation}};
      break;
    case Kind::Array:
      out = {{"type", "array"}, {"items", schema_of(*node.element)}};
      break;
    case Kind::OneOf: {
      json alternatives = json::array();
      for (const auto& alternative : node.alternatives)
        alternatives.push_back(schema_of(*alternative));
      out = {{"anyOf", std::move(alternatives)}, {"description", node.expectation}};
      break;
    }
    case Kind::Custom:
      out = custom_schema(node);
      break;
  }
  if (node.sensitive && out.is_object()) out["writeOnly"] = true;
  return out;
}

void collect_hints(const Node& node, const std::string& path, bool inherited, json& hints) {
  const bool sensitive = inherited || node.sensitive;
  if (sensitive && !path.empty()) {
    hints[path] = {{"sensitive", true}};
    return;  // everything below is covered by its parent's hint
  }
  const auto child = [&](std::string_view suffix) {
    return path.empty() ? std::string(suffix) : path + std::string(suffix);
  };
  switch (node.kind) {
    case Kind::Object:
      for (const auto& field : node.fields) {
        collect_hints(*field.node, path.empty() ? field.name : path + "." + field.name, sensitive,
                      hints);
      }
      if (node.catchall)
        collect_hints(*node.catchall, child(path.empty() ? "*" : ".*"), sensitive, hints);
      break;
    case Kind::Map:
      collect_hints(*node.element, child(path.empty() ? "*" : ".*"), sensitive, hints);
      break;
    case Kind::Array:
      collect_hints(*node.element, path + "[]", sensitive, hints);
      break;
    case Kind::OneOf:
      for (const auto& alternative : node.alternatives)
        collect_hints(*alternative, path, sensitive, hints);
      break;
    default:
      break;
  }
}

}  // namespace

json to_json_schema(const Node& root) {
  json out = schema_of(root);
  out["$schema"] = "http://json-schema.org/draft-07/schema#";
  out["title"] = "OpenClawConfig";
  return out;
}

json config_json_schema() { return to_json_schema(config_schema()); }

json sensitive_ui_hints(const Node& root) {
  json hints = json::object();
  collect_hints(root, "", false, hints);
  return hints;
}

json config_ui_hints() { return sensitive_ui_hints(config_schema()); }

}  // namespace openclaw::config
