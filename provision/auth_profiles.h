// agents/<id>/agent/auth-profiles.json: where upstream keeps provider credentials per agent
// ({version:1, profiles:{"<provider>:default":{type:"api_key", provider, keyRef|key}}}).
// The provisioner writes references (keyRef), and a literal key only when asked.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "provision/secret_placement.h"

namespace openclaw::provision {

// Returns `existing` (or a new store) with one api_key profile per provider key; profiles the
// spec does not name are kept as they are.
nlohmann::json merge_auth_profiles(nlohmann::json existing,
                                   const std::vector<std::pair<std::string, PlacedSecret>>& keys);

}  // namespace openclaw::provision
