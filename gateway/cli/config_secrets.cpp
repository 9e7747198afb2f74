#include "cli/config_secrets.h"

namespace openclaw::cli {
namespace {

std::string describe_input(const char* key, const config::SecretInput& input) {
  if (std::holds_alternative<std::string>(input)) return std::string(key) + " (inline)";
  return std::string(key) + " (" + config::describe(std::get<config::SecretRef>(input)) + ")";
}

}  // namespace

Result<ResolvedSecret> resolve_config_secret(const char* key,
                                             const std::optional<config::SecretInput>& input,
                                             const config::LoadedConfig* loaded) {
  if (!loaded || !input) return ResolvedSecret{};
  auto value = config::resolve_secret(*input, loaded->config.secrets, loaded->environment,
                                      loaded->path.parent_path());
  if (!value) return fail(std::string(key) + ": " + value.error().message);
  return ResolvedSecret{*value, describe_input(key, *input)};
}

}  // namespace openclaw::cli
