#include "provision/spec_fields.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/util/text.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

const std::vector<SpecField>& field_table() {
  static const std::vector<SpecField> fields = {
      {"stateDir", FieldType::String,
       "State directory to create (default: $OPENCLAW_STATE_DIR, else ~/.openclaw)"},
      {"configPath", FieldType::String,
       "Config file (default: $OPENCLAW_CONFIG_PATH, else <stateDir>/openclaw.json)"},
      {"owner", FieldType::String,
       "uid:gid that owns every directory and file (default: the running user)"},
      {"agents", FieldType::StringList, "Agent ids whose directories are created (default: main)"},
      {"cliIdentity", FieldType::Boolean,
       "Create an operator identity for the on-box CLI and pre-approve it (default: true)"},
      {"allowPlaintextSecrets", FieldType::Boolean,
       "Allow secrets to be written inline into openclaw.json (default: false)"},
      {"iUnderstand", FieldType::Boolean,
       "Allow dangerous settings: catch-all trustedProxies, allowedOrigins \"*\", auth mode none"},
      {"metricsFile", FieldType::String,
       "Where the run's Prometheus metrics go (default: <stateDir>/metrics/provision.prom)"},

      {"gateway.port", FieldType::Port, "Gateway port (default: 18789)"},
      {"gateway.bind", FieldType::Enum, "Bind mode (default: loopback)",
       {"loopback", "lan", "tailnet", "auto", "custom"}},
      {"gateway.customBindHost", FieldType::String, "IPv4 address to bind when bind is custom"},
      {"gateway.publicUrl", FieldType::String,
       "Public https URL of the gateway; its origin is added to controlUi.allowedOrigins"},
      {"gateway.allowedOrigins", FieldType::StringList,
       "Further browser origins allowed to open the Control UI (scheme://host[:port])"},
      {"gateway.trustedProxies", FieldType::StringList,
       "Reverse proxies whose X-Forwarded-For is believed: IPs, CIDRs, or auto (the subnet of "
       "the default-route interface)"},
      {"gateway.allowRealIpFallback", FieldType::Boolean,
       "Use X-Real-IP when X-Forwarded-For gives no client (default: false)"},
      {"gateway.auth.mode", FieldType::Enum, "Auth mode (default: token)",
       {"token", "password", "trusted-proxy", "none"}},
      {"gateway.auth.tokenFile", FieldType::String,
       "Read the gateway token from this file (e.g. /run/secrets/openclaw_token) and reference it"},
      {"gateway.auth.tokenEnv", FieldType::String,
       "Reference the gateway token from this environment variable"},
      {"gateway.auth.tokenStorage", FieldType::Enum,
       "Where a generated token lives: file (credentials/gateway-token, default) or inline",
       {"file", "inline"}},
      {"gateway.auth.passwordFile", FieldType::String, "Read the gateway password from this file"},
      {"gateway.auth.passwordEnv", FieldType::String,
       "Reference the gateway password from this environment variable"},
      {"gateway.auth.trustedProxy.userHeader", FieldType::String,
       "Header carrying the authenticated user (trusted-proxy mode)"},
      {"gateway.auth.trustedProxy.requiredHeaders", FieldType::StringList,
       "Headers the proxy must set (trusted-proxy mode)"},
      {"gateway.auth.trustedProxy.allowUsers", FieldType::StringList,
       "Users allowed in trusted-proxy mode (default: any)"},
      {"gateway.controlUi.enabled", FieldType::Boolean, "Serve the Control UI (default: true)"},
      {"gateway.controlUi.basePath", FieldType::String, "Control UI base path (default: /)"},
      {"gateway.controlUi.root", FieldType::String,
       "Directory holding the Control UI build (dist/control-ui of the openclaw npm package); unset: no UI"},
      {"gateway.openai.chatCompletions", FieldType::Boolean,
       "Enable POST /v1/chat/completions (default: false)"},
      {"gateway.openai.responses", FieldType::Boolean, "Enable POST /v1/responses (default: false)"},
      {"gateway.metrics.enabled", FieldType::Boolean, "Serve Prometheus metrics (default: false)"},
      {"gateway.metrics.bind", FieldType::String, "Metrics listener address (default: 127.0.0.1)"},
      {"gateway.metrics.port", FieldType::Port, "Metrics listener port (default: 9464)"},
      {"gateway.metrics.tokenFile", FieldType::String,
       "Bearer token file required by the metrics listener (default: none)"},

      {"models.primary", FieldType::String, "Default model, provider/model"},
      {"models.fallbacks", FieldType::StringList, "Fallback models, in order"},

      {"providers.*.apiKeyEnv", FieldType::String,
       "Environment variable holding the provider's API key"},
      {"providers.*.apiKeyFile", FieldType::String, "File holding the provider's API key"},
      {"providers.*.apiKey", FieldType::String,
       "The API key itself (needs allowPlaintextSecrets: true)"},
      {"providers.*.baseUrl", FieldType::String,
       "Base URL of an OpenAI-compatible or Anthropic endpoint (custom providers)"},
      {"providers.*.api", FieldType::Enum, "Wire API of a custom provider",
       {"openai-completions", "anthropic-messages"}},
      {"providers.*.models", FieldType::StringList, "Model ids served by a custom provider"},

      {"devices[].name", FieldType::String, "Display name of a pre-approved device"},
      {"devices[].publicKey", FieldType::String,
       "Its Ed25519 public key: base64url of the raw 32 bytes, or a PEM"},
      {"devices[].role", FieldType::Enum, "Its role (default: operator)", {"operator", "node"}},
      {"devices[].scopes", FieldType::StringList,
       "Its scopes (default for operators: admin, read, write, approvals, pairing, "
       "talk.secrets)"},
      {"devices[].platform", FieldType::String, "Its platform, pinned at approval (optional)"},
  };
  return fields;
}

std::string kebab_case(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '.') {
      out += '-';
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

// "devices[3].name" -> "devices[].name"; map keys are matched against `*` by the caller.
std::string strip_indexes(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[') {
      out += "[]";
      while (i < path.size() && path[i] != ']') ++i;
    } else {
      out += path[i];
    }
  }
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    parts.emplace_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

bool pattern_matches(std::string_view pattern, std::string_view concrete) {
  auto pattern_parts = split_path(pattern);
  auto concrete_parts = split_path(concrete);
  if (pattern_parts.size() != concrete_parts.size()) return false;
  for (std::size_t i = 0; i < pattern_parts.size(); ++i) {
    if (pattern_parts[i] == "*") {
      if (concrete_parts[i].empty()) return false;
      continue;
    }
    if (pattern_parts[i] != concrete_parts[i]) return false;
  }
  return true;
}

// True when some field lives below `concrete_prefix` (so it is an object in the tree).
bool is_object_prefix(std::string_view concrete_prefix) {
  for (const auto& field : field_table()) {
    auto parts = split_path(field.path);
    auto prefix_parts = split_path(concrete_prefix);
    if (prefix_parts.size() >= parts.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < prefix_parts.size() && match; ++i) {
      match = parts[i] == "*" ? !prefix_parts[i].empty() : parts[i] == prefix_parts[i];
    }
    if (match) return true;
  }
  return false;
}

bool is_list_of_objects(std::string_view concrete_path) {
  std::string with_brackets = std::string(concrete_path) + "[]";
  for (const auto& field : field_table()) {
    if (field.path.starts_with(with_brackets + ".")) return true;
  }
  return false;
}

// A wrong value as errors show it: scalars as JSON (cut at 80 bytes), objects and lists by
// kind only. A mis-indented block can carry secrets from elsewhere in the spec (an inline
// gateway.auth.token ending up under devices:), and errors are printed and logged.
std::string render(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

std::string expected_text(const SpecField& field) {
  switch (field.type) {
    case FieldType::String: return "a string";
    case FieldType::Integer: return "an integer";
    case FieldType::Port: return "a port number 1-65535";
    case FieldType::Boolean: return "true or false";
    case FieldType::StringList: return "a list of strings";
    case FieldType::Enum: {
      std::string text = "one of";
      for (auto choice : field.choices) text += " " + std::string(choice);
      return text;
    }
  }
  return "a value";
}

std::optional<long long> parse_integer(std::string_view text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> parse_boolean(std::string_view text) {
  const std::string lower = ascii_lowercase(text);
  if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
  return std::nullopt;
}

// Converts one scalar of the tree (or of a flag) to the field's type.
Result<json> coerce_scalar(const SpecField& field, const json& value, std::string_view where) {
  auto bad = [&]() {
    return fail(std::string(where) + ": " + render(value) + " is not " + expected_text(field));
  };
  switch (field.type) {
    case FieldType::String:
      if (value.is_string()) return value;
      if (value.is_number()) return json(value.dump());
      return bad();
    case FieldType::Integer:
    case FieldType::Port: {
      std::optional<long long> number;
      if (value.is_number_integer()) number = value.get<long long>();
      if (value.is_string()) number = parse_integer(trim(value.get<std::string>()));
      if (!number) return bad();
      if (field.type == FieldType::Port && (*number < 1 || *number > 65535)) {
        return fail(std::string(where) + ": " + render(value) +
                    " is out of range (expected a port number 1-65535)");
      }
      return json(*number);
    }
    case FieldType::Boolean: {
      if (value.is_boolean()) return value;
      if (value.is_string()) {
        if (auto parsed = parse_boolean(value.get<std::string>())) return json(*parsed);
      }
      return bad();
    }
    case FieldType::Enum: {
      if (!value.is_string()) return bad();
      auto text = value.get<std::string>();
      if (std::find(field.choices.begin(), field.choices.end(), text) == field.choices.end()) {
        return bad();
      }
      return value;
    }
    case FieldType::StringList: {
      json list = json::array();
      auto add = [&](const json& item) -> Status {
        if (item.is_string()) {
          list.push_back(item);
        } else if (item.is_number()) {
          list.push_back(item.dump());
        } else {
          return fail(std::string(where) + ": " + render(item) + " is not a string");
        }
        return {};
      };
      if (value.is_array()) {
        for (const auto& item : value) {
          if (auto status = add(item); !status) return std::unexpected(status.error());
        }
        return list;
      }
      if (value.is_string()) {
        // A single string from YAML or a flag: comma-separated items.
        std::string text = value.get<std::string>();
        std::size_t start = 0;
        while (start <= text.size()) {
          auto comma = text.find(',', start);
          if (comma == std::string::npos) comma = text.size();
          auto item = trim(std::string_view(text).substr(start, comma - start));
          if (!item.empty()) list.push_back(item);
          start = comma + 1;
        }
        return list;
      }
      return bad();
    }
  }
  return bad();
}

Status normalize_object(json& node, const std::string& prefix);

Status normalize_value(json& value, const std::string& path) {
  if (value.is_null()) return {};  // an empty YAML value means "not set"
  if (const SpecField* field = find_field(path)) {
    auto coerced = coerce_scalar(*field, value, path);
    if (!coerced) return std::unexpected(coerced.error());
    value = std::move(*coerced);
    return {};
  }
  if (is_list_of_objects(path)) {
    if (!value.is_array()) return fail(path + ": " + render(value) + " is not a list");
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!value[i].is_object()) {
        return fail(item_path + ": " + render(value[i]) + " is not an object");
      }
      if (auto status = normalize_object(value[i], item_path); !status) return status;
    }
    return {};
  }
  if (is_object_prefix(strip_indexes(path))) {
    if (!value.is_object()) return fail(path + ": " + render(value) + " is not an object");
    return normalize_object(value, path);
  }
  return fail(path + ": unknown key");
}

Status normalize_object(json& node, const std::string& prefix) {
  std::vector<std::string> empty_keys;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (auto status = normalize_value(it.value(), path); !status) return status;
    if (it.value().is_null()) empty_keys.push_back(it.key());
  }
  for (const auto& key : empty_keys) node.erase(key);
  return {};
}

// Walks/creates the objects along a dotted path and returns the leaf slot.
json& slot_at(json& tree, std::string_view path) {
  json* node = &tree;
  for (const auto& part : split_path(path)) {
    if (!node->is_object()) *node = json::object();
    node = &(*node)[part];
  }
  return *node;
}

}  // namespace

std::span<const SpecField> spec_fields() { return field_table(); }

bool is_scalar_path(const SpecField& field) {
  return field.path.find('*') == std::string_view::npos &&
         field.path.find("[]") == std::string_view::npos;
}

std::string flag_name(const SpecField& field) {
  std::string_view path = field.path;
  if (path.starts_with("gateway.")) path.remove_prefix(8);
  return "--" + kebab_case(path);
}

std::string env_name(const SpecField& field) {
  std::string name = "OPENCLAW_PROVISION_";
  for (char c : kebab_case(field.path)) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

const SpecField* find_field(std::string_view concrete_path) {
  std::string stripped = strip_indexes(concrete_path);
  for (const auto& field : field_table()) {
    if (pattern_matches(field.path, stripped)) return &field;
  }
  return nullptr;
}

Status set_field_from_text(json& tree, const SpecField& field, std::string_view path,
                           std::string_view value, std::string_view origin, bool append) {
  auto coerced = coerce_scalar(field, json(std::string(value)),
                               std::string(origin) + " (" + std::string(path) + ")");
  if (!coerced) return std::unexpected(coerced.error());
  json& slot = slot_at(tree, path);
  if (append && field.type == FieldType::StringList && slot.is_array()) {
    for (auto& item : *coerced) slot.push_back(item);
  } else {
    slot = std::move(*coerced);
  }
  return {};
}

Status normalize_spec_tree(json& tree) {
  if (tree.is_null()) {
    tree = json::object();
    return {};
  }
  if (!tree.is_object()) return fail("the spec must be a mapping of keys to values");
  return normalize_object(tree, "");
}

Status apply_environment_overrides(json& tree, const Environment& environment) {
  for (const auto& field : field_table()) {
    if (!is_scalar_path(field)) continue;
    auto name = env_name(field);
    if (auto value = environment.get(name)) {
      if (auto status = set_field_from_text(tree, field, field.path, *value, name, false);
          !status) {
        return status;
      }
    }
  }
  return {};
}

}  // namespace openclaw::provision
