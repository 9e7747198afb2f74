// One authenticated WebSocket client as the rest of the server sees it: who it is (fixed at
// hello-ok) and two thread-safe operations, send a frame and close. The WebSocket session
// implements it; the registry, broadcasts and RPC handlers only ever hold this interface.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/connect_params.h"

namespace openclaw::server {

struct ConnectionIdentity {
  std::string conn_id;
  std::string role;  // "operator" | "node"
  std::vector<std::string> scopes;
  std::optional<std::string> device_id;
  std::string auth_method;  // none | token | password | trusted-proxy | device-token | admin-socket
  // Set when the socket authenticated with the shared secret of this generation.
  std::optional<std::uint64_t> secret_generation;
  int protocol = 3;
  protocol::ClientInfo client;
  std::string remote_ip;
  std::vector<std::string> caps;
  std::vector<std::string> commands;
  nlohmann::json permissions;  // object or null
  std::optional<std::string> path_env;
  std::int64_t connected_at_ms = 0;

  bool has_scope(std::string_view scope) const {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
  }

  // The id a node is addressed by in node.* methods: its device id, else its instance id,
  // else the connection id.
  std::string node_id() const {
    if (device_id) return *device_id;
    if (client.instance_id) return *client.instance_id;
    return conn_id;
  }
};

class ClientConnection {
 public:
  virtual ~ClientConnection() = default;

  virtual const ConnectionIdentity& identity() const = 0;

  // Queues one text frame. When the socket's unsent bytes would exceed the policy limit
  // (spec §1.8) the frame is dropped if `drop_if_slow`, else the socket is closed 1008
  // "slow consumer". Safe from any thread.
  virtual void send(std::string frame, bool drop_if_slow = false) = 0;

  // Sends a close frame with `code` and `reason` after the frames already queued. Safe
  // from any thread; later sends are ignored.
  virtual void close(std::uint16_t code, std::string reason) = 0;

  // The next per-connection event sequence number (protocol v4, spec §1.9).
  std::uint64_t next_seq() { return ++seq_; }

 private:
  std::atomic<std::uint64_t> seq_{0};
};

}  // namespace openclaw::server
