#include "core/protocol/connect_params.h"

#include <algorithm>
#include <limits>

#include "core/protocol/schema_validation.h"

namespace openclaw::protocol {
namespace {

constexpr std::size_t kMaxBuildIdLength = 96;
constexpr std::size_t kMaxTimeZoneLength = 64;

const nlohmann::json* member(const nlohmann::json& object, std::string_view name) {
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

int saturate_to_int(std::int64_t value) {
  return static_cast<int>(std::clamp<std::int64_t>(value, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
}

// An optional string member: absent stays nullopt, present must satisfy the string schema.
void optional_string(const nlohmann::json& object, std::string_view name, std::string_view path,
                     std::size_t min_length, std::optional<std::size_t> max_length,
                     std::optional<std::string>& out, ValidationErrors& errors) {
  if (const auto* value = member(object, name)) {
    out = check_string(*value, pointer_child(path, name), errors, min_length, max_length);
  }
}

void required_string(const nlohmann::json& object, std::string_view name, std::string_view path,
                     std::string& out, ValidationErrors& errors) {
  if (const auto* value = member(object, name)) {
    if (auto text = check_string(*value, pointer_child(path, name), errors, 1)) {
      out = std::move(*text);
    }
  }
}

void parse_client(const nlohmann::json& value, ClientInfo& client, ValidationErrors& errors) {
  constexpr std::string_view path = "/client";
  if (!check_closed_object(value, path, {"id", "version", "platform", "mode"},
                           {"id", "displayName", "version", "buildId", "platform", "deviceFamily",
                            "modelIdentifier", "timeZone", "mode", "instanceId"},
                           errors)) {
    return;
  }
  // Schema order, so errors come out in the order upstream lists them.
  if (const auto* id = member(value, "id")) {
    client.id = check_enum(*id, "/client/id", errors, known_client_ids()).value_or("");
  }
  optional_string(value, "displayName", path, 1, std::nullopt, client.display_name, errors);
  required_string(value, "version", path, client.version, errors);
  optional_string(value, "buildId", path, 1, kMaxBuildIdLength, client.build_id, errors);
  required_string(value, "platform", path, client.platform, errors);
  optional_string(value, "deviceFamily", path, 1, std::nullopt, client.device_family, errors);
  optional_string(value, "modelIdentifier", path, 1, std::nullopt, client.model_identifier, errors);
  optional_string(value, "timeZone", path, 1, kMaxTimeZoneLength, client.time_zone, errors);
  if (const auto* mode = member(value, "mode")) {
    client.mode = check_enum(*mode, "/client/mode", errors, known_client_modes()).value_or("");
  }
  optional_string(value, "instanceId", path, 1, std::nullopt, client.instance_id, errors);
}

void parse_permissions(const nlohmann::json& value, nlohmann::json& out, ValidationErrors& errors) {
  constexpr std::string_view path = "/permissions";
  if (!value.is_object()) {
    errors.add(path, "must be object");
    return;
  }
  bool valid = true;
  for (const auto& [name, flag] : value.items()) {
    if (!check_boolean(flag, pointer_child(path, name), errors)) valid = false;
  }
  if (valid) out = value;
}

std::optional<DeviceProof> parse_device(const nlohmann::json& value, ValidationErrors& errors) {
  constexpr std::string_view path = "/device";
  if (!check_closed_object(value, path, {"id", "publicKey", "signature", "signedAt", "nonce"},
                           {"id", "publicKey", "signature", "signedAt", "nonce"}, errors)) {
    return std::nullopt;
  }
  DeviceProof device;
  required_string(value, "id", path, device.id, errors);
  required_string(value, "publicKey", path, device.public_key, errors);
  required_string(value, "signature", path, device.signature, errors);
  if (const auto* signed_at = member(value, "signedAt")) {
    device.signed_at = check_integer(*signed_at, "/device/signedAt", errors, 0).value_or(0);
  }
  required_string(value, "nonce", path, device.nonce, errors);
  return device;
}

std::optional<ConnectAuth> parse_auth(const nlohmann::json& value, ValidationErrors& errors) {
  constexpr std::string_view path = "/auth";
  if (!check_closed_object(value, path, {},
                           {"token", "bootstrapToken", "deviceToken", "password",
                            "approvalRuntimeToken", "agentRuntimeIdentityToken"},
                           errors)) {
    return std::nullopt;
  }
  ConnectAuth auth;
  optional_string(value, "token", path, 0, std::nullopt, auth.token, errors);
  optional_string(value, "bootstrapToken", path, 0, std::nullopt, auth.bootstrap_token, errors);
  optional_string(value, "deviceToken", path, 0, std::nullopt, auth.device_token, errors);
  optional_string(value, "password", path, 0, std::nullopt, auth.password, errors);
  // Validated for the schema's sake, then dropped (see ConnectAuth).
  std::optional<std::string> ignored;
  optional_string(value, "approvalRuntimeToken", path, 0, std::nullopt, ignored, errors);
  optional_string(value, "agentRuntimeIdentityToken", path, 0, std::nullopt, ignored, errors);
  return auth;
}

}  // namespace

std::expected<ConnectParams, ConnectParamsError> parse_connect_params(
    const nlohmann::json& params) {
  ValidationErrors errors;
  ConnectParams out;
  std::optional<std::string> role;
  if (check_closed_object(
          params, "", {"minProtocol", "maxProtocol", "client"},
          {"minProtocol", "maxProtocol", "client", "caps", "commands", "computerUse", "permissions",
           "pathEnv", "role", "scopes", "device", "auth", "locale", "userAgent"},
          errors)) {
    if (const auto* value = member(params, "minProtocol")) {
      out.min_protocol =
          saturate_to_int(check_integer(*value, "/minProtocol", errors, 1).value_or(0));
    }
    if (const auto* value = member(params, "maxProtocol")) {
      out.max_protocol =
          saturate_to_int(check_integer(*value, "/maxProtocol", errors, 1).value_or(0));
    }
    if (const auto* value = member(params, "client")) parse_client(*value, out.client, errors);
    if (const auto* value = member(params, "caps")) {
      out.caps =
          check_string_array(*value, "/caps", errors, 1).value_or(std::vector<std::string>{});
    }
    if (const auto* value = member(params, "commands")) {
      out.commands =
          check_string_array(*value, "/commands", errors, 1).value_or(std::vector<std::string>{});
    }
    // computerUse ([Latest], any value) is accepted and not used.
    if (const auto* value = member(params, "permissions")) {
      parse_permissions(*value, out.permissions, errors);
    }
    optional_string(params, "pathEnv", "", 0, std::nullopt, out.path_env, errors);
    optional_string(params, "role", "", 1, std::nullopt, role, errors);
    if (const auto* value = member(params, "scopes")) {
      if (auto scopes = check_string_array(*value, "/scopes", errors, 1)) {
        out.scopes = std::move(*scopes);
        out.scopes_present = true;
      }
    }
    if (const auto* value = member(params, "device")) out.device = parse_device(*value, errors);
    if (const auto* value = member(params, "auth")) out.auth = parse_auth(*value, errors);
    optional_string(params, "locale", "", 0, std::nullopt, out.locale, errors);
    optional_string(params, "userAgent", "", 0, std::nullopt, out.user_agent, errors);
  }
  if (!errors.empty()) {
    return std::unexpected(ConnectParamsError{"invalid connect params: " + errors.format()});
  }
  if (role) {
    if (*role != kRoleOperator && *role != kRoleNode) {
      return std::unexpected(ConnectParamsError{kInvalidRoleMessage, /*invalid_role=*/true,
                                                out.min_protocol, out.max_protocol});
    }
    out.role = std::move(*role);
  }
  return out;
}

}  // namespace openclaw::protocol
