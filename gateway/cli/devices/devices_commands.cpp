#include "cli/devices/devices_commands.h"

#include <chrono>
#include <functional>
#include <iostream>

#include "cli/devices/devices_format.h"
#include "cli/gateway_connection.h"
#include "cli/status/command_flags.h"
#include "core/util/clock.h"

namespace openclaw::cli::devices {
namespace {

using nlohmann::json;
using status::CommandFlags;
using status::usage_error;

// What a devices command does once connected; returns the exit code.
using Action = std::function<int(client::GatewayClient& gateway, const NetworkOptions& options)>;

// Connects as every CLI command does and runs `action`; connect failures are reported the
// runbooks' way (report_client_error).
int with_gateway(const NetworkOptions& options, std::string_view command, const Action& action) {
  auto local = locate_local_gateway(Environment::from_process());
  if (!local) {
    std::cerr << "openclaw " << command << ": " << local.error().message << "\n";
    return 1;
  }
  auto connection = connect_to_gateway(options, *local, ConnectRequest{});
  if (!connection) return report_client_error(connection.error(), options.json, std::cout, std::cerr);
  const int code = action(**connection, options);
  (*connection)->close();
  return code;
}

// One RPC; on failure reports it and leaves `exit_code` at 1.
std::optional<json> call(client::GatewayClient& gateway, const NetworkOptions& options, std::string_view method,
                         const json& params, int& exit_code) {
  auto payload = gateway.call(method, params, options.timeout);
  if (payload) return std::move(*payload);
  exit_code = report_client_error(payload.error(), options.json, std::cout, std::cerr);
  return std::nullopt;
}

void print_json(const json& value) { std::cout << value.dump(2) << "\n"; }

// Splits the arguments into the network options and the command's own flags.
struct Parsed {
  NetworkOptions options;
  CommandFlags flags;
};

std::optional<Parsed> parse(const std::vector<std::string>& args, std::string_view command, int& exit_code) {
  std::vector<std::string> rest = args;
  auto options = take_network_options(rest, Environment::from_process());
  if (!options) {
    exit_code = usage_error(command, options.error().message, std::cerr);
    return std::nullopt;
  }
  return Parsed{*options, CommandFlags(std::move(rest))};
}

// The single required positional (a request or device id), or a usage error naming it.
std::optional<std::string> one_id(CommandFlags& flags, std::string_view command, std::string_view what,
                                  int& exit_code) {
  auto positionals = flags.finish(1);
  if (!positionals) {
    exit_code = usage_error(command, positionals.error().message, std::cerr);
    return std::nullopt;
  }
  if (positionals->empty() || positionals->front().empty()) {
    exit_code = usage_error(command, std::string(what) + " is required", std::cerr);
    return std::nullopt;
  }
  return positionals->front();
}

// --device and --role of rotate/revoke.
std::optional<std::pair<std::string, std::string>> device_and_role(CommandFlags& flags, std::string_view command,
                                                                   int& exit_code) {
  auto device = flags.value("device");
  auto role = device ? flags.value("role") : device;
  if (!device || !role) {
    exit_code = usage_error(command, (!device ? device : role).error().message, std::cerr);
    return std::nullopt;
  }
  if (!*device || !*role) {
    exit_code = usage_error(command, "--device and --role are required", std::cerr);
    return std::nullopt;
  }
  return std::pair{**device, **role};
}

}  // namespace

int devices_list_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices list";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  if (auto rest = parsed->flags.finish(0); !rest) return usage_error(kCommand, rest.error().message, std::cerr);
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    auto list = call(gateway, options, "device.pair.list", json::object(), code);
    if (!list) return code;
    if (options.json) {
      print_json(*list);
    } else {
      std::cout << format_device_list(*list, wall_clock_ms());
    }
    return 0;
  });
}

int devices_approve_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices approve";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  auto latest = parsed->flags.flag("latest");
  if (!latest) return usage_error(kCommand, latest.error().message, std::cerr);
  auto positionals = parsed->flags.finish(1);
  if (!positionals) return usage_error(kCommand, positionals.error().message, std::cerr);
  std::optional<std::string> request_id;
  if (!positionals->empty() && !*latest) request_id = positionals->front();
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    if (!request_id) {
      auto list = call(gateway, options, "device.pair.list", json::object(), code);
      if (!list) return code;
      const auto newest = latest_pending_request(*list);
      const auto id = newest ? newest->value("requestId", std::string()) : std::string();
      if (id.empty()) {
        if (options.json) print_json({{"ok", false}, {"error", {{"message", "No pending device pairing requests to approve"}}}});
        std::cerr << "No pending device pairing requests to approve\n";
        return 1;
      }
      request_id = id;
    }
    auto approved = call(gateway, options, "device.pair.approve", {{"requestId", *request_id}}, code);
    if (!approved) return code;
    if (options.json) {
      print_json(*approved);
    } else {
      std::cout << format_approved(*approved, *request_id) << "\n";
    }
    return 0;
  });
}

int devices_reject_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices reject";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  const auto request_id = one_id(parsed->flags, kCommand, "requestId", exit_code);
  if (!request_id) return exit_code;
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    auto rejected = call(gateway, options, "device.pair.reject", {{"requestId", *request_id}}, code);
    if (!rejected) return code;
    if (options.json) {
      print_json(*rejected);
    } else {
      const std::string device_id = rejected->is_object() ? rejected->value("deviceId", std::string()) : "";
      std::cout << "Rejected " << (device_id.empty() ? "ok" : device_id) << "\n";
    }
    return 0;
  });
}

int devices_remove_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices remove";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  const auto device_id = one_id(parsed->flags, kCommand, "deviceId", exit_code);
  if (!device_id) return exit_code;
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    auto removed = call(gateway, options, "device.pair.remove", {{"deviceId", *device_id}}, code);
    if (!removed) return code;
    if (options.json) {
      print_json(*removed);
    } else {
      std::cout << "Removed " << *device_id << "\n";
    }
    return 0;
  });
}

int devices_rotate_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices rotate";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  auto scopes = parsed->flags.values("scope");
  if (!scopes) return usage_error(kCommand, scopes.error().message, std::cerr);
  const auto target = device_and_role(parsed->flags, kCommand, exit_code);
  if (!target) return exit_code;
  if (auto rest = parsed->flags.finish(0); !rest) return usage_error(kCommand, rest.error().message, std::cerr);
  json params = {{"deviceId", target->first}, {"role", target->second}};
  if (!scopes->empty()) params["scopes"] = *scopes;
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    auto rotated = call(gateway, options, "device.token.rotate", params, code);
    if (!rotated) return code;
    // As upstream, in both modes: the operator asked for this token and must copy it.
    print_json(*rotated);
    return 0;
  });
}

int devices_revoke_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices revoke";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  const auto target = device_and_role(parsed->flags, kCommand, exit_code);
  if (!target) return exit_code;
  if (auto rest = parsed->flags.finish(0); !rest) return usage_error(kCommand, rest.error().message, std::cerr);
  const json params = {{"deviceId", target->first}, {"role", target->second}};
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    auto revoked = call(gateway, options, "device.token.revoke", params, code);
    if (!revoked) return code;
    print_json(*revoked);
    return 0;
  });
}

int devices_clear_command(const std::vector<std::string>& args) {
  constexpr std::string_view kCommand = "devices clear";
  int exit_code = 0;
  auto parsed = parse(args, kCommand, exit_code);
  if (!parsed) return exit_code;
  auto yes = parsed->flags.flag("yes");
  auto pending = yes ? parsed->flags.flag("pending") : yes;
  if (!yes || !pending) return usage_error(kCommand, (!yes ? yes : pending).error().message, std::cerr);
  if (auto rest = parsed->flags.finish(0); !rest) return usage_error(kCommand, rest.error().message, std::cerr);
  if (!*yes) return usage_error(kCommand, "refusing to clear the pairing table without --yes", std::cerr);
  return with_gateway(parsed->options, kCommand, [&](client::GatewayClient& gateway, const NetworkOptions& options) {
    int code = 0;
    auto list = call(gateway, options, "device.pair.list", json::object(), code);
    if (!list) return code;
    json removed = json::array();
    json rejected = json::array();
    for (const auto& device : list->value("paired", json::array())) {
      const std::string device_id = device.is_object() ? device.value("deviceId", std::string()) : "";
      if (device_id.empty()) continue;
      if (!call(gateway, options, "device.pair.remove", {{"deviceId", device_id}}, code)) return code;
      removed.push_back(device_id);
    }
    if (*pending) {
      for (const auto& request : list->value("pending", json::array())) {
        const std::string request_id = request.is_object() ? request.value("requestId", std::string()) : "";
        if (request_id.empty()) continue;
        if (!call(gateway, options, "device.pair.reject", {{"requestId", request_id}}, code)) return code;
        rejected.push_back(request_id);
      }
    }
    if (options.json) {
      print_json({{"removedDevices", removed}, {"rejectedPending", rejected}});
      return 0;
    }
    std::cout << "Cleared " << removed.size() << " paired device" << (removed.size() == 1 ? "" : "s") << "\n";
    if (*pending) {
      std::cout << "Rejected " << rejected.size() << " pending request" << (rejected.size() == 1 ? "" : "s") << "\n";
    }
    return 0;
  });
}

}  // namespace openclaw::cli::devices
