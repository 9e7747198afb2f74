// `openclaw config get|set|unset|file|schema|validate` (spec §9; upstream
// src/cli/config-cli.ts): read and edit openclaw.json on disk, offline. The file is the one
// the gateway reads (OPENCLAW_CONFIG_PATH, else <OPENCLAW_STATE_DIR or ~/.openclaw>/
// openclaw.json); edits are validated before they are written and written atomically, and a
// running gateway hot-reloads the file.
//
// Exit codes: 0 done; 1 the config is invalid, the path is not there, or the edit was
// refused (nothing written); 2 a usage error naming the bad argument. Secrets are printed as
// "__OPENCLAW_REDACTED__ (<where it comes from>)" unless --reveal asks for the value.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/util/environment.h"

namespace openclaw::cli {

// config get <path> [--json] [--reveal]
int config_get_command(const std::vector<std::string>& args);
// config set <path> <value> [--strict-json|--json] | config set --batch-json
// '[{"path":..,"value":..}]'
//   | config set --batch-file <file>
int config_set_command(const std::vector<std::string>& args);
// config unset <path>
int config_unset_command(const std::vector<std::string>& args);
// config file
int config_file_command(const std::vector<std::string>& args);
// config schema
int config_schema_command(const std::vector<std::string>& args);
// config validate [--json]
int config_validate_command(const std::vector<std::string>& args);

// The same commands with their environment and streams passed in (for tests).
int run_config_get(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
                   std::ostream& err);
int run_config_set(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
                   std::ostream& err);
int run_config_unset(const std::vector<std::string>& args, const Environment& env,
                     std::ostream& out, std::ostream& err);
int run_config_file(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
                    std::ostream& err);
int run_config_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_config_validate(const std::vector<std::string>& args, const Environment& env,
                        std::ostream& out, std::ostream& err);

}  // namespace openclaw::cli
