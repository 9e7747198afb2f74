// config get | file | schema | validate: the commands that only read openclaw.json.
#include <iostream>

#include "cli/config_cli_support.h"
#include "cli/config_commands.h"
#include "core/config/config_path.h"
#include "core/config/config_snapshot.h"
#include "core/config/json_schema.h"
#include "core/config/redaction.h"
#include "core/config/secret_origin.h"
#include "core/config/secret_ref.h"

namespace openclaw::cli {
namespace {

using nlohmann::json;

std::string pretty(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace);
}

// Scalars print bare (as upstream's String(value)); objects and lists as indented JSON.
void print_value(const json& value, bool as_json, std::ostream& out) {
  if (!as_json && value.is_string()) {
    out << value.get<std::string>() << "\n";
  } else {
    out << pretty(value) << "\n";
  }
}

int usage_error(std::string_view command, std::string_view message, std::ostream& err) {
  err << "openclaw config " << command << ": " << message << "\n";
  return 2;
}

// The secret itself: a literal (after ${VAR} substitution) or what its SecretRef points at.
Result<std::string> reveal_secret(const config::LoadedConfig& loaded, const json& value) {
  auto input = config::parse_secret_input(value, loaded.config.secrets);
  if (!input) return std::unexpected(input.error());
  return config::resolve_secret(*input, loaded.config.secrets, loaded.environment,
                                loaded.path.parent_path());
}

json issues_json(const std::vector<config::Diagnostic>& issues) {
  json out = json::array();
  for (const auto& issue : issues)
    out.push_back({{"path", issue.path}, {"message", issue.message}});
  return out;
}

}  // namespace

int run_config_get(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
                   std::ostream& err) {
  auto parsed = config_cli::parse_arguments(args, {"--json", "--reveal"}, {});
  if (!parsed) return usage_error("get", parsed.error().message, err);
  if (parsed->positional.size() != 1)
    return usage_error("get", "expected one <path>, e.g. gateway.auth.mode", err);
  const std::string& text = parsed->positional.front();
  auto path = config::parse_config_path(text);
  if (!path) return usage_error("get", path.error().message, err);
  const bool as_json = parsed->flags.contains("--json");
  const bool reveal = parsed->flags.contains("--reveal");

  auto config_path = config_cli::active_config_path(env);
  if (!config_path) {
    err << config_path.error().message << "\n";
    return 1;
  }
  const auto snapshot = config::read_config_snapshot(*config_path, env);
  if (!snapshot.valid) {
    config_cli::print_invalid_config(snapshot, err, config_cli::kRepairThenRetry);
    return 1;
  }
  const json& tree = snapshot.resolved();
  const json* value = config::find_at_path(tree, *path);
  if (value == nullptr) {
    err << "Config path not found: " << text
        << ". Run `openclaw config validate` to inspect config shape.\n";
    return 1;
  }

  // A secret leaf: a string, or a SecretRef naming where the string is kept.
  const bool secret_leaf = snapshot.loaded.has_value() && config::is_secret_path(*path, tree) &&
                           (value->is_string() || config::parse_secret_ref(*value).has_value());
  if (secret_leaf) {
    if (reveal) {
      auto secret = reveal_secret(*snapshot.loaded, *value);
      if (!secret) {
        err << "Cannot resolve " << config::format_config_path(*path) << ": "
            << secret.error().message << "\n";
        return 1;
      }
      print_value(*secret, as_json, out);
      return 0;
    }
    const json shown = *config::find_at_path(config::redact_config(tree), *path);
    if (as_json) {
      print_value(shown, true, out);
    } else {
      out << config::kRedactedMarker << " ("
          << config::describe_secret_origin(*snapshot.loaded, *path) << ")\n";
      err << "(a secret: add --reveal to print its value)\n";
    }
    return 0;
  }
  print_value(reveal ? *value : *config::find_at_path(config::redact_config(tree), *path), as_json,
              out);
  return 0;
}

int run_config_file(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
                    std::ostream& err) {
  if (!args.empty())
    return usage_error("file", "takes no arguments (got " + args.front() + ")", err);
  auto config_path = config_cli::active_config_path(env);
  if (!config_path) {
    err << config_path.error().message << "\n";
    return 1;
  }
  out << config_path->string() << "\n";
  return 0;
}

int run_config_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!args.empty())
    return usage_error("schema", "takes no arguments (got " + args.front() + ")", err);
  out << pretty(config::config_json_schema()) << "\n";
  return 0;
}

int run_config_validate(const std::vector<std::string>& args, const Environment& env,
                        std::ostream& out, std::ostream& err) {
  auto parsed = config_cli::parse_arguments(args, {"--json"}, {});
  if (!parsed) return usage_error("validate", parsed.error().message, err);
  if (!parsed->positional.empty()) {
    return usage_error("validate", "takes no <path> (got " + parsed->positional.front() + ")", err);
  }
  const bool as_json = parsed->flags.contains("--json");
  auto config_path = config_cli::active_config_path(env);
  if (!config_path) {
    if (as_json) {
      out << pretty({{"valid", false}, {"path", nullptr}, {"error", config_path.error().message}})
          << "\n";
    } else {
      err << config_path.error().message << "\n";
    }
    return 1;
  }
  const auto snapshot = config::read_config_snapshot(*config_path, env);
  const std::string file = snapshot.path.string();
  if (!snapshot.exists) {
    if (as_json) {
      out << pretty({{"valid", false}, {"path", file}, {"error", "file not found"}}) << "\n";
    } else {
      err << "Config file not found: " << file << "\n"
          << "Create one with `openclaw-provision apply` or run `openclaw doctor --fix`.\n";
    }
    return 1;
  }
  if (as_json) {
    json report = {{"valid", snapshot.valid}, {"path", file}};
    if (!snapshot.valid) report["issues"] = issues_json(snapshot.issues);
    report["warnings"] = issues_json(snapshot.warnings);
    out << pretty(report) << "\n";
    return snapshot.valid ? 0 : 1;
  }
  if (!snapshot.valid) {
    err << "OpenClaw config is invalid: " << file << "\n";
    for (const auto& issue : snapshot.issues)
      err << "  \u00d7 " << config_cli::issue_line(issue) << "\n";
    for (const auto& warning : snapshot.warnings)
      err << "  ! " << config_cli::issue_line(warning) << "\n";
    err << "\nRun `openclaw doctor --fix` to repair, or fix the keys above manually.\n"
        << "Inspect with `openclaw config validate`.\n";
    return 1;
  }
  out << "Config valid: " << file << "\n";
  for (const auto& warning : snapshot.warnings)
    out << "  ! warning: " << config_cli::issue_line(warning) << "\n";
  return 0;
}

int config_get_command(const std::vector<std::string>& args) {
  return run_config_get(args, Environment::from_process(), std::cout, std::cerr);
}

int config_file_command(const std::vector<std::string>& args) {
  return run_config_file(args, Environment::from_process(), std::cout, std::cerr);
}

int config_schema_command(const std::vector<std::string>& args) {
  return run_config_schema(args, std::cout, std::cerr);
}

int config_validate_command(const std::vector<std::string>& args) {
  return run_config_validate(args, Environment::from_process(), std::cout, std::cerr);
}

}  // namespace openclaw::cli
