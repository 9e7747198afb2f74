#include "core/config/loader.h"

#include "core/config/env_substitution.h"
#include "core/state/file_reader.h"
#include "core/config/includes.h"
#include "core/config/schema.h"
#include "core/json5/json5.h"

namespace openclaw::config {
namespace {

using nlohmann::json;

std::unexpected<LoadError> load_error(LoadErrorKind kind, std::string message,
                                      std::vector<Diagnostic> warnings = {}) {
  return std::unexpected(LoadError{kind, std::move(message), {}, std::move(warnings)});
}

// The process environment plus env.vars (and VAR: "value" keys directly under env) for
// variables that are not already set: config never overrides the real environment.
Environment with_config_env(const Environment& env, const json& root) {
  Environment merged = env;
  if (!root.is_object()) return merged;
  auto section = root.find("env");
  if (section == root.end() || !section->is_object()) return merged;
  auto apply = [&](const json& object) {
    for (const auto& [key, value] : object.items()) {
      if (!value.is_string() || key.empty()) continue;
      if (merged.get_non_empty(key)) continue;
      merged.set(key, value.get<std::string>());
    }
  };
  if (auto vars = section->find("vars"); vars != section->end() && vars->is_object()) {
    apply(*vars);
  }
  json shorthand = json::object();
  for (const auto& [key, value] : section->items()) {
    if (key != "vars" && key != "shellEnv" && value.is_string()) shorthand[key] = value;
  }
  apply(shorthand);
  return merged;
}

}  // namespace

LoadResult load_config_text(std::string text, const std::filesystem::path& path,
                            const Environment& env) {
  const std::string name = path.string();
  auto parsed = json5::parse(text);
  if (!parsed) return load_error(LoadErrorKind::Parse, name + ": " + parsed.error().message);

  IncludeOptions include_options;
  include_options.extra_roots = include_roots_from_env(env);
  auto included = resolve_includes(*parsed, path, include_options);
  if (!included) return load_error(LoadErrorKind::Include, included.error().message);

  Environment effective_env = with_config_env(env, *included);
  auto substituted = substitute_env(*included, effective_env);
  std::vector<Diagnostic> warnings = std::move(substituted.warnings);

  ValidationReport report = validate(substituted.value);
  warnings.insert(warnings.end(), report.warnings.begin(), report.warnings.end());
  if (!report.ok()) {
    std::string message = name + ": invalid config:";
    for (const auto& error : report.errors) message += "\n  " + error.to_string();
    LoadError error{LoadErrorKind::Invalid, std::move(message), std::move(report.errors),
                    std::move(warnings)};
    return std::unexpected(std::move(error));
  }

  auto model = from_json(substituted.value);
  if (!model) {
    return load_error(LoadErrorKind::Invalid, name + ": " + model.error().message,
                      std::move(warnings));
  }

  LoadedConfig loaded;
  loaded.path = path;
  loaded.raw_text = std::move(text);
  loaded.raw = std::move(*parsed);
  loaded.resolved = std::move(substituted.value);
  loaded.config = std::move(*model);
  loaded.warnings = std::move(warnings);
  loaded.environment = std::move(effective_env);
  return loaded;
}

LoadResult load_config(const std::filesystem::path& path, const Environment& env) {
  auto text = state::read_file_limited(path, kMaxConfigFileBytes);
  if (!text) {
    auto kind = text.error().not_found() ? LoadErrorKind::NotFound : LoadErrorKind::Unreadable;
    return load_error(kind, path.string() + ": cannot read config: " + text.error().reason);
  }
  return load_config_text(std::move(*text), path, env);
}

}  // namespace openclaw::config
