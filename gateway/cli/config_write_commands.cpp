// config set | unset: edit openclaw.json as written (placeholders, SecretRefs and $include
// stay), validate the result, write it atomically and keep the previous file as .bak.
#include <cctype>
#include <iostream>
#include <optional>

#include "cli/config_cli_support.h"
#include "cli/config_commands.h"
#include "core/config/config_edit.h"
#include "core/config/config_path.h"
#include "core/config/config_snapshot.h"
#include "core/json5/json5.h"
#include "core/state/file_reader.h"

namespace openclaw::cli {
namespace {

using nlohmann::json;

struct Assignment {
  std::string requested;  // the path as the operator typed it
  config::ConfigPath path;
  json value;
};

int usage_error(std::string_view command, std::string_view message, std::ostream& err) {
  err << "openclaw config " << command << ": " << message << "\n";
  return 2;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// As upstream: JSON5 when it parses, else the text itself; with --strict-json it must be
// JSON. Errors never quote the value (it may be a secret).
Result<json> parse_value(std::string_view raw, bool strict, std::string_view path) {
  const std::string_view text = trim(raw);
  if (strict) {
    json value = json::parse(text, nullptr, false);
    if (value.is_discarded()) {
      return fail("the value for " + std::string(path) +
                  " is not valid JSON (--strict-json); quote strings as \"...\"");
    }
    return value;
  }
  auto value = json5::parse(text);
  if (value) return *value;
  return json(std::string(raw));
}

Result<std::vector<Assignment>> parse_batch(std::string_view text) {
  auto entries = json5::parse(text);
  if (!entries) return fail("--batch-json is not valid JSON: " + entries.error().message);
  if (!entries->is_array() || entries->empty()) {
    return fail("batch mode expects a non-empty JSON array of {\"path\": ..., \"value\": ...}");
  }
  std::vector<Assignment> assignments;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const json& entry = (*entries)[i];
    const std::string where = "batch entry " + std::to_string(i + 1);
    if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string() ||
        !entry.contains("value")) {
      return fail(where + ": expected {\"path\": \"<config path>\", \"value\": <JSON value>}");
    }
    for (const auto& [key, unused] : entry.items()) {
      if (key != "path" && key != "value") return fail(where + ": unexpected key \"" + key + "\"");
    }
    auto path = config::parse_config_path(entry["path"].get<std::string>());
    if (!path) return fail(where + ": " + path.error().message);
    assignments.push_back({entry["path"].get<std::string>(), std::move(*path), entry["value"]});
  }
  return assignments;
}

// Warnings about the keys this edit touched (unknown keys, mostly); others were already there.
void print_relevant_warnings(const std::vector<config::Diagnostic>& warnings,
                             const std::vector<std::string>& touched, std::ostream& err) {
  for (const auto& warning : warnings) {
    for (const auto& path : touched) {
      if (warning.path == path || warning.path.starts_with(path + ".") ||
          warning.path.starts_with(path + "[") || path.starts_with(warning.path + ".")) {
        err << "Warning: " << config_cli::issue_line(warning) << "\n";
        break;
      }
    }
  }
}

std::string apply_note(const config::LoadedConfig& loaded) {
  const auto mode = loaded.config.gateway.reload.mode;
  if (mode == config::ReloadMode::Off)
    return "Restart the gateway to apply (gateway.reload.mode is \"off\").";
  return "A running gateway picks up the change (gateway.reload.mode \"" +
         std::string(config::to_string(mode)) + "\").";
}

// Reads the file for editing. Returns nullopt (after printing why) when it cannot be edited
// path by path: unreadable, or not JSON5 at all. A file that parses but fails validation may
// be edited: the result is validated as a whole, so an edit can repair it.
std::optional<config::ConfigSnapshot> snapshot_for_edit(const Environment& env, std::ostream& err) {
  auto config_path = config_cli::active_config_path(env);
  if (!config_path) {
    err << config_path.error().message << "\n";
    return std::nullopt;
  }
  auto snapshot = config::read_config_snapshot(*config_path, env);
  if ((snapshot.exists && !snapshot.raw) || !snapshot.parsed.is_object()) {
    config_cli::print_invalid_config(snapshot, err, config_cli::kRepairThenRetry);
    return std::nullopt;
  }
  return snapshot;
}

// Validates and writes `candidate`; prints the outcome. Returns the exit code.
int commit(const config::ConfigSnapshot& snapshot, const json& candidate, const Environment& env,
           const std::vector<std::string>& touched, const std::string& done, std::ostream& out,
           std::ostream& err) {
  auto written = config::write_config(snapshot, candidate, env);
  if (!written) {
    const auto& error = written.error();
    if (error.kind == config::ConfigWriteError::Kind::Invalid) {
      err << "Config validation failed; nothing was written (" << snapshot.path.string()
          << " is unchanged):\n";
      for (const auto& issue : error.errors) err << "- " << config_cli::issue_line(issue) << "\n";
    } else if (error.kind == config::ConfigWriteError::Kind::Changed) {
      err << error.message << "; nothing was written. Run the command again.\n";
    } else {
      err << "Cannot write the config: " << error.message << "\n";
    }
    return 1;
  }
  print_relevant_warnings(written->loaded.warnings, touched, err);
  if (!written->changed) {
    out << done << " (no change: " << snapshot.path.string()
        << " already says so; it was not rewritten).\n";
    return 0;
  }
  out << done << ". " << apply_note(written->loaded) << "\n";
  if (written->dropped_comments) {
    out << "Note: the comments in " << written->path.string()
        << " were not kept (the file is rewritten as JSON); "
        << "the previous version is " << written->backup->string() << ".\n";
  }
  return 0;
}

}  // namespace

int run_config_set(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
                   std::ostream& err) {
  auto parsed = config_cli::parse_arguments(args, {"--strict-json", "--json"},
                                            {"--batch-json", "--batch-file"});
  if (!parsed) return usage_error("set", parsed.error().message, err);
  const bool strict = parsed->flags.contains("--strict-json") || parsed->flags.contains("--json");
  const bool batch =
      parsed->values.contains("--batch-json") || parsed->values.contains("--batch-file");

  std::vector<Assignment> assignments;
  if (batch) {
    if (parsed->values.contains("--batch-json") && parsed->values.contains("--batch-file")) {
      return usage_error("set", "pass either --batch-json or --batch-file, not both", err);
    }
    if (!parsed->positional.empty())
      return usage_error("set", "batch mode does not accept <path> or <value> arguments", err);
    std::string text;
    if (auto it = parsed->values.find("--batch-file"); it != parsed->values.end()) {
      auto content = state::read_file(it->second, 1024 * 1024);
      if (!content) return usage_error("set", "--batch-file: " + content.error().message, err);
      text = std::move(*content);
    } else {
      text = parsed->values.at("--batch-json");
    }
    auto entries = parse_batch(text);
    if (!entries) return usage_error("set", entries.error().message, err);
    assignments = std::move(*entries);
  } else {
    if (parsed->positional.size() != 2) {
      return usage_error(
          "set", "expected <path> <value>, e.g. openclaw config set gateway.port 19001", err);
    }
    auto path = config::parse_config_path(parsed->positional[0]);
    if (!path) return usage_error("set", path.error().message, err);
    auto value = parse_value(parsed->positional[1], strict, parsed->positional[0]);
    if (!value) {
      err << value.error().message << "\n";
      return 1;
    }
    assignments.push_back({parsed->positional[0], std::move(*path), std::move(*value)});
  }

  auto snapshot = snapshot_for_edit(env, err);
  if (!snapshot) return 1;
  json candidate = snapshot->parsed;
  std::vector<std::string> touched;
  for (auto& assignment : assignments) {
    if (auto set = config::set_at_path(candidate, assignment.path, std::move(assignment.value));
        !set) {
      err << set.error().message << "\n";
      return 1;
    }
    touched.push_back(config::format_config_path(assignment.path));
  }
  const std::string done = assignments.size() == 1
                               ? "Updated " + assignments.front().requested
                               : "Updated " + std::to_string(assignments.size()) + " config paths";
  return commit(*snapshot, candidate, env, touched, done, out, err);
}

int run_config_unset(const std::vector<std::string>& args, const Environment& env,
                     std::ostream& out, std::ostream& err) {
  auto parsed = config_cli::parse_arguments(args, {}, {});
  if (!parsed) return usage_error("unset", parsed.error().message, err);
  if (parsed->positional.size() != 1)
    return usage_error("unset", "expected one <path>, e.g. gateway.tailscale", err);
  const std::string& text = parsed->positional.front();
  auto path = config::parse_config_path(text);
  if (!path) return usage_error("unset", path.error().message, err);

  auto snapshot = snapshot_for_edit(env, err);
  if (!snapshot) return 1;
  json candidate = snapshot->parsed;
  if (!config::unset_at_path(candidate, *path)) {
    if (config::find_at_path(snapshot->resolved(), *path) != nullptr) {
      err << "Config path not found in " << snapshot->path.string() << ": " << text
          << ". Nothing was changed. The value comes from an $include file; edit that file "
             "instead.\n";
    } else {
      err << "Config path not found: " << text
          << ". Nothing was changed. Run `openclaw config get <path>` first if you are unsure of "
             "the path.\n";
    }
    return 1;
  }
  return commit(*snapshot, candidate, env, {config::format_config_path(*path)}, "Removed " + text,
                out, err);
}

int config_set_command(const std::vector<std::string>& args) {
  return run_config_set(args, Environment::from_process(), std::cout, std::cerr);
}

int config_unset_command(const std::vector<std::string>& args) {
  return run_config_unset(args, Environment::from_process(), std::cout, std::cerr);
}

}  // namespace openclaw::cli
