#include "core/config/paths.h"

#include <system_error>

#include "core/util/text.h"

namespace openclaw::config {
namespace {

std::optional<std::string> non_blank(const Environment& env, std::string_view name) {
  auto value = env.get(name);
  if (!value) return std::nullopt;
  auto trimmed = trim(*value);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

bool path_exists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec);
}

}  // namespace

Result<std::filesystem::path> resolve_home(const Environment& env) {
  for (std::string_view name : {"OPENCLAW_HOME", "HOME", "USERPROFILE"}) {
    if (auto value = non_blank(env, name)) {
      // OPENCLAW_HOME may itself be written as "~/something" relative to the real home.
      if (name == "OPENCLAW_HOME" && (*value == "~" || value->starts_with("~/"))) {
        Environment without_override = env;
        without_override.set("OPENCLAW_HOME", "");
        auto real_home = resolve_home(without_override);
        if (!real_home) return real_home;
        if (*value == "~") return *real_home;
        return *real_home / value->substr(2);
      }
      return std::filesystem::path(*value);
    }
  }
  return fail(
      "cannot find the home directory: set OPENCLAW_HOME or HOME (or OPENCLAW_STATE_DIR and "
      "OPENCLAW_CONFIG_PATH)");
}

Result<std::filesystem::path> expand_home(std::string_view path, const Environment& env) {
  if (path != "~" && !path.starts_with("~/")) return std::filesystem::path(path);
  auto home = resolve_home(env);
  if (!home) return home;
  if (path == "~") return *home;
  return *home / std::filesystem::path(path.substr(2));
}

bool is_valid_profile_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<std::filesystem::path> resolve_state_dir(const Environment& env,
                                                const std::optional<std::string>& profile,
                                                bool dev) {
  std::optional<std::string> selected;
  if (profile) {
    auto name = std::string(trim(*profile));
    if (!is_valid_profile_name(name)) {
      return fail("invalid --profile \"" + name + "\" (use letters, numbers, \"_\", \"-\" only)");
    }
    if (dev && name != "dev") return fail("cannot combine --dev with --profile");
    selected = name;
  } else if (dev) {
    selected = "dev";
  }

  if (auto override = non_blank(env, "OPENCLAW_STATE_DIR")) return expand_home(*override, env);

  auto home = resolve_home(env);
  if (!home) return home;
  if (selected) {
    std::string lowered;
    for (char c : *selected) lowered += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (lowered != "default") return *home / (std::string(kStateDirName) + "-" + *selected);
  }
  auto current = *home / kStateDirName;
  if (path_exists(current)) return current;
  auto legacy = *home / kLegacyStateDirName;
  if (path_exists(legacy)) return legacy;
  return current;
}

Result<std::filesystem::path> resolve_config_path(const Environment& env,
                                                  const std::filesystem::path& state_dir) {
  if (auto override = non_blank(env, "OPENCLAW_CONFIG_PATH")) return expand_home(*override, env);
  auto current = state_dir / kConfigFileName;
  if (!path_exists(current)) {
    auto legacy = state_dir / kLegacyConfigFileName;
    if (path_exists(legacy)) return legacy;
  }
  return current;
}

}  // namespace openclaw::config
