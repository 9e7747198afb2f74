// health, status, presence, system events, heartbeats and the gateway's identity (spec §2.3).
#include "core/protocol/method_policy.h"
#include "server/gateway_context.h"
#include "server/gateway_summary.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/params.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

void health(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto probe = rpc::optional_bool("health", call.params, "probe");
  if (!probe) return reply.error(probe.error());
  reply.ok(context.health(probe->value_or(false)));
}

void status(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("status", call.params); !params) return reply.error(params.error());
  reply.ok(status_summary(*context.settings(), context.queued_system_events(), context.heartbeats_enabled(),
                          call.caller.has_scope(protocol::kScopeAdmin), context.version()));
}

void system_presence(GatewayContext& context, const RpcCall&, const RpcReply& reply) {
  reply.ok(context.presence().list());
}

// A client reports what it is doing ("system-event"): its presence entry is refreshed and the
// text is queued for the next heartbeat, as upstream does.
void system_event(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto text = rpc::required_string("system-event", call.params, "text");
  if (!text) return reply.error(text.error());
  json entry = {{"ts", now_ms()}, {"text", *text}, {"reason", "event"}};
  for (const char* key : {"deviceId", "instanceId", "host", "ip", "mode", "version", "platform", "deviceFamily",
                          "modelIdentifier", "lastInputSeconds", "tags", "roles", "scopes"}) {
    if (call.params.contains(key)) entry[key] = call.params[key];
  }
  const std::string key = entry.value("instanceId", entry.value("deviceId", call.caller.conn_id));
  context.presence().upsert(key, entry);
  context.queue_system_event({{"text", *text}, {"ts", entry["ts"]}});
  context.broadcast_presence();
  reply.ok({{"ok", true}});
}

void last_heartbeat(GatewayContext& context, const RpcCall&, const RpcReply& reply) {
  reply.ok(context.last_heartbeat());
}

void set_heartbeats(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto enabled = rpc::optional_bool("set-heartbeats", call.params, "enabled");
  if (!enabled) return reply.error(enabled.error());
  if (!*enabled) return reply.error(rpc::invalid_params("set-heartbeats", "at root: must have required property 'enabled'"));
  context.set_heartbeats_enabled(**enabled);
  reply.ok({{"ok", true}, {"enabled", **enabled}});
}

void gateway_identity(GatewayContext& context, const RpcCall&, const RpcReply& reply) {
  reply.ok({{"deviceId", context.identity().device_id}, {"publicKey", context.identity().public_key_base64url}});
}

}  // namespace

void register_system_methods(MethodTable& table) {
  table.add("health", health);
  table.add("status", status);
  table.add("system-presence", system_presence);
  table.add("system-event", system_event);
  table.add("last-heartbeat", last_heartbeat);
  table.add("set-heartbeats", set_heartbeats);
  table.add("gateway.identity.get", gateway_identity);
}

}  // namespace openclaw::server
