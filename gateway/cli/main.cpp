// openclaw: the gateway daemon and the operator CLI around it.
#include <iostream>
#include <string>
#include <vector>

#include "cli/gateway_options.h"
#include "cli/gateway_run.h"
#include "runtime/runtime_check.h"

int main(int argc, char** argv) {
  const std::string usage = std::string("Usage: openclaw <command> [options]\n\nCommands:\n") +
                            openclaw::cli::kGatewayRunUsage +
                            openclaw::runtime::kRuntimeCheckUsage +
                            "  version        print the version\n";
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "openclaw " << OPENCLAW_VERSION << "\n";
    return 0;
  }
  if (args[0] == "gateway" && args.size() >= 2 && args[1] == "run") {
    return openclaw::cli::gateway_run_command({args.begin() + 2, args.end()});
  }
  if (args[0] == "gateway" && (args.size() == 1 || args[1].starts_with("--"))) {
    return openclaw::cli::gateway_run_command({args.begin() + 1, args.end()});
  }
  if (args[0] == "runtime-check") {
    return openclaw::runtime::runtime_check_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
  }
  std::cerr << "openclaw: unknown command \"" << args[0] << "\"\n" << usage;
  return 2;
}
