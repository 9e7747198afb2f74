// ProvisionSpec: what the operator asked for, from a YAML/JSON spec file overridden by
// OPENCLAW_PROVISION_* variables and then by flags. Optional fields stay unset when the
// operator said nothing, so the provisioner leaves the matching config keys alone.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/state/atomic_file.h"
#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::provision {

// Where a secret comes from. Unset: the provisioner generates one (gateway token only).
struct SecretSource {
  std::optional<std::string> env;   // name of an environment variable
  std::optional<std::filesystem::path> file;
  std::optional<std::string> value; // inline, only with allowPlaintextSecrets
  bool is_set() const { return env || file || value; }
};

struct ProviderSpec {
  std::string id;
  SecretSource api_key;
  std::optional<std::string> base_url;
  std::optional<std::string> api;
  std::vector<std::string> models;
};

struct DeviceSpec {
  std::string name;
  std::string public_key;
  std::string role = "operator";
  std::vector<std::string> scopes;
  std::optional<std::string> platform;
};

struct TrustedProxyAuthSpec {
  std::string user_header;
  std::vector<std::string> required_headers;
  std::vector<std::string> allow_users;
};

struct MetricsSpec {
  bool enabled = false;
  std::string bind = "127.0.0.1";
  int port = 9464;
  std::optional<std::filesystem::path> token_file;
};

struct ProvisionSpec {
  std::filesystem::path state_dir;
  std::filesystem::path config_path;
  std::filesystem::path metrics_file;
  std::optional<state::FileOwner> owner;
  std::vector<std::string> agents = {"main"};
  bool cli_identity = true;
  bool allow_plaintext_secrets = false;
  bool i_understand = false;

  int port = 18789;
  std::string bind = "loopback";
  std::optional<std::string> custom_bind_host;
  std::optional<std::string> public_url;
  std::optional<std::vector<std::string>> allowed_origins;
  std::optional<std::vector<std::string>> trusted_proxies;
  std::optional<bool> allow_real_ip_fallback;

  std::string auth_mode = "token";
  SecretSource token;
  std::string token_storage = "file";
  SecretSource password;
  std::optional<TrustedProxyAuthSpec> trusted_proxy_auth;

  std::optional<bool> control_ui_enabled;
  std::optional<std::string> control_ui_base_path;
  std::optional<std::string> control_ui_root;
  std::optional<bool> openai_chat_completions;
  std::optional<bool> openai_responses;
  std::optional<MetricsSpec> metrics;

  std::optional<std::string> primary_model;
  std::optional<std::vector<std::string>> fallback_models;
  std::vector<ProviderSpec> providers;
  std::vector<DeviceSpec> devices;

  // A stable digest of the normalised spec, shown in metrics so a change is visible.
  std::string fingerprint;
};

// Inputs for one run: the spec file (optional), flag overrides as (flag, value) pairs in
// command-line order, and `--set path=value` overrides.
struct SpecSources {
  std::optional<std::filesystem::path> spec_file;
  std::vector<std::pair<std::string, std::string>> flags;
  std::vector<std::string> set_overrides;
};

// Reads a YAML or JSON spec file into a tree. Errors carry the file and line/column.
Result<nlohmann::json> read_spec_file(const std::filesystem::path& path);

// Builds the spec: file < environment < flags < --set, then validation of every field and
// of the combinations (custom bind needs customBindHost, trusted-proxy needs userHeader...).
Result<ProvisionSpec> load_spec(const SpecSources& sources, const Environment& environment);

// True when `flag` (e.g. "--port") names a spec field.
bool is_spec_flag(std::string_view flag);
bool is_boolean_spec_flag(std::string_view flag);

}  // namespace openclaw::provision
