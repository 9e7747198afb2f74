// The schema of openclaw.json (spec §5; upstream src/config/zod-schema*.ts), and the one
// entry point that checks a config tree against it.
//
// - Invalid values are errors naming the path, the value (secrets shown as "<redacted>") and
//   what was expected: `gateway.port: 70000 is out of range (expected an integer 1-65535)`.
// - Unknown keys are warnings: `gateway.foo: unknown key (ignored)`. Sections and keys that
//   upstream has but this gateway does not interpret (channels, plugins, tools, ...) are
//   accepted without checks and without warnings; the root "$schema" key is allowed.
// - Our own extension `gateway.metrics{enabled, bind, port, path, token}` is part of it.
#pragma once

#include <nlohmann/json.hpp>

#include "core/config/diagnostic.h"
#include "core/config/schema_node.h"

namespace openclaw::config {

// Checks a config tree whose $include and ${VAR} have already been resolved.
ValidationReport validate(const nlohmann::json& root);

// The root node of the declared schema (built once; shared and immutable).
const schema::Node& config_schema();

}  // namespace openclaw::config
