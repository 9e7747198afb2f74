#include "provision/command_line.h"

#include <algorithm>

#include "provision/spec_fields.h"

namespace openclaw::provision {

namespace {
const std::vector<std::string> kCommands = {"apply", "plan", "show", "token rotate", "device add",
                                            "runtime-check", "help", "version"};
}

Result<CommandLine> parse_command_line(const std::vector<std::string>& args) {
  CommandLine line;
  std::size_t i = 0;
  if (i < args.size() && !args[i].starts_with("-")) {
    line.command = args[i++];
    if ((line.command == "token" || line.command == "device") && i < args.size() &&
        !args[i].starts_with("-")) {
      line.command += " " + args[i++];
    }
  } else if (i < args.size() && (args[i] == "--help" || args[i] == "-h")) {
    line.command = "help";
    ++i;
  } else if (i < args.size() && args[i] == "--version") {
    line.command = "version";
    ++i;
  }
  if (line.command.empty()) return fail("no command given (try: openclaw-provision --help)");
  if (std::find(kCommands.begin(), kCommands.end(), line.command) == kCommands.end()) {
    return fail("unknown command \"" + line.command + "\" (try: openclaw-provision --help)");
  }

  if (line.command == "runtime-check") {
    line.passthrough.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    return line;
  }
  for (; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (!name.starts_with("-")) return fail("unexpected argument \"" + name + "\"");
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto take_value = [&]() -> Result<std::string> {
      if (value) return *value;
      if (i + 1 >= args.size()) return fail(name + ": needs a value");
      return args[++i];
    };
    auto flag_value = [&](bool& flag) -> Status {
      flag = true;
      if (value) return fail(name + ": takes no value");
      return {};
    };
    Status status;
    if (name == "--json") {
      status = flag_value(line.json);
    } else if (name == "--reveal") {
      status = flag_value(line.reveal);
    } else if (name == "--generate") {
      status = flag_value(line.generate);
    } else if (name == "--help" || name == "-h") {
      line.command = "help";
    } else if (name == "--spec" || name == "-f" || name == "--set" || name == "--public-key" ||
               name == "--name" || name == "--role" || name == "--scope" || name == "--platform") {
      auto text = take_value();
      if (!text) return std::unexpected(text.error());
      if (name == "--spec" || name == "-f") line.sources.spec_file = *text;
      if (name == "--set") line.sources.set_overrides.push_back(*text);
      if (name == "--public-key") line.public_key = *text;
      if (name == "--name") line.device_name = *text;
      if (name == "--role") line.role = *text;
      if (name == "--scope") line.scopes.push_back(*text);
      if (name == "--platform") line.platform = *text;
    } else if (is_spec_flag(name)) {
      if (is_boolean_spec_flag(name) && !value &&
          (i + 1 >= args.size() || args[i + 1].starts_with("--"))) {
        line.sources.flags.emplace_back(name, "true");
        continue;
      }
      auto text = take_value();
      if (!text) return std::unexpected(text.error());
      line.sources.flags.emplace_back(name, *text);
    } else {
      return fail(name + ": unknown option (try: openclaw-provision --help)");
    }
    if (!status) return std::unexpected(status.error());
  }
  return line;
}

std::string usage_text() {
  std::string text =
      "Usage: openclaw-provision <command> [options]\n"
      "\n"
      "Turns a declarative spec into a ready OpenClaw state directory.\n"
      "\n"
      "Commands:\n"
      "  apply          make the state directory match the spec\n"
      "  plan           show what apply would change; exit 0 nothing, 2 changes, 1 error\n"
      "  show           what is provisioned: paths, auth and token fingerprint, devices\n"
      "  token rotate   replace the generated gateway token\n"
      "  device add     pre-approve a device: --public-key KEY --name NAME [--role R]\n"
      "                 [--scope S]... [--platform P], or --generate for the on-box CLI\n"
      "  version        print the version\n"
      "  runtime-check  can this root resolve names and load a CA bundle? (--help: see openclaw)\n"
      "\n"
      "Options:\n"
      "  -f, --spec FILE     spec in YAML or JSON\n"
      "  --set PATH=VALUE    set any spec field (providers.openai.apiKeyEnv=OPENAI_API_KEY)\n"
      "  --json              machine-readable output\n"
      "  --reveal            print the gateway token (otherwise only its fingerprint)\n"
      "\n"
      "Spec fields (flag, environment variable; flags beat variables, variables beat the file):\n";
  for (const auto& field : spec_fields()) {
    if (!is_scalar_path(field)) continue;
    text += "  " + flag_name(field) + "\n      " + env_name(field) + "\n      " +
            std::string(field.help) + "\n";
  }
  text += "\nList fields take comma-separated values. Fields under providers.* and devices[]\n"
          "are set in the spec file or with --set. See docs/provisioning.md.\n";
  return text;
}

}  // namespace openclaw::provision
