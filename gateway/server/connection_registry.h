// Every authenticated WebSocket client, and the unauthenticated sockets counted per IP
// (spec §1.2). Broadcasts go through here so scope gating and `seq` (spec §1.9) are applied
// in one place: v3 sockets see one global counter, v4 sockets their own.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/frames.h"
#include "server/ws/client_connection.h"

namespace openclaw::server {

struct BroadcastOptions {
  bool drop_if_slow = false;
  std::optional<protocol::StateVersion> state_version;
};

class ConnectionRegistry {
 public:
  void add(std::shared_ptr<ClientConnection> connection);
  void remove(const std::string& conn_id);

  std::vector<std::shared_ptr<ClientConnection>> all() const;
  std::size_t size() const;

  // The connected node-role client with this node id, if any.
  std::shared_ptr<ClientConnection> find_node(const std::string& node_id) const;

  // Sends `event` to every client allowed to see it (protocol::event_visible).
  void broadcast(std::string_view event, const nlohmann::json& payload, const BroadcastOptions& options = {});
  // The same, with the payload protocol-4 sockets get instead when v4 adds members (chat
  // deltas carry `deltaText` there, spec §1.13).
  void broadcast(std::string_view event, const nlohmann::json& payload, const nlohmann::json& v4_payload,
                 const BroadcastOptions& options);

  // Closes every client for which `matches` is true, skipping `except_conn_id`.
  void close_matching(const std::function<bool(const ConnectionIdentity&)>& matches, std::uint16_t code,
                      const std::string& reason, const std::string& except_conn_id = "");

  // Unauthenticated sockets per client IP: try_acquire fails when `ip` already holds
  // `limit` of them; every successful acquire is paired with one release.
  bool try_acquire_preauth(const std::string& ip, std::size_t limit);
  void release_preauth(const std::string& ip);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ClientConnection>> connections_;
  std::map<std::string, std::size_t> preauth_by_ip_;
  std::uint64_t global_seq_ = 0;
};

}  // namespace openclaw::server
