// One registration function per concern; each lives in its own rpc/<concern>_methods.cpp.
#pragma once

namespace openclaw::server {

class MethodTable;

// health, status, system-presence, system-event, last-heartbeat, set-heartbeats,
// gateway.identity.get
void register_system_methods(MethodTable& table);
// models.list, agents.list
void register_catalog_methods(MethodTable& table);
// device.pair.list|approve|reject|remove, device.token.rotate|revoke
void register_device_methods(MethodTable& table);
// node.list, node.describe, node.rename, node.invoke, node.invoke.result, node.event
void register_node_methods(MethodTable& table);
// logs.tail
void register_log_methods(MethodTable& table);
// config.get, config.schema, config.set, config.patch, config.apply, secrets.reload
void register_config_methods(MethodTable& table);
// chat.history, chat.abort, chat.send
void register_chat_methods(MethodTable& table);
// agent, agent.wait
void register_agent_methods(MethodTable& table);
// sessions.list, sessions.preview, sessions.reset, sessions.delete
void register_session_methods(MethodTable& table);

}  // namespace openclaw::server
