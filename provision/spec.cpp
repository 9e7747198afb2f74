#include "provision/spec.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>

#include "core/config/paths.h"
#include "core/crypto/sha256.h"
#include "core/net/cidr.h"
#include "core/net/ip_address.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "provision/origins.h"
#include "provision/spec_fields.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSpecBytes = 1024 * 1024;

// A scalar's text. yaml-cpp passes bytes through unchecked, but every value ends up in JSON
// (the config file, the spec fingerprint), whose dump() throws on bytes that are not UTF-8:
// refuse them here, where the error can still say on which line they are.
const std::string& utf8_scalar(const YAML::Node& node) {
  try {
    static_cast<void>(json(node.Scalar()).dump());
  } catch (const json::type_error&) {
    throw YAML::ParserException(node.Mark(), "not valid UTF-8");
  }
  return node.Scalar();
}

// yaml-cpp leaves scalars untyped; they stay strings here and normalize_spec_tree converts
// each one to its field's type, so `port: "18789"` and `port: 18789` mean the same.
// Throws YAML::Exception for a key that is not a scalar or text that is not UTF-8.
json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return utf8_scalar(node);
    case YAML::NodeType::Sequence: {
      json list = json::array();
      for (const auto& item : node) list.push_back(yaml_to_json(item));
      return list;
    }
    case YAML::NodeType::Map: {
      json object = json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) throw YAML::ParserException(entry.first.Mark(), "a key must be a plain string");
        object[utf8_scalar(entry.first)] = yaml_to_json(entry.second);
      }
      return object;
    }
  }
  return nullptr;
}

template <class T>
std::optional<T> get_optional(const json& tree, const json::json_pointer& pointer) {
  if (!tree.contains(pointer)) return std::nullopt;
  return tree.at(pointer).get<T>();
}

std::optional<SecretSource> secret_source(const json& tree, const std::string& prefix,
                                          const std::string& name) {
  SecretSource source;
  if (auto env = get_optional<std::string>(tree, json::json_pointer(prefix + "/" + name + "Env"))) {
    source.env = *env;
  }
  if (auto file = get_optional<std::string>(tree, json::json_pointer(prefix + "/" + name + "File"))) {
    source.file = *file;
  }
  if (auto value = get_optional<std::string>(tree, json::json_pointer(prefix + "/" + name))) {
    source.value = *value;
  }
  return source;
}

Status check_one_source(const SecretSource& source, const std::string& where) {
  int count = (source.env ? 1 : 0) + (source.file ? 1 : 0) + (source.value ? 1 : 0);
  if (count > 1) return fail(where + ": give only one of the Env, File or inline forms");
  if (source.env && !std::regex_match(*source.env, std::regex("^[A-Z][A-Z0-9_]{0,127}$"))) {
    return fail(where + "Env: \"" + *source.env +
                "\" is not an environment variable name (expected [A-Z][A-Z0-9_]*)");
  }
  if (source.file && source.file->is_relative()) {
    return fail(where + "File: \"" + source.file->string() + "\" must be an absolute path");
  }
  return {};
}

Result<state::FileOwner> parse_owner(const std::string& text) {
  auto colon = text.find(':');
  auto parse = [](std::string_view part) -> std::optional<unsigned> {
    unsigned value = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || part.empty()) return std::nullopt;
    return value;
  };
  if (colon == std::string::npos) return fail("owner: \"" + text + "\" is not uid:gid (e.g. 10001:10001)");
  auto uid = parse(std::string_view(text).substr(0, colon));
  auto gid = parse(std::string_view(text).substr(colon + 1));
  if (!uid || !gid) return fail("owner: \"" + text + "\" is not uid:gid (e.g. 10001:10001)");
  return state::FileOwner{static_cast<uid_t>(*uid), static_cast<gid_t>(*gid)};
}

Status validate_trusted_proxies(const std::vector<std::string>& entries, bool i_understand) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string where = "gateway.trustedProxies[" + std::to_string(i) + "]";
    if (entries[i] == "auto") continue;
    auto range = net::CidrRange::create(entries[i]);
    if (!range) {
      return fail(where + ": \"" + entries[i] + "\" is not an IP address, a CIDR range or auto");
    }
    if (range->is_catch_all() && !i_understand) {
      return fail(where + ": \"" + entries[i] +
                  "\" trusts every address as a proxy, so any client could forge its IP; "
                  "name the proxy's address or subnet (or pass --i-understand)");
    }
  }
  return {};
}

Status validate_models(const ProvisionSpec& spec) {
  static const std::regex model_ref("^[a-z0-9][a-z0-9._-]*/[^\\s/][^\\s]*$");
  if (spec.primary_model && !std::regex_match(*spec.primary_model, model_ref)) {
    return fail("models.primary: \"" + *spec.primary_model + "\" is not provider/model");
  }
  if (spec.fallback_models) {
    for (std::size_t i = 0; i < spec.fallback_models->size(); ++i) {
      if (!std::regex_match((*spec.fallback_models)[i], model_ref)) {
        return fail("models.fallbacks[" + std::to_string(i) + "]: \"" + (*spec.fallback_models)[i] +
                    "\" is not provider/model");
      }
    }
  }
  return {};
}

Status validate_combinations(const ProvisionSpec& spec) {
  static const std::regex agent_id("^[a-z0-9][a-z0-9_-]{0,63}$");
  for (std::size_t i = 0; i < spec.agents.size(); ++i) {
    if (!std::regex_match(spec.agents[i], agent_id)) {
      return fail("agents[" + std::to_string(i) + "]: \"" + spec.agents[i] +
                  "\" is not an agent id (expected lowercase letters, digits, - and _)");
    }
  }
  if (spec.bind == "custom") {
    if (!spec.custom_bind_host) return fail("gateway.customBindHost: required when gateway.bind is custom");
    auto address = net::IpAddress::parse(*spec.custom_bind_host);
    if (!address || !address->is_v4()) {
      return fail("gateway.customBindHost: \"" + *spec.custom_bind_host +
                  "\" is not a dotted IPv4 address");
    }
  }
  if (spec.trusted_proxies) {
    if (auto status = validate_trusted_proxies(*spec.trusted_proxies, spec.i_understand); !status) {
      return status;
    }
  }
  if (spec.control_ui_root && !spec.control_ui_root->starts_with('/')) {
    return fail("gateway.controlUi.root: \"" + *spec.control_ui_root +
                "\" must be an absolute path (the dist/control-ui directory of the openclaw npm package)");
  }
  if (spec.public_url) {
    if (auto origin = origin_of_url(*spec.public_url); !origin) {
      return fail("gateway.publicUrl: " + origin.error().message);
    }
  }
  if (spec.allowed_origins) {
    for (std::size_t i = 0; i < spec.allowed_origins->size(); ++i) {
      const auto& origin = (*spec.allowed_origins)[i];
      const std::string where = "gateway.allowedOrigins[" + std::to_string(i) + "]";
      if (origin == "*") {
        if (!spec.i_understand) {
          return fail(where + ": \"*\" lets any web page drive the gateway from a browser; list "
                              "the origins (or pass --i-understand)");
        }
        continue;
      }
      if (auto normalized = normalize_origin(origin); !normalized) {
        return fail(where + ": " + normalized.error().message);
      }
    }
  }
  if (auto status = check_one_source(spec.token, "gateway.auth.token"); !status) return status;
  if (auto status = check_one_source(spec.password, "gateway.auth.password"); !status) return status;
  const bool loopback = spec.bind == "loopback";
  if (spec.auth_mode == "password" && !spec.password.is_set()) {
    return fail("gateway.auth.passwordFile: password mode needs passwordFile or passwordEnv");
  }
  if (spec.auth_mode == "trusted-proxy") {
    if (!spec.trusted_proxy_auth || spec.trusted_proxy_auth->user_header.empty()) {
      return fail("gateway.auth.trustedProxy.userHeader: required in trusted-proxy mode");
    }
    if (!spec.trusted_proxies || spec.trusted_proxies->empty()) {
      return fail("gateway.trustedProxies: trusted-proxy mode needs the proxy's address here");
    }
  }
  if (spec.auth_mode == "none") {
    if (!loopback) {
      return fail("gateway.auth.mode: none is refused for a " + spec.bind +
                  " bind: anyone who can reach the port would control the gateway");
    }
    if (!spec.i_understand) {
      return fail("gateway.auth.mode: none turns authentication off; pass --i-understand to allow it");
    }
  }
  if (spec.token.value && !spec.allow_plaintext_secrets) {
    return fail("gateway.auth.token: an inline token needs allowPlaintextSecrets: true; prefer tokenFile or tokenEnv");
  }
  if (spec.password.value && !spec.allow_plaintext_secrets) {
    return fail("gateway.auth.password: an inline password needs allowPlaintextSecrets: true");
  }
  static const std::regex provider_id("^[a-z0-9][a-z0-9._-]{0,63}$");
  for (const auto& provider : spec.providers) {
    const std::string where = "providers." + provider.id;
    if (!std::regex_match(provider.id, provider_id)) {
      return fail(where + ": \"" + provider.id + "\" is not a provider id (lowercase letters, digits, . _ -)");
    }
    if (auto status = check_one_source(provider.api_key, where + ".apiKey"); !status) return status;
    if (provider.api_key.value && !spec.allow_plaintext_secrets) {
      return fail(where + ".apiKey: an inline API key needs allowPlaintextSecrets: true; prefer apiKeyEnv or apiKeyFile");
    }
    if (provider.base_url && !provider.base_url->starts_with("https://") &&
        !provider.base_url->starts_with("http://")) {
      return fail(where + ".baseUrl: \"" + *provider.base_url + "\" is not an http(s) URL");
    }
  }
  for (std::size_t i = 0; i < spec.devices.size(); ++i) {
    const auto& device = spec.devices[i];
    const std::string where = "devices[" + std::to_string(i) + "]";
    if (device.name.empty()) return fail(where + ".name: required");
    if (device.public_key.empty()) return fail(where + ".publicKey: required");
  }
  return validate_models(spec);
}

// `path` made absolute against the working directory. Fails, naming `field`, on an empty
// path (it names no file, and std::filesystem::absolute throws on it) or when the working
// directory cannot be read.
Result<std::filesystem::path> absolute_path(const std::string& field, const std::filesystem::path& path) {
  if (path.empty()) return fail(field + ": must not be empty");
  std::error_code error;
  auto absolute = std::filesystem::absolute(path, error);
  if (error) return fail(field + ": cannot make \"" + path.string() + "\" absolute: " + error.message());
  return absolute;
}

Result<ProvisionSpec> build(const json& tree, const Environment& environment) {
  ProvisionSpec spec;
  auto at = [&](const char* pointer) { return json::json_pointer(pointer); };
  // Without stateDir/configPath the provisioner writes where the gateway will look.
  if (auto state_dir = get_optional<std::string>(tree, at("/stateDir"))) {
    spec.state_dir = *state_dir;
  } else {
    auto resolved = config::resolve_state_dir(environment, std::nullopt, false);
    if (!resolved) return fail("stateDir: " + resolved.error().message);
    spec.state_dir = *resolved;
  }
  auto state_dir = absolute_path("stateDir", spec.state_dir);
  if (!state_dir) return std::unexpected(state_dir.error());
  spec.state_dir = state_dir->lexically_normal();
  if (auto config = get_optional<std::string>(tree, at("/configPath"))) {
    spec.config_path = *config;
  } else {
    auto resolved = config::resolve_config_path(environment, spec.state_dir);
    if (!resolved) return fail("configPath: " + resolved.error().message);
    spec.config_path = *resolved;
  }
  auto config_path = absolute_path("configPath", spec.config_path);
  if (!config_path) return std::unexpected(config_path.error());
  spec.config_path = *config_path;
  spec.metrics_file = get_optional<std::string>(tree, at("/metricsFile"))
                          .transform([](std::string s) { return std::filesystem::path(s); })
                          .value_or(spec.state_dir / "metrics" / "provision.prom");
  if (auto owner = get_optional<std::string>(tree, at("/owner"))) {
    auto parsed = parse_owner(*owner);
    if (!parsed) return std::unexpected(parsed.error());
    spec.owner = *parsed;
  }
  if (auto agents = get_optional<std::vector<std::string>>(tree, at("/agents"))) {
    if (agents->empty()) return fail("agents: list at least one agent id");
    spec.agents = *agents;
  }
  spec.cli_identity = get_optional<bool>(tree, at("/cliIdentity")).value_or(true);
  spec.allow_plaintext_secrets = get_optional<bool>(tree, at("/allowPlaintextSecrets")).value_or(false);
  spec.i_understand = get_optional<bool>(tree, at("/iUnderstand")).value_or(false);

  spec.port = get_optional<int>(tree, at("/gateway/port")).value_or(18789);
  spec.bind = get_optional<std::string>(tree, at("/gateway/bind")).value_or("loopback");
  spec.custom_bind_host = get_optional<std::string>(tree, at("/gateway/customBindHost"));
  spec.public_url = get_optional<std::string>(tree, at("/gateway/publicUrl"));
  spec.allowed_origins = get_optional<std::vector<std::string>>(tree, at("/gateway/allowedOrigins"));
  spec.trusted_proxies = get_optional<std::vector<std::string>>(tree, at("/gateway/trustedProxies"));
  spec.allow_real_ip_fallback = get_optional<bool>(tree, at("/gateway/allowRealIpFallback"));

  spec.auth_mode = get_optional<std::string>(tree, at("/gateway/auth/mode")).value_or("token");
  spec.token = *secret_source(tree, "/gateway/auth", "token");
  spec.token_storage = get_optional<std::string>(tree, at("/gateway/auth/tokenStorage")).value_or("file");
  spec.password = *secret_source(tree, "/gateway/auth", "password");
  if (tree.contains(at("/gateway/auth/trustedProxy"))) {
    TrustedProxyAuthSpec proxy;
    proxy.user_header = get_optional<std::string>(tree, at("/gateway/auth/trustedProxy/userHeader")).value_or("");
    proxy.required_headers = get_optional<std::vector<std::string>>(tree, at("/gateway/auth/trustedProxy/requiredHeaders")).value_or(std::vector<std::string>{});
    proxy.allow_users = get_optional<std::vector<std::string>>(tree, at("/gateway/auth/trustedProxy/allowUsers")).value_or(std::vector<std::string>{});
    spec.trusted_proxy_auth = proxy;
  }

  spec.control_ui_enabled = get_optional<bool>(tree, at("/gateway/controlUi/enabled"));
  spec.control_ui_base_path = get_optional<std::string>(tree, at("/gateway/controlUi/basePath"));
  spec.control_ui_root = get_optional<std::string>(tree, at("/gateway/controlUi/root"));
  spec.openai_chat_completions = get_optional<bool>(tree, at("/gateway/openai/chatCompletions"));
  spec.openai_responses = get_optional<bool>(tree, at("/gateway/openai/responses"));
  if (tree.contains(at("/gateway/metrics"))) {
    MetricsSpec metrics;
    metrics.enabled = get_optional<bool>(tree, at("/gateway/metrics/enabled")).value_or(true);
    metrics.bind = get_optional<std::string>(tree, at("/gateway/metrics/bind")).value_or("127.0.0.1");
    metrics.port = get_optional<int>(tree, at("/gateway/metrics/port")).value_or(9464);
    if (auto file = get_optional<std::string>(tree, at("/gateway/metrics/tokenFile"))) metrics.token_file = *file;
    if (!net::IpAddress::parse(metrics.bind)) {
      return fail("gateway.metrics.bind: \"" + metrics.bind + "\" is not an IP address");
    }
    spec.metrics = metrics;
  }

  spec.primary_model = get_optional<std::string>(tree, at("/models/primary"));
  spec.fallback_models = get_optional<std::vector<std::string>>(tree, at("/models/fallbacks"));
  if (spec.fallback_models && !spec.primary_model) {
    return fail("models.fallbacks: fallbacks need models.primary");
  }
  if (tree.contains("providers")) {
    for (const auto& [id, entry] : tree["providers"].items()) {
      ProviderSpec provider;
      provider.id = id;
      // Read from the entry, not through a pointer spelled from the id: an id with '~' or
      // '/' is not a valid JSON pointer token (nlohmann throws on "~x"), and the id check
      // in validate_combinations must get to name it.
      provider.api_key = *secret_source(entry, "", "apiKey");
      provider.base_url = get_optional<std::string>(entry, at("/baseUrl"));
      provider.api = get_optional<std::string>(entry, at("/api"));
      provider.models = get_optional<std::vector<std::string>>(entry, at("/models")).value_or(std::vector<std::string>{});
      spec.providers.push_back(std::move(provider));
    }
  }
  if (tree.contains("devices")) {
    for (const auto& entry : tree["devices"]) {
      DeviceSpec device;
      device.name = get_optional<std::string>(entry, at("/name")).value_or("");
      device.public_key = get_optional<std::string>(entry, at("/publicKey")).value_or("");
      device.role = get_optional<std::string>(entry, at("/role")).value_or("operator");
      device.scopes = get_optional<std::vector<std::string>>(entry, at("/scopes")).value_or(std::vector<std::string>{});
      device.platform = get_optional<std::string>(entry, at("/platform"));
      spec.devices.push_back(std::move(device));
    }
  }
  if (auto status = validate_combinations(spec); !status) return std::unexpected(status.error());
  spec.fingerprint = crypto::sha256_hex(tree.dump()).substr(0, 16);
  return spec;
}

const SpecField* field_for_flag(std::string_view flag) {
  for (const auto& field : spec_fields()) {
    if (is_scalar_path(field) && flag_name(field) == flag) return &field;
  }
  return nullptr;
}

}  // namespace

Result<json> read_spec_file(const std::filesystem::path& path) {
  auto text = state::read_file(path, kMaxSpecBytes);
  if (!text) return fail("spec: " + text.error().message);
  try {
    YAML::Node root = YAML::Load(*text);
    return yaml_to_json(root);
  } catch (const YAML::Exception& error) {
    return fail(path.string() + ": line " + std::to_string(error.mark.line + 1) + ", column " +
                std::to_string(error.mark.column + 1) + ": " + error.msg);
  }
}

Result<ProvisionSpec> load_spec(const SpecSources& sources, const Environment& environment) {
  json tree = json::object();
  if (sources.spec_file) {
    auto read = read_spec_file(*sources.spec_file);
    if (!read) return std::unexpected(read.error());
    tree = std::move(*read);
    if (auto status = normalize_spec_tree(tree); !status) {
      return fail(sources.spec_file->string() + ": " + status.error().message);
    }
  }
  if (auto status = apply_environment_overrides(tree, environment); !status) {
    return std::unexpected(status.error());
  }
  std::map<std::string, bool> seen_list_flags;
  for (const auto& [flag, value] : sources.flags) {
    const SpecField* field = field_for_flag(flag);
    if (!field) return fail(flag + ": unknown option");
    // A list flag given twice accumulates; the first use replaces the spec's list.
    bool append = seen_list_flags[flag];
    seen_list_flags[flag] = true;
    if (auto status = set_field_from_text(tree, *field, field->path, value, flag, append); !status) {
      return std::unexpected(status.error());
    }
  }
  for (const auto& assignment : sources.set_overrides) {
    auto eq = assignment.find('=');
    if (eq == std::string::npos) return fail("--set " + assignment + ": expected path=value");
    std::string path = assignment.substr(0, eq);
    const SpecField* field = find_field(path);
    if (!field || path.find('[') != std::string::npos) {
      return fail("--set " + path + ": unknown spec field");
    }
    if (auto status = set_field_from_text(tree, *field, path, assignment.substr(eq + 1), "--set", false);
        !status) {
      return std::unexpected(status.error());
    }
  }
  return build(tree, environment);
}

bool is_spec_flag(std::string_view flag) { return field_for_flag(flag) != nullptr; }

bool is_boolean_spec_flag(std::string_view flag) {
  const SpecField* field = field_for_flag(flag);
  return field && field->type == FieldType::Boolean;
}

}  // namespace openclaw::provision
