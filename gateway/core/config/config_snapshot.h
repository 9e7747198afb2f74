// The config file as it is right now, whatever state it is in (upstream
// readConfigFileSnapshot): missing, unreadable, not JSON5, failing $include or validation, or
// valid. config.get, `openclaw config get|validate` and every edit start from one of these,
// and `hash` is the optimistic-concurrency token writes are checked against.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/config/diagnostic.h"
#include "core/config/loader.h"
#include "core/util/environment.h"

namespace openclaw::config {

struct ConfigSnapshot {
  std::filesystem::path path;
  bool exists = false;
  std::optional<std::string> raw;  // the file's text; nullopt when missing or unreadable
  // As parsed, before $include and ${VAR}: what edits change. {} when missing; null when the
  // text is not JSON5.
  nlohmann::json parsed = nlohmann::json::object();
  bool valid = false;
  std::string hash;                    // hex SHA-256 of `raw` ("" hashed when there is no text)
  std::vector<Diagnostic> issues;      // why it is not valid, each naming its path ("" = file)
  std::vector<Diagnostic> warnings;    // unknown keys, unset ${VAR}s, ...
  std::optional<LoadedConfig> loaded;  // when valid (and the file exists)

  // After $include and ${VAR} substitution: loaded->resolved, else {}.
  const nlohmann::json& resolved() const;
};

// Reads the file at `path`. Never fails: problems become `issues`. A missing file is valid
// (an empty config), as upstream treats it.
ConfigSnapshot read_config_snapshot(const std::filesystem::path& path, const Environment& env);

// Hex SHA-256 of the file text, the value of config.get's `hash` and of `baseHash`.
std::string hash_config_text(std::string_view text);

}  // namespace openclaw::config
