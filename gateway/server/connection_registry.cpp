#include "server/connection_registry.h"

#include "core/protocol/method_policy.h"

namespace openclaw::server {

void ConnectionRegistry::add(std::shared_ptr<ClientConnection> connection) {
  std::lock_guard lock(mutex_);
  connections_[connection->identity().conn_id] = std::move(connection);
}

void ConnectionRegistry::remove(const std::string& conn_id) {
  std::lock_guard lock(mutex_);
  connections_.erase(conn_id);
}

std::vector<std::shared_ptr<ClientConnection>> ConnectionRegistry::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<ClientConnection>> result;
  result.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) result.push_back(connection);
  return result;
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::shared_ptr<ClientConnection> ConnectionRegistry::find_node(const std::string& node_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, connection] : connections_) {
    const auto& identity = connection->identity();
    if (identity.role == "node" && identity.node_id() == node_id) return connection;
  }
  return nullptr;
}

void ConnectionRegistry::broadcast(std::string_view event, const nlohmann::json& payload,
                                   const BroadcastOptions& options) {
  broadcast(event, payload, payload, options);
}

void ConnectionRegistry::broadcast(std::string_view event, const nlohmann::json& payload,
                                   const nlohmann::json& v4_payload, const BroadcastOptions& options) {
  std::vector<std::shared_ptr<ClientConnection>> targets;
  std::uint64_t global_seq = 0;
  {
    std::lock_guard lock(mutex_);
    global_seq = ++global_seq_;
    for (const auto& [id, connection] : connections_) {
      const auto& identity = connection->identity();
      if (protocol::event_visible(event, identity.role, identity.scopes)) targets.push_back(connection);
    }
  }
  // v3 sockets share one frame (global seq); v4 sockets each get their own counter.
  std::optional<std::string> v3_frame;
  for (const auto& connection : targets) {
    if (connection->identity().protocol >= 4) {
      connection->send(protocol::event_frame(event, v4_payload, connection->next_seq(), options.state_version),
                       options.drop_if_slow);
      continue;
    }
    if (!v3_frame) v3_frame = protocol::event_frame(event, payload, global_seq, options.state_version);
    connection->send(*v3_frame, options.drop_if_slow);
  }
}

void ConnectionRegistry::close_matching(const std::function<bool(const ConnectionIdentity&)>& matches,
                                        std::uint16_t code, const std::string& reason,
                                        const std::string& except_conn_id) {
  for (const auto& connection : all()) {
    const auto& identity = connection->identity();
    if (identity.conn_id != except_conn_id && matches(identity)) connection->close(code, reason);
  }
}

bool ConnectionRegistry::try_acquire_preauth(const std::string& ip, std::size_t limit) {
  std::lock_guard lock(mutex_);
  auto& count = preauth_by_ip_[ip];
  if (count >= limit) return false;
  ++count;
  return true;
}

void ConnectionRegistry::release_preauth(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto it = preauth_by_ip_.find(ip);
  if (it == preauth_by_ip_.end()) return;
  if (--it->second == 0) preauth_by_ip_.erase(it);
}

}  // namespace openclaw::server
