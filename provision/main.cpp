// openclaw-provision: turns a declarative spec into a ready OpenClaw state directory.
#include <iostream>

#include "core/util/environment.h"
#include "provision/command_line.h"
#include "provision/commands.h"
#include "runtime/runtime_check.h"

int main(int argc, char** argv) {
  using namespace openclaw::provision;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto line = parse_command_line(args);
  if (!line) {
    std::cerr << "openclaw-provision: " << line.error().message << "\n";
    return 1;
  }
  if (line->command == "help") {
    std::cout << usage_text();
    return 0;
  }
  if (line->command == "version") {
    std::cout << "openclaw-provision " << OPENCLAW_VERSION << "\n";
    return 0;
  }
  if (line->command == "runtime-check") {
    return openclaw::runtime::runtime_check_command(line->passthrough, std::cout, std::cerr);
  }
  const auto environment = openclaw::Environment::from_process();
  if (line->command == "show") return run_show(*line, environment, std::cout, std::cerr);
  return run_change_command(*line, environment, std::cout, std::cerr);
}
