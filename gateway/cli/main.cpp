// openclaw: the gateway daemon and the operator CLI around it.
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_table.h"
#include "cli/gateway_run.h"
#include "provision/provision_main.h"

int main(int argc, char** argv) {
  using namespace openclaw::cli;
  // Multi-call: a symlink named openclaw-provision (the container image has no second binary).
  if (argc > 0 && std::string_view(argv[0]).substr(std::string_view(argv[0]).rfind('/') + 1) ==
                      "openclaw-provision") {
    return openclaw::provision::provision_main(argc, argv);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage_text();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") args[0] = "version";
  // `openclaw gateway` and `openclaw gateway --port N` run the gateway, as upstream.
  if (args[0] == "gateway" && (args.size() == 1 || args[1].starts_with("--"))) {
    return gateway_run_command({args.begin() + 1, args.end()});
  }
  std::size_t consumed = 0;
  if (const Command* command = find_command(args, consumed)) {
    return command->run({args.begin() + static_cast<std::ptrdiff_t>(consumed), args.end()});
  }
  std::cerr << "openclaw: unknown command \"" << args[0] << (args.size() > 1 ? " " + args[1] : "") << "\"\n"
            << usage_text();
  return 2;
}
