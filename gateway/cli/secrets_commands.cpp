#include "cli/secrets_commands.h"

#include <cstdint>
#include <iostream>

#include "cli/gateway_connection.h"

namespace openclaw::cli {

int secrets_reload_command(const std::vector<std::string>& arguments) {
  const Environment env = Environment::from_process();
  std::vector<std::string> args = arguments;
  auto options = take_network_options(args, env);
  if (!options) {
    std::cerr << "openclaw secrets reload: " << options.error().message << "\n";
    return 2;
  }
  if (!args.empty()) {
    std::cerr << "openclaw secrets reload: unexpected argument " << args.front() << "\n";
    return 2;
  }
  auto local = locate_local_gateway(env);
  if (!local) {
    std::cerr << local.error().message << "\n";
    return 1;
  }
  auto client = connect_to_gateway(*options, *local, ConnectRequest{});
  if (!client) return report_client_error(client.error(), options->json, std::cout, std::cerr);
  auto result = (*client)->call("secrets.reload", nlohmann::json::object(), options->timeout);
  (*client)->close();
  if (!result) return report_client_error(result.error(), options->json, std::cout, std::cerr);

  if (options->json) {
    std::cout << result->dump(2) << "\n";
    return 0;
  }
  std::int64_t warnings = 0;
  if (result->is_object()) {
    if (auto count = result->find("warningCount");
        count != result->end() && count->is_number_integer()) {
      warnings = count->get<std::int64_t>();
    }
  }
  if (warnings > 0) {
    std::cout << "Secrets reloaded with " << warnings << " warning(s).\n";
  } else {
    std::cout << "Secrets reloaded.\n";
  }
  return 0;
}

}  // namespace openclaw::cli
