// The RPC methods this gateway implements, in one table that both dispatches requests and
// lists `hello-ok.features.methods` — a method is advertised exactly when it has a handler.
// Authorization by role and scope (spec §1.11) happens before lookup, as upstream does, so
// an unknown method called without admin scope answers "missing scope" first.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/protocol/error_shape.h"
#include "server/ws/client_connection.h"

namespace openclaw::server {

class GatewayContext;

// The answer channel of one request. Copies share state; ok()/error() may be called later
// from any thread (node.invoke answers when the node does) and more than once (the agent
// RPC's accepted-then-final pair, spec §1.1). Answers to a closed socket are dropped.
class RpcReply {
 public:
  RpcReply(std::weak_ptr<ClientConnection> connection, std::string id, std::string method, GatewayContext& context);

  void ok(const nlohmann::json& payload) const;
  void error(const protocol::ErrorShape& error) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

struct RpcCall {
  std::shared_ptr<ClientConnection> connection;
  const ConnectionIdentity& caller;
  const nlohmann::json& params;  // null when absent
};

using MethodHandler = std::function<void(GatewayContext&, const RpcCall&, const RpcReply&)>;

class MethodTable {
 public:
  void add(std::string method, MethodHandler handler);
  const MethodHandler* find(std::string_view method) const;
  // Registration order, for hello-ok.
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::map<std::string, MethodHandler, std::less<>> handlers_;
  std::vector<std::string> names_;
};

// Every method of this build, registered by the rpc/*_methods.cpp files.
MethodTable build_method_table();

// The events this gateway emits, for hello-ok.features.events.
const std::vector<std::string>& gateway_events();

}  // namespace openclaw::server
