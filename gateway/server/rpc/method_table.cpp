#include "server/rpc/method_table.h"

#include <atomic>

#include "core/protocol/frames.h"
#include "server/gateway_context.h"
#include "server/rpc/method_groups.h"

namespace openclaw::server {

struct RpcReply::State {
  State(std::weak_ptr<ClientConnection> target, std::string request_id, std::string method_name, GatewayContext& gateway)
      : connection(std::move(target)), id(std::move(request_id)), method(std::move(method_name)), context(gateway) {}

  std::weak_ptr<ClientConnection> connection;
  std::string id;
  std::string method;
  GatewayContext& context;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<bool> recorded{false};

  void send(std::string frame, bool ok) {
    // Metrics count the first answer: the agent RPC's later final answer is the same call.
    if (!recorded.exchange(true)) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      context.metrics().rpc_call(method, ok ? "ok" : "error", seconds);
    }
    if (auto target = connection.lock()) target->send(std::move(frame));
  }
};

RpcReply::RpcReply(std::weak_ptr<ClientConnection> connection, std::string id, std::string method,
                   GatewayContext& context)
    : state_(std::make_shared<State>(std::move(connection), std::move(id), std::move(method), context)) {}

void RpcReply::ok(const nlohmann::json& payload) const {
  state_->send(protocol::response_ok(state_->id, payload), true);
}

void RpcReply::error(const protocol::ErrorShape& error) const {
  state_->send(protocol::response_error(state_->id, error), false);
}

void MethodTable::add(std::string method, MethodHandler handler) {
  names_.push_back(method);
  handlers_.emplace(std::move(method), std::move(handler));
}

const MethodHandler* MethodTable::find(std::string_view method) const {
  auto it = handlers_.find(method);
  return it == handlers_.end() ? nullptr : &it->second;
}

MethodTable build_method_table() {
  MethodTable table;
  register_system_methods(table);
  register_catalog_methods(table);
  register_device_methods(table);
  register_node_methods(table);
  register_config_methods(table);
  register_log_methods(table);
  register_session_methods(table);
  register_agent_methods(table);
  register_chat_methods(table);
  return table;
}

const std::vector<std::string>& gateway_events() {
  static const std::vector<std::string> events = {
      "connect.challenge", "agent", "chat", "presence", "tick", "shutdown", "health", "heartbeat",
      "node.invoke.request", "device.pair.requested", "device.pair.resolved"};
  return events;
}

}  // namespace openclaw::server
