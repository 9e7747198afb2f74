// Where OpenClaw keeps its files (spec §4): the home directory, the state directory and the
// config file, with the same environment overrides and legacy fallbacks as upstream
// (src/config/paths.ts, src/cli/profile.ts).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::config {

inline constexpr std::string_view kConfigFileName = "openclaw.json";
inline constexpr std::string_view kStateDirName = ".openclaw";
// The pre-rebrand state directory, used only when it exists and ~/.openclaw does not.
inline constexpr std::string_view kLegacyStateDirName = ".clawdbot";
inline constexpr std::string_view kLegacyConfigFileName = "clawdbot.json";

// The user's home: $OPENCLAW_HOME, else $HOME, else $USERPROFILE (first non-blank wins,
// surrounding whitespace trimmed). Fails when none is set, because every default path
// hangs off it.
Result<std::filesystem::path> resolve_home(const Environment& env);

// Expands a leading "~" or "~/" against resolve_home(); other paths are returned as given.
// Fails only when the path starts with "~" and no home can be resolved.
Result<std::filesystem::path> expand_home(std::string_view path, const Environment& env);

// True for names accepted by --profile: letters, digits, "_" and "-", at most 64 chars.
bool is_valid_profile_name(std::string_view name);

// The state directory, in upstream order:
//   1. $OPENCLAW_STATE_DIR (with "~" expanded) - it wins even over --profile/--dev;
//   2. --dev -> ~/.openclaw-dev; --profile <name> -> ~/.openclaw-<name>
//      ("default" means ~/.openclaw);
//   3. ~/.openclaw, or ~/.clawdbot when only the legacy directory exists.
// Fails for an invalid profile name, for --dev combined with a profile other than "dev", and
// when no home directory can be resolved.
Result<std::filesystem::path> resolve_state_dir(const Environment& env,
                                                const std::optional<std::string>& profile,
                                                bool dev);

// $OPENCLAW_CONFIG_PATH (with "~" expanded) when set, else <state_dir>/openclaw.json (or the
// legacy <state_dir>/clawdbot.json when only that one exists).
// Fails only when the override starts with "~" and no home can be resolved.
Result<std::filesystem::path> resolve_config_path(const Environment& env,
                                                  const std::filesystem::path& state_dir);

}  // namespace openclaw::config
