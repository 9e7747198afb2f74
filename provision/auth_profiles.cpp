#include "provision/auth_profiles.h"

namespace openclaw::provision {

nlohmann::json merge_auth_profiles(nlohmann::json existing,
                                   const std::vector<std::pair<std::string, PlacedSecret>>& keys) {
  using nlohmann::json;
  json store = existing.is_object() ? std::move(existing) : json::object();
  if (!store.contains("version")) store["version"] = 1;
  if (!store.contains("profiles") || !store["profiles"].is_object()) store["profiles"] = json::object();
  for (const auto& [provider, key] : keys) {
    json profile = {{"type", "api_key"}, {"provider", provider}};
    if (key.config_value.is_object()) {
      profile["keyRef"] = key.config_value;
    } else {
      profile["key"] = key.config_value;
    }
    store["profiles"][provider + ":default"] = profile;
  }
  return store;
}

}  // namespace openclaw::provision
