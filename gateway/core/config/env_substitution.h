// `${VAR}` substitution in config string values (spec §5.1; upstream
// src/config/env-substitution.ts):
// - only names matching [A-Z_][A-Z0-9_]* are placeholders; "${lower}" or "${A-B}" stay text;
// - "$${VAR}" is the escape for a literal "${VAR}";
// - a variable that is unset or empty leaves its placeholder in place and yields a warning
//   naming the config path, so the value is visibly unresolved;
// - object keys, numbers, booleans and null are never touched.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/diagnostic.h"
#include "core/util/environment.h"

namespace openclaw::config {

struct EnvSubstitutionResult {
  nlohmann::json value;
  std::vector<Diagnostic> warnings;  // one per missing variable occurrence
};

// Substitutes every string value in `root`. Warnings read
// `<path>: environment variable NAME is not set (left as ${NAME})`.
EnvSubstitutionResult substitute_env(const nlohmann::json& root, const Environment& env);

// Substitutes one string; names of unset/empty variables are appended to `missing`.
std::string substitute_env_in_string(std::string_view text, const Environment& env,
                                     std::vector<std::string>* missing = nullptr);

// True when `text` holds at least one unescaped ${VAR} placeholder.
bool contains_env_reference(std::string_view text);

}  // namespace openclaw::config
