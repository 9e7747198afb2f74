#include "cli/config_cli_support.h"

#include <algorithm>
#include <optional>
#include <ostream>

#include "core/config/paths.h"

namespace openclaw::cli::config_cli {

Result<Arguments> parse_arguments(const std::vector<std::string>& args,
                                  std::initializer_list<std::string_view> switches,
                                  std::initializer_list<std::string_view> valued) {
  Arguments parsed;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || !arg.starts_with("--")) {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    if (std::ranges::find(switches, name) != switches.end() && !inline_value) {
      parsed.flags.insert(name);
    } else if (std::ranges::find(valued, name) != valued.end()) {
      if (!inline_value && i + 1 >= args.size()) return fail(name + " needs a value");
      parsed.values[name] = inline_value ? *inline_value : args[++i];
    } else {
      return fail("unknown option " + name);
    }
  }
  return parsed;
}

Result<std::filesystem::path> active_config_path(const Environment& env) {
  auto state_dir = config::resolve_state_dir(env, std::nullopt, false);
  if (!state_dir) return std::unexpected(state_dir.error());
  return config::resolve_config_path(env, *state_dir);
}

std::string issue_line(const config::Diagnostic& issue) {
  return (issue.path.empty() ? std::string("<root>") : issue.path) + ": " + issue.message;
}

void print_invalid_config(const config::ConfigSnapshot& snapshot, std::ostream& err,
                          std::string_view hint) {
  err << "OpenClaw config is invalid: " << snapshot.path.string() << "\n";
  for (const auto& issue : snapshot.issues) err << "- " << issue_line(issue) << "\n";
  err << hint << "\n";
}

}  // namespace openclaw::cli::config_cli
