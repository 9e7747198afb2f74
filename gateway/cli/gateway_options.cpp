#include "cli/gateway_options.h"

#include <charconv>

namespace openclaw::cli {

std::optional<GatewayRunOptions> parse_gateway_run_options(const std::vector<std::string>& args, std::ostream& err) {
  GatewayRunOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inline_value) return inline_value;
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    auto missing = [&]() {
      err << "openclaw gateway run: " << arg << " needs a value\n";
      return std::nullopt;
    };
    if (arg == "--allow-unconfigured") {
      options.allow_unconfigured = true;
    } else if (arg == "--dev") {
      options.dev = true;
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--force") {
      options.force = true;
    } else if (arg == "--port") {
      auto text = value();
      std::int64_t port = 0;
      if (!text || std::from_chars(text->data(), text->data() + text->size(), port).ec != std::errc() ||
          port < 1 || port > 65535) {
        err << "openclaw gateway run: --port needs a port number 1-65535\n";
        return std::nullopt;
      }
      options.port = port;
    } else if (arg == "--bind") {
      auto text = value();
      auto mode = text ? config::parse_bind_mode(*text) : std::nullopt;
      if (!mode) {
        err << "openclaw gateway run: --bind needs one of loopback, lan, tailnet, auto, custom\n";
        return std::nullopt;
      }
      options.bind = mode;
    } else if (arg == "--auth") {
      auto text = value();
      auto mode = text ? config::parse_auth_mode(*text) : std::nullopt;
      if (!mode) {
        err << "openclaw gateway run: --auth needs one of none, token, password, trusted-proxy\n";
        return std::nullopt;
      }
      options.auth = mode;
    } else if (arg == "--token" || arg == "--password" || arg == "--password-file" || arg == "--profile") {
      auto text = value();
      if (!text || text->empty()) return missing();
      if (arg == "--token") options.token = *text;
      else if (arg == "--password") options.password = *text;
      else if (arg == "--password-file") options.password_file = *text;
      else options.profile = *text;
    } else {
      err << "openclaw gateway run: unknown option " << arg << "\n";
      return std::nullopt;
    }
  }
  if (options.password && options.password_file) {
    err << "openclaw gateway run: pass either --password or --password-file, not both\n";
    return std::nullopt;
  }
  return options;
}

}  // namespace openclaw::cli
