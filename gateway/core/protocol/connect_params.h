// ConnectParams: the `params` of the handshake's `connect` request (spec §1.3), validated
// against upstream's closed schema and reduced to typed values.
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/client_info.h"

namespace openclaw::protocol {

inline constexpr char kRoleOperator[] = "operator";
inline constexpr char kRoleNode[] = "node";
inline constexpr char kInvalidRoleMessage[] = "invalid role";

// `connect.params.device`: the client's Ed25519 identity and its signature over the
// handshake (spec §1.5). All fields are non-empty; verification is device_signature.h's job.
struct DeviceProof {
  std::string id;
  std::string public_key;
  std::string signature;
  std::int64_t signed_at = 0;
  std::string nonce;
};

// `connect.params.auth`. Present members may be empty strings (the schema allows it).
// [Latest]'s approvalRuntimeToken and agentRuntimeIdentityToken are accepted by the schema
// and dropped here: nothing in this gateway uses them, and an unused secret is best not kept.
struct ConnectAuth {
  std::optional<std::string> token;
  std::optional<std::string> bootstrap_token;
  std::optional<std::string> device_token;
  std::optional<std::string> password;
};

struct ConnectParams {
  int min_protocol = 0;
  int max_protocol = 0;
  ClientInfo client;
  std::vector<std::string> caps;
  std::vector<std::string> commands;
  nlohmann::json permissions;  // object of booleans, or null when absent
  std::optional<std::string> path_env;
  std::string role = kRoleOperator;  // "operator" or "node"
  std::vector<std::string> scopes;   // as sent, in order; empty when absent (default-deny)
  bool scopes_present = false;       // whether `scopes` was sent at all
  std::optional<DeviceProof> device;
  std::optional<ConnectAuth> auth;
  std::optional<std::string> locale;
  std::optional<std::string> user_agent;
};

struct ConnectParamsError {
  // "invalid connect params: <upstream-formatted schema errors>" or "invalid role". Never
  // contains a credential: errors name paths, not values.
  std::string message;
  bool invalid_role = false;
  // With invalid_role the rest of the params were valid; these hold the client's protocol
  // range so the caller can report a protocol mismatch first, which upstream checks before
  // the role.
  int min_protocol = 0;
  int max_protocol = 0;
};

// Validates `params` against the closed ConnectParams schema (unknown members anywhere are
// errors; client.id and client.mode must be known values; protocols are integers >= 1;
// device.signedAt an integer >= 0; device strings non-empty) and returns the typed value.
// A role other than "operator"/"node" (after the schema passed) fails with invalid_role.
// Messages follow upstream, e.g.
//   "invalid connect params: at /client/id: must be equal to one of the allowed values".
std::expected<ConnectParams, ConnectParamsError> parse_connect_params(const nlohmann::json& params);

}  // namespace openclaw::protocol
