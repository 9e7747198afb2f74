#include "cli/call_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/gateway_connection.h"

namespace openclaw::cli {
namespace {

constexpr char kUsage[] = "usage: openclaw gateway call <method> [--params JSON] [--expect-final] [--json]";

int usage_error(std::ostream& err, const std::string& message) {
  err << "openclaw gateway call: " << message << "\n" << kUsage << "\n";
  return 2;
}

}  // namespace

int run_gateway_call(std::vector<std::string> args, const Environment& env, std::ostream& out, std::ostream& err) {
  auto network = take_network_options(args, env);
  if (!network) return usage_error(err, network.error().message);

  std::optional<std::string> method;
  nlohmann::json params = nullptr;
  bool expect_final = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--expect-final") {
      expect_final = true;
    } else if (word == "--params" || word.starts_with("--params=")) {
      std::string text;
      if (word == "--params") {
        if (i + 1 >= args.size()) return usage_error(err, "--params needs a JSON value");
        text = args[++i];
      } else {
        text = word.substr(std::string_view("--params=").size());
      }
      params = nlohmann::json::parse(text, nullptr, false);
      if (params.is_discarded()) return usage_error(err, "--params is not valid JSON: " + text);
    } else if (word.starts_with("-")) {
      return usage_error(err, "unknown option " + word);
    } else if (method) {
      return usage_error(err, "unexpected argument \"" + word + "\" (one method per call)");
    } else {
      method = word;
    }
  }
  if (!method) return usage_error(err, "missing <method> (for example: openclaw gateway call health)");

  auto local = locate_local_gateway(env);
  if (!local) {
    err << "Error: " << local.error().message << "\n";
    return 1;
  }
  auto client = connect_to_gateway(*network, *local, ConnectRequest{});
  if (!client) return report_client_error(client.error(), network->json, out, err);
  auto payload = (*client)->call(*method, params, network->timeout, expect_final);
  (*client)->close();
  if (!payload) return report_client_error(payload.error(), network->json, out, err);
  out << payload->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

int gateway_call_command(const std::vector<std::string>& args) {
  return run_gateway_call(args, Environment::from_process(), std::cout, std::cerr);
}

}  // namespace openclaw::cli
