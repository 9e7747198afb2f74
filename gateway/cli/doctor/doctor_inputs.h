// What every doctor check looks at, gathered once: the state directory, the config as the
// gateway would load it (or why it does not load), the agents it serves and its port.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config/loader.h"
#include "core/state/layout.h"
#include "core/util/environment.h"

namespace openclaw::cli::doctor {

// A session lock older than this is stale even when its process lives (upstream's 30 min).
inline constexpr std::chrono::minutes kStaleLockAge{30};

struct DoctorOptions {
  bool fix = false;                     // --fix / --repair / --yes: apply the safe repairs
  bool generate_gateway_token = false;  // --generate-gateway-token: also when auth is off
  std::int64_t now_ms = 0;              // wall clock, for lock ages and pairing TTLs
  std::chrono::milliseconds stale_lock_age = kStaleLockAge;
};

struct DoctorInputs {
  state::StateLayout layout{""};
  std::filesystem::path config_path;
  Environment environment;                        // this shell's variables
  std::optional<config::LoadedConfig> config;     // the config, when it loaded and validated
  std::optional<config::LoadError> config_error;  // why not (NotFound when there is no file)
  std::vector<std::string> agent_ids;             // configured agents, else {"main"}
  unsigned short port = 18789;                    // as `gateway run` would resolve it
  std::string port_source;                        // "env", "config", "default"
  std::optional<std::string> port_error;  // a bad OPENCLAW_GATEWAY_PORT (port is then the default)
};

// Loads the config at `config_path` with `environment` (never fails: a config that does not
// load is recorded in config_error) and derives the agent ids and the port from it.
DoctorInputs gather_inputs(const state::StateLayout& layout,
                           const std::filesystem::path& config_path,
                           const Environment& environment);

}  // namespace openclaw::cli::doctor
