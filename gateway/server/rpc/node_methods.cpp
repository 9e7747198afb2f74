// Nodes (spec §2.3): clients connected with role "node" that expose commands (camera,
// canvas, system.run, ...). Operators list them, rename them and invoke their commands; the
// gateway relays node.invoke as a `node.invoke.request` event and the node answers with
// node.invoke.result.
#include <algorithm>
#include <map>

#include "server/gateway_context.h"
#include "server/node_invocations.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/params.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultInvokeTimeoutMs = 30'000;
constexpr std::int64_t kMaxInvokeTimeoutMs = 10 * 60'000;

json describe_connected(const ConnectionIdentity& identity) {
  const auto& client = identity.client;
  json node = {{"nodeId", identity.node_id()},
               {"clientId", client.id},
               {"clientMode", client.mode},
               {"platform", client.platform},
               {"version", client.version},
               {"remoteIp", identity.remote_ip},
               {"caps", identity.caps},
               {"commands", identity.commands},
               {"connected", true},
               {"connectedAtMs", identity.connected_at_ms}};
  if (client.display_name) node["displayName"] = *client.display_name;
  if (client.device_family) node["deviceFamily"] = *client.device_family;
  if (client.model_identifier) node["modelIdentifier"] = *client.model_identifier;
  if (identity.path_env) node["pathEnv"] = *identity.path_env;
  if (identity.permissions.is_object()) node["permissions"] = identity.permissions;
  return node;
}

bool has_role(const json& device, std::string_view role) {
  const auto roles = device.value("roles", json::array());
  return device.value("role", "") == role || std::find(roles.begin(), roles.end(), role) != roles.end();
}

// Paired node devices and connected node clients, merged by node id.
std::map<std::string, json> known_nodes(GatewayContext& context) {
  std::map<std::string, json> nodes;
  const json listing = context.devices().list(now_ms());
  for (const auto& device : listing.value("paired", json::array())) {
    if (!has_role(device, "node")) continue;
    json node = {{"nodeId", device.value("deviceId", "")}, {"paired", true}, {"connected", false}};
    for (const char* key : {"displayName", "platform", "deviceFamily", "clientId", "clientMode", "remoteIp"}) {
      if (device.contains(key)) node[key] = device[key];
    }
    if (device.contains("approvedAtMs")) node["approvedAtMs"] = device["approvedAtMs"];
    nodes[node["nodeId"].get<std::string>()] = node;
  }
  for (const auto& connection : context.connections().all()) {
    const auto& identity = connection->identity();
    if (identity.role != "node") continue;
    json& node = nodes[identity.node_id()];
    const bool paired = node.is_object() && node.value("paired", false);
    const json pinned_name = node.is_object() && node.contains("displayName") ? node["displayName"] : json();
    node = describe_connected(identity);
    node["paired"] = paired;
    if (!pinned_name.is_null()) node["displayName"] = pinned_name;
  }
  return nodes;
}

void list(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("node.list", call.params); !params) return reply.error(params.error());
  json nodes = json::array();
  for (auto& [id, node] : known_nodes(context)) nodes.push_back(std::move(node));
  reply.ok({{"ts", now_ms()}, {"nodes", nodes}});
}

void describe(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto node_id = rpc::required_string("node.describe", call.params, "nodeId");
  if (!node_id) return reply.error(node_id.error());
  auto nodes = known_nodes(context);
  auto it = nodes.find(*node_id);
  if (it == nodes.end()) return reply.error(protocol::make_error(protocol::kInvalidRequest, "unknown nodeId"));
  json node = it->second;
  node["ts"] = now_ms();
  reply.ok(node);
}

void rename(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto node_id = rpc::required_string("node.rename", call.params, "nodeId");
  if (!node_id) return reply.error(node_id.error());
  auto name = rpc::required_string("node.rename", call.params, "displayName");
  if (!name) return reply.error(name.error());
  auto renamed = context.devices().rename(*node_id, *name);
  if (!renamed) return reply.error(protocol::make_error(protocol::kInvalidRequest, renamed.error().message));
  reply.ok({{"nodeId", *node_id}, {"displayName", *name}});
}

void invoke(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto node_id = rpc::required_string("node.invoke", call.params, "nodeId");
  if (!node_id) return reply.error(node_id.error());
  auto command = rpc::required_string("node.invoke", call.params, "command");
  if (!command) return reply.error(command.error());
  auto idempotency_key = rpc::required_string("node.invoke", call.params, "idempotencyKey");
  if (!idempotency_key) return reply.error(idempotency_key.error());
  auto timeout = rpc::optional_integer("node.invoke", call.params, "timeoutMs", 1, kMaxInvokeTimeoutMs);
  if (!timeout) return reply.error(timeout.error());

  auto node = context.connections().find_node(*node_id);
  if (!node) return reply.error(protocol::make_error(protocol::kUnavailable, "node not connected: " + *node_id));
  const auto& declared = node->identity().commands;
  if (std::find(declared.begin(), declared.end(), *command) == declared.end()) {
    return reply.error(protocol::make_error(protocol::kInvalidRequest, "node command not allowed: " + *command));
  }
  const std::int64_t timeout_ms = timeout->value_or(kDefaultInvokeTimeoutMs);
  const std::string id =
      context.node_invocations().start(*node_id, *command, reply, std::chrono::milliseconds(timeout_ms));
  json request = {{"id", id}, {"nodeId", *node_id}, {"command", *command}, {"timeoutMs", timeout_ms},
                  {"idempotencyKey", *idempotency_key}};
  if (call.params.contains("params")) request["paramsJSON"] = call.params["params"].dump();
  node->send(protocol::event_frame("node.invoke.request", request));
}

void invoke_result(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto id = rpc::required_string("node.invoke.result", call.params, "id");
  if (!id) return reply.error(id.error());
  auto ok = rpc::optional_bool("node.invoke.result", call.params, "ok");
  if (!ok) return reply.error(ok.error());
  if (!*ok) return reply.error(rpc::invalid_params("node.invoke.result", "at root: must have required property 'ok'"));
  if (!context.node_invocations().finish(*id, call.caller.node_id(), call.params)) {
    return reply.error(protocol::make_error(protocol::kInvalidRequest, "unknown invoke id"));
  }
  reply.ok({{"ok", true}});
}

void node_event(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto event = rpc::required_string("node.event", call.params, "event");
  if (!event) return reply.error(event.error());
  context.logger().debug("node event", {{"nodeId", call.caller.node_id()}, {"event", *event}});
  reply.ok({{"ok", true}});
}

}  // namespace

void register_node_methods(MethodTable& table) {
  table.add("node.list", list);
  table.add("node.describe", describe);
  table.add("node.rename", rename);
  table.add("node.invoke", invoke);
  table.add("node.invoke.result", invoke_result);
  table.add("node.event", node_event);
}

}  // namespace openclaw::server
