// Every `openclaw` subcommand, in one table that main() dispatches on and the usage text
// lists. Names are one or two words ("health", "gateway status"); the longest match wins.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::cli {

struct Command {
  std::string_view name;      // "gateway status"
  std::string_view synopsis;  // one usage line: "gateway status [--json] [--deep] ..."
  std::string_view summary;   // what it does, a few words
  int (*run)(const std::vector<std::string>& args);  // the arguments after the name
};

const std::vector<Command>& command_table();

// The command named by the first words of `args`; `consumed` is how many words it took.
// nullptr when none matches.
const Command* find_command(const std::vector<std::string>& args, std::size_t& consumed);

// "Usage: openclaw <command> ..." with one line per command.
std::string usage_text();

}  // namespace openclaw::cli
