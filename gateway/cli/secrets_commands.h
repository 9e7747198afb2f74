// `openclaw secrets reload` (upstream src/cli/secrets-cli.ts): asks the running gateway to
// re-resolve its SecretRefs (the files and variables they point at) and swap them in, over
// RPC `secrets.reload`. Accepts the shared network options (--url --token --password
// --timeout --json); exit 0 when the gateway reloaded, 1 when it refused or is unreachable,
// 2 for a usage error.
#pragma once

#include <string>
#include <vector>

namespace openclaw::cli {

int secrets_reload_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli
