// Where a secret in the config comes from, said without revealing it, for
// `openclaw config get <secret path>`:
//
//   inline                                         the value is written in openclaw.json
//   inline, from an $include file                  ... in a file openclaw.json includes
//   from environment variable OPENCLAW_TOKEN       a "${OPENCLAW_TOKEN}" placeholder
//   from file SecretRef file:default:value → /state/credentials/gateway-token
//   from env SecretRef env:default:OPENAI_API_KEY
//   from exec SecretRef exec:vault:openai/key
#pragma once

#include <string>

#include "core/config/config_path.h"
#include "core/config/loader.h"

namespace openclaw::config {

// Describes the value `path` names in `loaded` (as written in `loaded.raw`, else as it came
// out of $include in `loaded.resolved`). "" when there is no value at `path`.
std::string describe_secret_origin(const LoadedConfig& loaded, const ConfigPath& path);

}  // namespace openclaw::config
