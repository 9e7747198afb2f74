// Device pairing and device tokens over RPC (spec §2.3, §3.8-§3.9). Who may do what:
//  - approving needs every operator scope the device asked for (a caller cannot hand out
//    more than it holds);
//  - rotating or revoking a token is for admins, or for a device managing its own tokens
//    within its own scopes.
// Removing a device or changing its token closes that device's other sockets with 4001.
#include <algorithm>

#include "core/pairing/paired_record.h"
#include "core/pairing/scopes.h"
#include "core/protocol/method_policy.h"
#include "server/gateway_context.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/params.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

protocol::ErrorShape invalid_request(std::string message) {
  return protocol::make_error(protocol::kInvalidRequest, std::move(message));
}

void close_device_sockets(GatewayContext& context, const std::string& device_id, std::optional<std::string> role,
                          const std::string& reason, const std::string& except_conn_id) {
  context.connections().close_matching(
      [&](const ConnectionIdentity& identity) {
        return identity.device_id == device_id && (!role || identity.role == *role);
      },
      4001, reason, except_conn_id);
}

void pair_list(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("device.pair.list", call.params); !params) return reply.error(params.error());
  reply.ok(context.devices().list(now_ms()));
}

void pair_approve(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto request_id = rpc::required_string("device.pair.approve", call.params, "requestId");
  if (!request_id) return reply.error(request_id.error());
  auto request = context.devices().pending_request(*request_id);
  if (!request) return reply.error(invalid_request("unknown requestId"));

  std::vector<std::string> roles = pairing::string_list(*request, "roles");
  if (roles.empty() && request->contains("role")) roles.push_back(request->value("role", "operator"));
  for (const auto& scope : pairing::string_list(*request, "scopes")) {
    const bool fits_a_role = std::any_of(roles.begin(), roles.end(), [&](const std::string& role) {
      return scope.rfind(role + ".", 0) == 0;
    });
    if (!fits_a_role) return reply.error(invalid_request("invalid scope for requested roles: " + scope));
    if (!call.caller.has_scope(protocol::kScopeAdmin) && !pairing::role_scopes_allow("operator", call.caller.scopes, {scope})) {
      return reply.error(invalid_request("missing scope: " + scope));
    }
  }
  auto approval = context.devices().approve(*request_id, now_ms());
  if (!approval) return reply.error(invalid_request(approval.error().message));
  context.broadcast("device.pair.resolved", {{"requestId", approval->request_id},
                                             {"deviceId", approval->device_id},
                                             {"decision", "approved"},
                                             {"ts", now_ms()}});
  context.refresh_pairing_gauge();
  context.logger().info("device approved", {{"deviceId", approval->device_id}, {"by", call.caller.conn_id}});
  reply.ok({{"requestId", approval->request_id}, {"device", approval->device}});
}

void pair_reject(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto request_id = rpc::required_string("device.pair.reject", call.params, "requestId");
  if (!request_id) return reply.error(request_id.error());
  auto rejected = context.devices().reject(*request_id, now_ms());
  if (!rejected) return reply.error(invalid_request(rejected.error().message));
  context.broadcast("device.pair.resolved", {{"requestId", *request_id},
                                             {"deviceId", rejected->value("deviceId", "")},
                                             {"decision", "rejected"},
                                             {"ts", now_ms()}});
  context.refresh_pairing_gauge();
  reply.ok(*rejected);
}

void pair_remove(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto device_id = rpc::required_string("device.pair.remove", call.params, "deviceId");
  if (!device_id) return reply.error(device_id.error());
  auto removed = context.devices().remove(*device_id);
  if (!removed) return reply.error(invalid_request(removed.error().message));
  context.logger().info("device removed", {{"deviceId", *device_id}, {"by", call.caller.conn_id}});
  reply.ok({{"deviceId", *device_id}, {"removedAtMs", now_ms()}});
  close_device_sockets(context, *device_id, std::nullopt, "device removed", call.caller.conn_id);
}

// Non-admins may only manage their own device's tokens, and never beyond their own scopes.
bool may_manage_token(const ConnectionIdentity& caller, const std::string& device_id,
                      const std::optional<std::vector<std::string>>& scopes) {
  if (caller.has_scope(protocol::kScopeAdmin)) return true;
  if (caller.device_id != device_id) return false;
  return !scopes || pairing::role_scopes_allow(caller.role, caller.scopes, *scopes);
}

void token_rotate(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto device_id = rpc::required_string("device.token.rotate", call.params, "deviceId");
  if (!device_id) return reply.error(device_id.error());
  auto role = rpc::required_string("device.token.rotate", call.params, "role");
  if (!role) return reply.error(role.error());
  auto scopes = rpc::optional_string_list("device.token.rotate", call.params, "scopes");
  if (!scopes) return reply.error(scopes.error());
  if (!may_manage_token(call.caller, *device_id, *scopes)) {
    return reply.error(invalid_request("device token rotation denied"));
  }
  auto issued = context.devices().rotate_token(*device_id, *role, *scopes, now_ms());
  if (!issued) return reply.error(invalid_request(issued.error().message));
  reply.ok({{"deviceId", *device_id},
            {"role", issued->role},
            {"token", issued->token},
            {"scopes", issued->scopes},
            {"rotatedAtMs", issued->issued_at_ms}});
  close_device_sockets(context, *device_id, *role, "device token rotated", call.caller.conn_id);
}

void token_revoke(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto device_id = rpc::required_string("device.token.revoke", call.params, "deviceId");
  if (!device_id) return reply.error(device_id.error());
  auto role = rpc::required_string("device.token.revoke", call.params, "role");
  if (!role) return reply.error(role.error());
  if (!may_manage_token(call.caller, *device_id, std::nullopt)) {
    return reply.error(invalid_request("device token revocation denied"));
  }
  auto revoked_at = context.devices().revoke_token(*device_id, *role, now_ms());
  if (!revoked_at) return reply.error(invalid_request(revoked_at.error().message));
  reply.ok({{"deviceId", *device_id}, {"role", *role}, {"revokedAtMs", *revoked_at}});
  close_device_sockets(context, *device_id, *role, "device token revoked", call.caller.conn_id);
}

}  // namespace

void register_device_methods(MethodTable& table) {
  table.add("device.pair.list", pair_list);
  table.add("device.pair.approve", pair_approve);
  table.add("device.pair.reject", pair_reject);
  table.add("device.pair.remove", pair_remove);
  table.add("device.token.rotate", token_rotate);
  table.add("device.token.revoke", token_revoke);
}

}  // namespace openclaw::server
