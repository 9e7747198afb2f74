#include "provision/provision_main.h"

#include <iostream>
#include <string>
#include <vector>

#include "core/util/environment.h"
#include "provision/command_line.h"
#include "provision/commands.h"
#include "runtime/runtime_check.h"

namespace openclaw::provision {

int provision_main(int argc, char** argv) {
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

}  // namespace openclaw::provision
