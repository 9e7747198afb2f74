#include "core/config/secret_origin.h"

#include "core/config/env_substitution.h"
#include "core/config/paths.h"
#include "core/config/redaction.h"
#include "core/config/secret_ref.h"

namespace openclaw::config {
namespace {

using nlohmann::json;

// The file a file-source provider reads, as resolve_secret() would find it.
std::string provider_file(const SecretRef& ref, const LoadedConfig& loaded) {
  const json& secrets = loaded.config.secrets;
  const json* provider = nullptr;
  if (secrets.is_object()) {
    auto providers = secrets.find("providers");
    if (providers != secrets.end() && providers->is_object()) {
      auto found = providers->find(ref.provider);
      if (found != providers->end()) provider = &*found;
    }
  }
  if (provider == nullptr) return "secrets.providers." + ref.provider + " is not configured";
  auto path = provider->find("path");
  if (path == provider->end() || !path->is_string())
    return "secrets.providers." + ref.provider + ".path is missing";
  auto expanded = expand_home(path->get<std::string>(), loaded.environment);
  if (!expanded) return path->get<std::string>();
  std::filesystem::path file = *expanded;
  if (file.is_relative()) file = loaded.path.parent_path() / file;
  return file.string();
}

std::string describe_ref(const SecretRef& ref, const LoadedConfig& loaded) {
  std::string text = "from " + std::string(to_string(ref.source)) + " SecretRef " + describe(ref);
  if (ref.source == SecretSource::File) text += " \u2192 " + provider_file(ref, loaded);
  return text;
}

std::string describe_string(const std::string& written, const json* resolved) {
  if (is_env_placeholder(written)) {
    std::string_view name(written);
    name = name.substr(name.find("${") + 2);
    name = name.substr(0, name.find('}'));
    const bool unresolved = resolved != nullptr && resolved->is_string() &&
                            contains_env_reference(resolved->get<std::string>());
    return "from environment variable " + std::string(name) + (unresolved ? " (not set)" : "");
  }
  if (contains_env_reference(written)) return "inline, with ${VAR} substitution";
  return "inline";
}

}  // namespace

std::string describe_secret_origin(const LoadedConfig& loaded, const ConfigPath& path) {
  const json* resolved = find_at_path(loaded.resolved, path);
  const json* written = find_at_path(loaded.raw, path);
  const bool included = written == nullptr;
  const json* value = included ? resolved : written;
  if (value == nullptr) return "";
  std::string origin;
  if (auto ref = parse_secret_ref(*value, loaded.config.secrets); ref && *ref) {
    origin = describe_ref(**ref, loaded);
  } else if (value->is_string()) {
    origin = describe_string(value->get<std::string>(), resolved);
  } else {
    origin = "inline";
  }
  return included ? origin + ", from an $include file" : origin;
}

}  // namespace openclaw::config
