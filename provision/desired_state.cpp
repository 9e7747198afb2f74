#include "provision/desired_state.h"

#include <sys/stat.h>

#include "core/config/env_substitution.h"
#include "core/config/includes.h"
#include "core/config/schema.h"
#include "core/crypto/fingerprint.h"
#include "core/json5/json5.h"
#include "core/state/file_reader.h"
#include "core/state/layout.h"
#include "provision/auth_profiles.h"
#include "provision/default_route_subnet.h"
#include "provision/gateway_config.h"
#include "provision/owner_access.h"
#include "provision/secret_placement.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Every managed file is strict, stable JSON: two-space indent, keys sorted (nlohmann's
// object is ordered by key), a final newline. Same input, same bytes.
std::string render_json(const json& value) { return value.dump(2) + "\n"; }

// An existing managed file: absent (nullopt) or parsed. A file that exists but cannot be
// read or parsed stops the run; overwriting it could lose what the operator had there.
Result<std::optional<json>> read_existing_json(const fs::path& path, const std::string& what) {
  std::error_code error;
  if (!fs::exists(fs::symlink_status(path, error))) return std::optional<json>{};
  auto text = state::read_file(path);
  if (!text) return fail(what + ": " + text.error().message);
  auto parsed = json5::parse(*text);
  if (!parsed) {
    return fail(path.string() + ": " + parsed.error().message +
                " (fix it or move it away; nothing was changed)");
  }
  return std::optional<json>(std::move(*parsed));
}

Result<std::optional<std::string>> read_existing_text(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(fs::symlink_status(path, error))) return std::optional<std::string>{};
  auto text = state::read_file(path, 64 * 1024);
  if (!text) return std::unexpected(text.error());
  return std::optional<std::string>(std::move(*text));
}

Result<std::optional<std::vector<std::string>>> resolve_trusted_proxies(const ProvisionSpec& spec,
                                                                        std::vector<std::string>& notes) {
  if (!spec.trusted_proxies) return std::optional<std::vector<std::string>>{};
  std::vector<std::string> resolved;
  for (const auto& entry : *spec.trusted_proxies) {
    if (entry != "auto") {
      resolved.push_back(entry);
      continue;
    }
    auto subnet = detect_default_route_subnet();
    if (!subnet) return std::unexpected(subnet.error());
    notes.push_back("gateway.trustedProxies: auto resolved to " + *subnet);
    resolved.push_back(*subnet);
  }
  return std::optional<std::vector<std::string>>(std::move(resolved));
}

// Validates the config the gateway will read: includes resolved and ${VAR}s substituted
// exactly as the gateway does, then the schema. Unknown keys come back as warnings.
Status validate_merged_config(const json& config, const fs::path& config_path,
                              const Environment& environment, std::vector<std::string>& warnings) {
  config::IncludeOptions include_options;
  include_options.extra_roots = config::include_roots_from_env(environment);
  auto included = config::resolve_includes(config, config_path, include_options);
  if (!included) return fail(included.error().message);
  auto substituted = config::substitute_env(*included, environment);
  auto report = config::validate(substituted.value);
  for (const auto& warning : report.warnings) warnings.push_back(warning.to_string());
  if (!report.ok()) {
    std::string message = config_path.string() + ": the resulting config is invalid:";
    for (const auto& error : report.errors) message += "\n  " + error.to_string();
    return fail(message);
  }
  return {};
}

}  // namespace

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::Directory: return "directory";
    case ChangeKind::Permissions: return "permissions";
    case ChangeKind::Owner: return "owner";
    case ChangeKind::Config: return "config";
    case ChangeKind::Credential: return "credential";
    case ChangeKind::Device: return "device";
    case ChangeKind::Identity: return "identity";
    case ChangeKind::AuthProfile: return "auth_profile";
  }
  return "unknown";
}

Result<DesiredState> compute_desired_state(const ProvisionSpec& spec, const Environment& environment,
                                           const PlanOptions& options) {
  const state::StateLayout layout(spec.state_dir);
  DesiredState desired;
  desired.owner = spec.owner;

  for (const auto& directory : layout.required_directories(spec.agents)) {
    desired.directories.push_back({directory, state::kDirectoryMode});
  }
  if (spec.config_path.parent_path() != layout.root()) {
    desired.directories.push_back({spec.config_path.parent_path(), state::kDirectoryMode});
  }

  // What is there now.
  auto existing_config = read_existing_json(spec.config_path, "config");
  if (!existing_config) return std::unexpected(existing_config.error());
  desired.existing_config = existing_config->value_or(json::object());
  if (!desired.existing_config.is_object()) {
    return fail(spec.config_path.string() + ": the config must be a JSON object (nothing was changed)");
  }
  auto paired_existing = read_existing_json(layout.paired_devices(), "devices");
  if (!paired_existing) return std::unexpected(paired_existing.error());
  json paired = paired_existing->value_or(json::object());

  // Secrets.
  ManagedConfigInputs inputs;
  if (spec.auth_mode == "token") {
    ExistingSecrets existing;
    auto token_file = read_existing_text(layout.gateway_token());
    if (!token_file) return fail("credentials: " + token_file.error().message);
    existing.gateway_token_file_content = *token_file;
    const json* current = nullptr;
    if (desired.existing_config.contains("gateway") && desired.existing_config["gateway"].contains("auth")) {
      current = &desired.existing_config["gateway"]["auth"];
    }
    if (current && current->contains("token") && (*current)["token"].is_string()) {
      existing.inline_config_token = (*current)["token"].get<std::string>();
    }
    auto token = place_gateway_token(spec, layout, existing, environment, options.rotate_token);
    if (!token) return std::unexpected(token.error());
    inputs.token = std::move(*token);
  } else if (options.rotate_token) {
    return fail("token rotate: gateway.auth.mode is " + spec.auth_mode + ", which has no gateway token");
  }
  if (spec.auth_mode == "password") {
    auto password = place_gateway_password(spec, environment);
    if (!password) return std::unexpected(password.error());
    inputs.password = std::move(*password);
  }
  if (spec.metrics && spec.metrics->token_file) {
    auto metrics_token = place_metrics_token(*spec.metrics->token_file);
    if (!metrics_token) return std::unexpected(metrics_token.error());
    inputs.metrics_token = std::move(*metrics_token);
  }
  for (const auto& provider : spec.providers) {
    auto key = place_provider_key(provider, environment, desired.warnings);
    if (!key) return std::unexpected(key.error());
    if (*key) inputs.provider_keys.emplace_back(provider.id, std::move(**key));
  }
  // The files were readable by us; the gateway runs as the owner and must be able to as well.
  if (auto status = check_secret_files_readable_by_owner(spec); !status) return std::unexpected(status.error());
  auto trusted = resolve_trusted_proxies(spec, desired.notes);
  if (!trusted) return std::unexpected(trusted.error());
  inputs.trusted_proxies = std::move(*trusted);

  // Devices: the spec's owner devices, those added by `device add`, and the CLI's identity.
  std::vector<std::pair<DeviceApproval, std::string>> approvals;
  for (std::size_t i = 0; i < spec.devices.size(); ++i) {
    const auto& device = spec.devices[i];
    DeviceApproval approval;
    approval.public_key = device.public_key;
    approval.display_name = device.name;
    approval.role = device.role;
    approval.scopes = device.scopes;
    approval.platform = device.platform;
    approvals.emplace_back(approval, "devices[" + std::to_string(i) + "]");
  }
  for (const auto& extra : options.extra_devices) approvals.emplace_back(extra, "device");
  for (const auto& [approval, where] : approvals) {
    auto approved = approve_device(paired, approval, options.now_ms, where);
    if (!approved) return std::unexpected(approved.error());
    desired.approved_devices.push_back(*approved);
  }
  std::optional<CliIdentityFiles> cli;
  if (spec.cli_identity || options.force_cli_identity) {
    auto device_file = read_existing_json(layout.device_identity(), "identity");
    if (!device_file) return std::unexpected(device_file.error());
    auto auth_file = read_existing_json(layout.device_auth(), "identity");
    if (!auth_file) return std::unexpected(auth_file.error());
    auto files = ensure_cli_identity(*device_file, *auth_file, paired, options.now_ms);
    if (!files) return std::unexpected(files.error());
    desired.cli_device_id = files->device_id;
    cli = std::move(*files);
  }

  // The config, merged and validated as the gateway will see it.
  desired.desired_config = merge_managed_config(desired.existing_config, spec, inputs, desired.notes);
  if (auto status = validate_merged_config(desired.desired_config, spec.config_path, environment,
                                           desired.warnings);
      !status) {
    return std::unexpected(status.error());
  }

  // Files, credentials first and the config last: the config is what points at the rest.
  if (inputs.token && !inputs.token->credentials_file.empty()) {
    desired.files.push_back({inputs.token->credentials_file, inputs.token->value + "\n",
                             state::kFileMode, ChangeKind::Credential, std::nullopt});
  }
  if (cli) {
    desired.files.push_back({layout.device_identity(), render_json(cli->device), state::kFileMode,
                             ChangeKind::Identity, cli->device});
    desired.files.push_back({layout.device_auth(), render_json(cli->device_auth), state::kFileMode,
                             ChangeKind::Identity, cli->device_auth});
  }
  if (!paired.empty() || paired_existing->has_value()) {
    desired.files.push_back({layout.paired_devices(), render_json(paired), state::kFileMode,
                             ChangeKind::Device, paired});
  }
  if (!inputs.provider_keys.empty()) {
    for (const auto& agent : spec.agents) {
      auto existing_profiles = read_existing_json(layout.auth_profiles(agent), "auth profiles");
      if (!existing_profiles) return std::unexpected(existing_profiles.error());
      json profiles = merge_auth_profiles(existing_profiles->value_or(json::object()), inputs.provider_keys);
      desired.files.push_back({layout.auth_profiles(agent), render_json(profiles), state::kFileMode,
                               ChangeKind::AuthProfile, profiles});
    }
  }
  desired.files.push_back({spec.config_path, render_json(desired.desired_config), state::kFileMode,
                           ChangeKind::Config, desired.desired_config});

  const PlacedSecret* secret = inputs.token ? &*inputs.token : inputs.password ? &*inputs.password : nullptr;
  if (secret) {
    desired.token_source = secret->source_description;
    desired.token_fingerprint = crypto::token_fingerprint(secret->value);
    desired.token_value = secret->value;
  }
  return desired;
}

}  // namespace openclaw::provision
