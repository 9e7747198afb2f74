// Where each secret the spec mentions ends up, and how openclaw.json points at it. One
// source of truth per secret (operator-pain B3): a file or variable the operator already
// has is referenced, never copied; a generated token lives in credentials/ and is
// referenced; only an explicit inline request puts a secret into openclaw.json.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/state/layout.h"
#include "core/util/environment.h"
#include "core/util/result.h"
#include "provision/spec.h"

namespace openclaw::provision {

// One secret resolved for this run.
struct PlacedSecret {
  // What openclaw.json stores at the secret's key: a SecretRef object, or the value inline.
  nlohmann::json config_value;
  // secrets.providers entry this ref needs (name, object), when it needs one.
  std::optional<std::pair<std::string, nlohmann::json>> secrets_provider;
  // The secret itself (for fingerprints and the credentials file); never printed unless the
  // operator asked with --reveal.
  std::string value;
  // A generated secret is written here (credentials/...); empty otherwise.
  std::filesystem::path credentials_file;
  // "generated (credentials/gateway-token)", "file /run/secrets/x", "env OPENCLAW_...",
  // "inline": where the secret lives, safe to show.
  std::string source_description;
  bool generated = false;
};

struct ExistingSecrets {
  std::optional<std::string> gateway_token_file_content;  // credentials/gateway-token
  std::optional<std::string> inline_config_token;         // gateway.auth.token as a string
};

// The gateway token of a token-mode spec. Keeps the token that is already provisioned unless
// `rotate`; a token from tokenFile/tokenEnv must be readable now (and cannot be rotated here:
// the error says to rotate it at its source).
Result<PlacedSecret> place_gateway_token(const ProvisionSpec& spec, const state::StateLayout& layout,
                                         const ExistingSecrets& existing,
                                         const Environment& environment, bool rotate);

// The gateway password of a password-mode spec.
Result<PlacedSecret> place_gateway_password(const ProvisionSpec& spec, const Environment& environment);

// A provider's API key. `warnings` receives a note when an env variable is unset now (the
// gateway resolves it at run time). Returns nullopt when the spec gives no key source.
Result<std::optional<PlacedSecret>> place_provider_key(const ProviderSpec& provider,
                                                       const Environment& environment,
                                                       std::vector<std::string>& warnings);

// The metrics listener's bearer token, read from the given file.
Result<PlacedSecret> place_metrics_token(const std::filesystem::path& token_file);

}  // namespace openclaw::provision
