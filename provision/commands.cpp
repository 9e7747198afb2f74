#include "provision/commands.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/config/secret_ref.h"
#include "core/crypto/fingerprint.h"
#include "core/json5/json5.h"
#include "core/state/file_reader.h"
#include "core/state/layout.h"
#include "provision/change_set.h"
#include "provision/desired_state.h"
#include "provision/run_metrics.h"
#include "core/util/clock.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

double unix_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string metrics_command_name(const std::string& command) {
  std::string name = command;
  for (char& c : name) {
    if (c == ' ') c = '-';
  }
  return name;
}

void report_error(const CommandLine& line, const std::string& message, std::ostream& out,
                  std::ostream& err) {
  if (line.json) {
    out << json{{"ok", false}, {"command", line.command}, {"error", message}}.dump(2) << "\n";
  }
  err << "openclaw-provision " << line.command << ": " << message << "\n";
}

std::string listen_url(const ProvisionSpec& spec) {
  std::string host = spec.bind == "custom" ? *spec.custom_bind_host
                     : spec.bind == "loopback" ? "127.0.0.1"
                                               : "0.0.0.0";
  return "ws://" + host + ":" + std::to_string(spec.port);
}

json summary_json(const ProvisionSpec& spec, const DesiredState& desired, bool reveal) {
  json summary = {{"stateDir", spec.state_dir.string()},
                  {"configPath", spec.config_path.string()},
                  {"url", listen_url(spec)},
                  {"bind", spec.bind},
                  {"port", spec.port},
                  {"authMode", spec.auth_mode}};
  if (!desired.token_fingerprint.empty()) {
    summary["tokenSource"] = desired.token_source;
    summary["tokenFingerprint"] = desired.token_fingerprint;
    if (reveal) summary["token"] = desired.token_value;
  }
  if (!desired.cli_device_id.empty()) summary["cliDeviceId"] = desired.cli_device_id;
  json devices = json::array();
  for (const auto& device : desired.approved_devices) {
    devices.push_back({{"deviceId", device.device_id}, {"scopes", device.scopes}});
  }
  summary["approvedDevices"] = devices;
  return summary;
}

void print_text(const CommandLine& line, const ProvisionSpec& spec, const DesiredState& desired,
                const std::vector<Change>& changes, std::ostream& out) {
  const bool planning = line.command == "plan";
  auto counts = count_by_kind(changes);
  if (changes.empty()) {
    out << (planning ? "No changes: " : "Nothing to do: ") << spec.state_dir.string()
        << " already matches the spec.\n";
  } else {
    out << (planning ? "Would make " : "Made ") << changes.size() << " change"
        << (changes.size() == 1 ? "" : "s") << " (";
    bool first = true;
    for (const auto& [kind, count] : counts) {
      out << (first ? "" : ", ") << kind << " " << count;
      first = false;
    }
    out << "):\n";
    for (const auto& change : changes) {
      out << "  " << change.action << " " << to_string(change.kind) << " " << change.path.string();
      if (!change.detail.empty()) out << "  [" << change.detail << "]";
      out << "\n";
    }
  }
  for (const auto& note : desired.notes) out << "note: " << note << "\n";
  for (const auto& warning : desired.warnings) out << "warning: " << warning << "\n";
  out << "\nstate dir:   " << spec.state_dir.string() << "\n"
      << "config:      " << spec.config_path.string() << "\n"
      << "gateway:     " << listen_url(spec) << " (bind " << spec.bind << ", auth " << spec.auth_mode << ")\n";
  if (!desired.token_fingerprint.empty()) {
    out << (spec.auth_mode == "password" ? "password:    " : "token:       ") << desired.token_fingerprint
        << " (" << desired.token_source << ")\n";
    if (line.reveal) out << "             " << desired.token_value << "\n";
  }
  if (!desired.cli_device_id.empty()) {
    out << "cli device:  " << desired.cli_device_id << " (pre-approved, owner scopes)\n";
  }
  for (const auto& device : desired.approved_devices) {
    out << "device:      " << device.device_id << " (pre-approved)\n";
  }
}

// Failure metrics go only where a collector already reads them: creating a file in a state
// directory the run could not set up would break the promise that a failed run changes
// nothing.
void record_failure(const ProvisionSpec* spec, const CommandLine& line, double started, std::ostream& err) {
  if (!spec) return;
  std::error_code error;
  if (!fs::exists(spec->metrics_file, error)) return;
  RunRecord record{metrics_command_name(line.command), false, started, unix_seconds() - started, {},
                   spec->fingerprint};
  if (auto status = write_run_metrics(spec->metrics_file, record, spec->owner); !status) {
    err << "openclaw-provision: warning: " << status.error().message << "\n";
  }
}

}  // namespace

int run_change_command(const CommandLine& line, const Environment& environment, std::ostream& out,
                       std::ostream& err) {
  const double started = unix_seconds();
  auto spec = load_spec(line.sources, environment);
  if (!spec) {
    report_error(line, spec.error().message, out, err);
    return 1;
  }
  PlanOptions options;
  options.now_ms = wall_clock_ms();
  options.rotate_token = line.command == "token rotate";
  if (line.command == "device add") {
    if (line.generate) {
      options.force_cli_identity = true;
    } else {
      if (!line.public_key || !line.device_name) {
        report_error(line, "needs --public-key KEY and --name NAME (or --generate)", out, err);
        return 1;
      }
      DeviceApproval approval;
      approval.public_key = *line.public_key;
      approval.display_name = *line.device_name;
      approval.role = line.role.value_or("operator");
      if (approval.role != "operator" && approval.role != "node") {
        report_error(line, "--role: \"" + approval.role + "\" is not operator or node", out, err);
        return 1;
      }
      approval.scopes = line.scopes;
      approval.platform = line.platform;
      options.extra_devices.push_back(approval);
    }
  }

  auto desired = compute_desired_state(*spec, environment, options);
  if (!desired) {
    record_failure(&*spec, line, started, err);
    report_error(line, desired.error().message, out, err);
    return 1;
  }
  auto changes = compute_changes(*desired);
  const bool planning = line.command == "plan";
  if (!planning && !changes.empty()) {
    Status status = check_writable(*desired);
    if (status) status = apply_changes(*desired, changes);
    if (!status) {
      record_failure(&*spec, line, started, err);
      report_error(line, status.error().message, out, err);
      return 1;
    }
  }
  if (!planning) {
    RunRecord record{metrics_command_name(line.command), true, started, unix_seconds() - started,
                     count_by_kind(changes), spec->fingerprint};
    std::error_code error;
    if (fs::is_directory(spec->metrics_file.parent_path(), error)) {
      if (auto status = write_run_metrics(spec->metrics_file, record, spec->owner); !status) {
        err << "openclaw-provision: warning: " << status.error().message << "\n";
      }
    } else {
      err << "openclaw-provision: warning: metrics not written: " << spec->metrics_file.parent_path().string()
          << " does not exist\n";
    }
  }

  if (line.json) {
    json list = json::array();
    for (const auto& change : changes) {
      list.push_back({{"kind", to_string(change.kind)}, {"action", change.action},
                      {"path", change.path.string()}, {"detail", change.detail}});
    }
    out << json{{"ok", true},
                {"command", line.command},
                {"changed", !changes.empty()},
                {"changes", list},
                {"changesByKind", count_by_kind(changes)},
                {"notes", desired->notes},
                {"warnings", desired->warnings},
                {"summary", summary_json(*spec, *desired, line.reveal)}}
               .dump(2)
        << "\n";
  } else {
    print_text(line, *spec, *desired, changes, out);
  }
  return planning && !changes.empty() ? 2 : 0;
}

int run_show(const CommandLine& line, const Environment& environment, std::ostream& out, std::ostream& err) {
  auto spec = load_spec(line.sources, environment);
  if (!spec) {
    report_error(line, spec.error().message, out, err);
    return 1;
  }
  const state::StateLayout layout(spec->state_dir);
  auto read_json = [](const fs::path& path) -> Result<json> {
    auto text = state::read_file(path);
    if (!text) return std::unexpected(text.error());
    auto parsed = json5::parse(*text);
    if (!parsed) return fail(path.string() + ": " + parsed.error().message);
    return *parsed;
  };
  auto config = read_json(spec->config_path);
  if (!config) {
    report_error(line, config.error().message + " (not provisioned yet? run apply)", out, err);
    return 1;
  }
  const json gateway = config->value("gateway", json::object());
  const json auth = gateway.value("auth", json::object());
  json report = {{"stateDir", spec->state_dir.string()},
                 {"configPath", spec->config_path.string()},
                 {"mode", gateway.value("mode", "")},
                 {"port", gateway.value("port", 18789)},
                 {"bind", gateway.value("bind", "loopback")},
                 {"authMode", auth.value("mode", "")},
                 {"trustedProxies", gateway.value("trustedProxies", json::array())},
                 {"allowedOrigins", gateway.value("controlUi", json::object()).value("allowedOrigins", json::array())}};

  const json secrets = config->value("secrets", json());
  for (const char* key : {"token", "password"}) {
    if (!auth.contains(key)) continue;
    auto input = config::parse_secret_input(auth[key], secrets);
    json entry;
    if (!input) {
      entry["error"] = input.error().message;
    } else {
      entry["source"] = std::holds_alternative<std::string>(*input)
                            ? std::string("inline")
                            : config::describe(std::get<config::SecretRef>(*input));
      auto value = config::resolve_secret(*input, secrets, environment, spec->config_path.parent_path());
      if (value) {
        entry["fingerprint"] = crypto::token_fingerprint(*value);
        if (line.reveal) entry["value"] = *value;
      } else {
        entry["error"] = value.error().message;
      }
    }
    report[key] = entry;
  }

  json devices = json::array();
  if (auto paired = read_json(layout.paired_devices())) {
    for (const auto& [id, device] : paired->items()) {
      devices.push_back({{"deviceId", id},
                         {"displayName", device.value("displayName", "")},
                         {"role", device.value("role", "")},
                         {"scopes", device.value("approvedScopes", json::array())}});
    }
  }
  report["pairedDevices"] = devices;
  int pending = 0;
  if (auto pending_requests = read_json(layout.pending_devices()); pending_requests && pending_requests->is_object()) {
    pending = static_cast<int>(pending_requests->size());
  }
  report["pendingRequests"] = pending;
  json profiles = json::array();
  // Held in a local: a range-for over items() of a temporary would outlive the temporary.
  const json configured_profiles = config->value("auth", json::object()).value("profiles", json::object());
  for (const auto& [id, profile] : configured_profiles.items()) {
    profiles.push_back({{"id", id}, {"provider", profile.value("provider", "")}});
  }
  report["authProfiles"] = profiles;

  if (line.json) {
    out << report.dump(2) << "\n";
    return 0;
  }
  out << "state dir:        " << report["stateDir"].get<std::string>() << "\n"
      << "config:           " << report["configPath"].get<std::string>() << "\n"
      << "gateway:          mode " << report["mode"].get<std::string>() << ", port " << report["port"].dump()
      << ", bind " << report["bind"].get<std::string>() << ", auth " << report["authMode"].get<std::string>() << "\n";
  for (const char* key : {"token", "password"}) {
    if (!report.contains(key)) continue;
    const json& entry = report[key];
    out << key << (std::string(key) == "token" ? ":            " : ":         ");
    if (entry.contains("fingerprint")) {
      out << entry["fingerprint"].get<std::string>() << " (" << entry.value("source", "") << ")\n";
      if (entry.contains("value")) out << "                  " << entry["value"].get<std::string>() << "\n";
    } else {
      out << "unresolved: " << entry.value("error", "") << "\n";
    }
  }
  out << "trustedProxies:   " << report["trustedProxies"].dump() << "\n"
      << "allowedOrigins:   " << report["allowedOrigins"].dump() << "\n"
      << "paired devices:   " << devices.size() << "\n";
  for (const auto& device : devices) {
    out << "  " << device["deviceId"].get<std::string>() << "  " << device["displayName"].get<std::string>()
        << "  " << device["role"].get<std::string>() << " " << device["scopes"].dump() << "\n";
  }
  out << "pending requests: " << pending << "\n";
  for (const auto& profile : profiles) {
    out << "auth profile:     " << profile["id"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace openclaw::provision
