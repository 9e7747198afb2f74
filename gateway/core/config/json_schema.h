// The OpenClaw config schema (schema.cpp) as a JSON Schema document (draft-07), for
// `openclaw config schema`, editors ("$schema") and config.schema, plus upstream's `uiHints`
// map marking the secret paths a UI must mask ({"gateway.auth.token": {"sensitive": true}},
// maps written "*" and list elements "[]", as upstream writes hint keys).
#pragma once

#include <nlohmann/json.hpp>

#include "core/config/schema_node.h"

namespace openclaw::config {

// The schema of `root` (default: the OpenClaw config). Objects list their known keys under
// `properties` (keys we accept without checking them as `{}`), `required`, and
// `additionalProperties: false` (unknown keys are reported, as upstream's strict schema
// does); value rules become type/enum/minimum/maximum/minLength, and every rule a JSON
// Schema cannot express is spelled out in `description`.
nlohmann::json to_json_schema(const schema::Node& root);
nlohmann::json config_json_schema();

// {"<path>": {"sensitive": true}} for every secret node of `root`.
nlohmann::json sensitive_ui_hints(const schema::Node& root);
nlohmann::json config_ui_hints();

}  // namespace openclaw::config
