// `$include`: splitting openclaw.json into several files (spec §5.1; upstream
// src/config/includes.ts).
//
//   { "$include": "./base.json5" }                       the file replaces this object
//   { "$include": ["./a.json5", "./b.json5"] }           files deep-merged in order
//   { "$include": "./base.json5", "port": 1 }            sibling keys merged over the file
//
// Deep merge: objects merge key by key, arrays concatenate, anything else is replaced by the
// later value. Paths are relative to the file that contains the directive; after resolving
// (and again after following symlinks) they must stay under the config file's directory or
// one of the extra roots from OPENCLAW_INCLUDE_ROOTS. Included files are JSON5, at most
// 2 MiB each, nested at most 10 levels, and may not include each other in a cycle.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::config {

inline constexpr std::string_view kIncludeKey = "$include";
inline constexpr int kMaxIncludeDepth = 10;
inline constexpr std::uintmax_t kMaxIncludeFileBytes = 2 * 1024 * 1024;

struct IncludeOptions {
  // Directories besides the config file's own where included files may live.
  std::vector<std::filesystem::path> extra_roots;
  int max_depth = kMaxIncludeDepth;
  std::uintmax_t max_file_bytes = kMaxIncludeFileBytes;
};

// The directories listed in OPENCLAW_INCLUDE_ROOTS (':'-separated; "~" expanded; blank,
// relative and duplicate entries dropped). Empty when the variable is unset.
std::vector<std::filesystem::path> include_roots_from_env(const Environment& env);

// Objects merge recursively, arrays concatenate, otherwise `source` wins.
nlohmann::json deep_merge(const nlohmann::json& target, const nlohmann::json& source);

// Replaces every `$include` in `root`, which was read from `config_path`. Errors name the
// include path and the file containing the directive, e.g.
//   /etc/openclaw/openclaw.json: $include "./agents.json5": cannot read
//   /etc/openclaw/agents.json5: No such file or directory
Result<nlohmann::json> resolve_includes(const nlohmann::json& root,
                                        const std::filesystem::path& config_path,
                                        const IncludeOptions& options = {});

}  // namespace openclaw::config
