// The one config change doctor makes: a generated gateway token, stored and referenced the
// way openclaw-provision does it (operator-pain B3: one source of truth, never copied into
// openclaw.json, a unit file or .env).
#pragma once

#include <string>

#include "cli/doctor/doctor_inputs.h"
#include "core/util/result.h"

namespace openclaw::cli::doctor {

// Puts a token in <state>/credentials/gateway-token (0600; 24 random bytes as hex, as
// upstream generates them) and points openclaw.json at it: gateway.auth.mode "token",
// gateway.auth.token the file SecretRef of the "gateway-token" provider, and that provider
// under secrets.providers. A token file that already holds a token is kept and referenced,
// never overwritten. The new config is validated before anything is written, the token file
// is written before the config that points at it, and the previous config is kept in
// <config>.bak (config::write_config, as `openclaw config set` writes). A config that did
// not exist is created.
// Returns the token's fingerprint ("sha256:..."). Fails, leaving the config as it was, when
// the config does not load, uses $include, already has a different "gateway-token" provider,
// or a file cannot be written.
Result<std::string> install_generated_gateway_token(const DoctorInputs& inputs);

}  // namespace openclaw::cli::doctor
