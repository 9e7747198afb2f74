// A secret field of openclaw.json (gateway.auth.token, gateway.auth.password,
// gateway.metrics.token) resolved through its SecretRef the way the gateway resolves it at
// startup, together with a label saying where it came from. Shared by `gateway run` (what
// the server checks) and the networked commands (what the CLI sends), so both read the
// same secret the same way.
#pragma once

#include <optional>
#include <string>

#include "core/config/loader.h"
#include "core/config/secret_ref.h"
#include "core/util/result.h"

namespace openclaw::cli {

struct ResolvedSecret {
  std::optional<std::string> value;
  std::string source;  // "gateway.auth.token (inline)", "gateway.auth.token (file:token:value)"
};

// The secret `input` (the field `key` of `loaded`) resolved against the config's secrets
// providers and environment, relative to the config file's directory. Empty when there is
// no config or no value. Fails, naming `key` and the ref but never the secret, when a ref
// cannot be resolved.
Result<ResolvedSecret> resolve_config_secret(const char* key,
                                             const std::optional<config::SecretInput>& input,
                                             const config::LoadedConfig* loaded);

}  // namespace openclaw::cli
