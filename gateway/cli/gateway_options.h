// The flags of `openclaw gateway run` (spec §3.3, §9), parsed but not yet combined with the
// config and the environment (that is startup_settings.h's job).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/config/model.h"

namespace openclaw::cli {

struct GatewayRunOptions {
  std::optional<std::int64_t> port;
  std::optional<config::BindMode> bind;
  std::optional<config::AuthMode> auth;
  std::optional<std::string> token;
  std::optional<std::string> password;
  std::optional<std::string> password_file;
  std::optional<std::string> profile;
  bool allow_unconfigured = false;
  bool dev = false;
  bool force = false;  // stop whatever openclaw gateway holds the port first
  bool verbose = false;
};

// Parses the arguments after `gateway run`. On a bad argument writes one line naming it to
// `err` and returns nullopt.
std::optional<GatewayRunOptions> parse_gateway_run_options(const std::vector<std::string>& args, std::ostream& err);

}  // namespace openclaw::cli
