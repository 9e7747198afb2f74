#include "cli/command_table.h"

#include <iostream>

#include "cli/gateway_run.h"
#include "runtime/runtime_check.h"

namespace openclaw::cli {
namespace {

int runtime_check(const std::vector<std::string>& args) {
  return runtime::runtime_check_command(args, std::cout, std::cerr);
}

int version(const std::vector<std::string>&) {
  std::cout << "openclaw " << OPENCLAW_VERSION << "\n";
  return 0;
}

}  // namespace

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"gateway run", "gateway run [--port N] [--bind MODE] [--auth MODE] [--token T] [--password P] [--force] ...",
       "serve the gateway (HTTP probes and the WebSocket protocol on one port)", gateway_run_command},
      // [client commands]
      // [status commands]
      // [config commands]
      // [doctor and service commands]
      {"runtime-check", "runtime-check [--host NAME] [--ca-file PATH] [--json]",
       "check that this root can resolve names and load a CA bundle", runtime_check},
      {"version", "version", "print the version", version},
  };
  return table;
}

const Command* find_command(const std::vector<std::string>& args, std::size_t& consumed) {
  const Command* best = nullptr;
  for (const auto& command : command_table()) {
    const std::string_view name = command.name;
    const auto space = name.find(' ');
    const std::size_t words = space == std::string_view::npos ? 1 : 2;
    if (args.size() < words) continue;
    const bool matches = words == 1 ? args[0] == name
                                    : args[0] == name.substr(0, space) && args[1] == name.substr(space + 1);
    if (matches && (!best || words > consumed)) {
      best = &command;
      consumed = words;
    }
  }
  return best;
}

std::string usage_text() {
  std::string text = "Usage: openclaw <command> [options]\n\nCommands:\n";
  for (const auto& command : command_table()) {
    text += "  " + std::string(command.synopsis) + "\n      " + std::string(command.summary) + "\n";
  }
  text += "\nNetworked commands accept --url, --token, --password, --timeout <ms> and --json.\n";
  return text;
}

}  // namespace openclaw::cli
