// Loading openclaw.json: read (at most 2 MiB) -> JSON5 parse -> $include -> env.vars ->
// ${VAR} substitution -> validate -> typed model. Nothing is half-applied: the result is a
// complete LoadedConfig or an error that lists every problem.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/diagnostic.h"
#include "core/config/model.h"
#include "core/util/environment.h"

namespace openclaw::config {

inline constexpr std::uintmax_t kMaxConfigFileBytes = 2 * 1024 * 1024;

enum class LoadErrorKind {
  NotFound,    // no file at the path: callers treat this as "not configured yet"
  Unreadable,  // exists but cannot be read (permissions, a directory, too large)
  Parse,       // not valid JSON5
  Include,     // a $include failed
  Invalid,     // parsed, but the schema rejected it (see `errors`)
};

struct LoadError {
  LoadErrorKind kind = LoadErrorKind::Invalid;
  // One operator-facing text, e.g.
  //   "/etc/openclaw/openclaw.json: line 3, column 7: unexpected '}'"
  //   "/etc/openclaw/openclaw.json: invalid config:\n  gateway.port: 70000 is out of ..."
  std::string message;
  std::vector<Diagnostic> errors;    // schema errors (kind Invalid)
  std::vector<Diagnostic> warnings;  // warnings gathered before the failure
};

struct LoadedConfig {
  std::filesystem::path path;
  std::string raw_text;     // the file's bytes, for baseHash (SHA-256 of the raw file)
  nlohmann::json raw;       // as parsed, before $include and ${VAR} substitution
  nlohmann::json resolved;  // after $include and ${VAR} substitution; what was validated
  Config config;
  std::vector<Diagnostic> warnings;  // unknown keys, unset ${VAR}s, ...
  // The environment the config was resolved against: the process environment plus env.vars
  // (and VAR keys under env) for variables it did not already set. Use it to resolve
  // SecretRefs so env-sourced secrets see the same variables.
  Environment environment;
};

using LoadResult = std::expected<LoadedConfig, LoadError>;

// Loads the file at `path`; `$include` roots come from OPENCLAW_INCLUDE_ROOTS in `env`.
LoadResult load_config(const std::filesystem::path& path, const Environment& env);

// The same pipeline for text already in memory (a candidate config from config.set or
// config.apply) that would live at `path`; includes resolve relative to it.
LoadResult load_config_text(std::string text, const std::filesystem::path& path,
                            const Environment& env);

}  // namespace openclaw::config
