// The provisioner's command line: `openclaw-provision <command> [options]`. Spec fields
// become flags through the spec table; the rest are the command's own options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "provision/spec.h"

namespace openclaw::provision {

struct CommandLine {
  std::string command;  // apply, plan, show, token rotate, device add, help, version
  SpecSources sources;
  bool json = false;
  bool reveal = false;
  // device add
  std::optional<std::string> public_key;
  std::optional<std::string> device_name;
  std::optional<std::string> role;
  std::vector<std::string> scopes;
  std::optional<std::string> platform;
  bool generate = false;
  // runtime-check: its own options, passed through unparsed.
  std::vector<std::string> passthrough;
};

// Parses argv (without argv[0]). Options take `--name value` or `--name=value`; boolean
// spec fields may be given bare (`--i-understand`).
Result<CommandLine> parse_command_line(const std::vector<std::string>& args);

// The text of `openclaw-provision --help`, including every spec flag and its variable.
std::string usage_text();

}  // namespace openclaw::provision
