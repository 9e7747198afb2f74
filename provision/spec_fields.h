// The provisioning spec's schema as data: every field's path, type and help text. One table
// drives validation of the spec file, the command-line flags, the environment variables and
// the generated reference in docs/provisioning.md, so the four can never disagree.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::provision {

enum class FieldType { String, Integer, Port, Boolean, StringList, Enum };

struct SpecField {
  // Dotted path in the spec; `*` stands for a map key chosen by the user
  // (providers.*.apiKeyEnv) and `[]` for the elements of a list (devices[].name).
  std::string_view path;
  FieldType type;
  std::string_view help;
  std::vector<std::string_view> choices = {};  // for FieldType::Enum
};

// Every field a spec may contain.
std::span<const SpecField> spec_fields();

// Fields that can be set from a flag and an environment variable (no `*` or `[]`).
bool is_scalar_path(const SpecField& field);

// `--auth-token-file` for gateway.auth.tokenFile, `--state-dir` for stateDir: kebab case,
// with the `gateway.` prefix dropped because almost every field lives there.
std::string flag_name(const SpecField& field);

// OPENCLAW_PROVISION_GATEWAY_AUTH_TOKEN_FILE for gateway.auth.tokenFile.
std::string env_name(const SpecField& field);

// Finds the field for a concrete path ("providers.openai.apiKeyEnv",
// "devices[2].name" is looked up as "devices[].name").
const SpecField* find_field(std::string_view concrete_path);

// Sets `value` (text from a flag, an environment variable or --set) at `path` in `tree`,
// converted to the field's type. Lists accept comma-separated items and, when `append`,
// add to what is already there. Errors name the source (`origin`) and the field.
Status set_field_from_text(nlohmann::json& tree, const SpecField& field, std::string_view path,
                           std::string_view value, std::string_view origin, bool append);

// Checks a whole spec tree against the table: unknown keys, wrong types, bad enum values.
// Scalars written as strings (YAML) are converted to the field's type in place.
// The error names the path, the value and what was expected.
Status normalize_spec_tree(nlohmann::json& tree);

// Applies OPENCLAW_PROVISION_* variables to `tree` (environment beats the spec file).
Status apply_environment_overrides(nlohmann::json& tree, const Environment& environment);

}  // namespace openclaw::provision
