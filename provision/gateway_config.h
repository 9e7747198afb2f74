// The keys of openclaw.json that the provisioner manages, merged into whatever the file
// already holds. A key the spec says nothing about is left exactly as it was.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "provision/secret_placement.h"
#include "provision/spec.h"

namespace openclaw::provision {

struct ManagedConfigInputs {
  std::optional<PlacedSecret> token;
  std::optional<PlacedSecret> password;
  std::optional<PlacedSecret> metrics_token;
  std::vector<std::pair<std::string, PlacedSecret>> provider_keys;  // provider id -> key
  // gateway.trustedProxies with `auto` already replaced by the detected subnet.
  std::optional<std::vector<std::string>> trusted_proxies;
};

// Returns `existing` (the parsed openclaw.json, or an empty object) with the managed keys set
// from `spec`. `notes` receives one line for each decision the operator should know about
// (for example allowedOrigins seeded for a non-loopback bind).
nlohmann::json merge_managed_config(nlohmann::json existing, const ProvisionSpec& spec,
                                    const ManagedConfigInputs& inputs,
                                    std::vector<std::string>& notes);

}  // namespace openclaw::provision
