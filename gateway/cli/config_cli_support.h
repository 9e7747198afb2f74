// What the `openclaw config ...` commands share: finding the active config file, reading
// their arguments, and reporting an invalid config the way upstream does.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config_snapshot.h"
#include "core/config/diagnostic.h"
#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::cli::config_cli {

struct Arguments {
  std::vector<std::string> positional;
  std::set<std::string, std::less<>> flags;                // given switches ("--json")
  std::map<std::string, std::string, std::less<>> values;  // given options with a value
};

// Splits `args` into positionals, the switches in `switches` and the options in `valued`
// ("--opt value" or "--opt=value"); "--" ends option parsing. Fails naming an unknown option
// or an option missing its value.
Result<Arguments> parse_arguments(const std::vector<std::string>& args,
                                  std::initializer_list<std::string_view> switches,
                                  std::initializer_list<std::string_view> valued);

// The config file the gateway on this machine reads: $OPENCLAW_CONFIG_PATH, else
// <state dir>/openclaw.json with the state dir from $OPENCLAW_STATE_DIR or ~/.openclaw.
// Fails only when no home directory can be found.
Result<std::filesystem::path> active_config_path(const Environment& env);

// "<path>: <message>", with "<root>" for the file as a whole.
std::string issue_line(const config::Diagnostic& issue);

// "OpenClaw config is invalid: <file>", one "- <issue>" line per problem, then `hint`.
void print_invalid_config(const config::ConfigSnapshot& snapshot, std::ostream& err,
                          std::string_view hint);

inline constexpr std::string_view kRepairThenRetry =
    "Run `openclaw doctor --fix` to repair, then retry.";

}  // namespace openclaw::cli::config_cli
