// The `connect` request (spec §1.2-§1.7, §3.5-§3.9): protocol negotiation, origin policy,
// rate limiting, shared-secret / trusted-proxy / device-token auth, the device signature,
// pairing and device-token issuance, in upstream's order. The answer is either a hello-ok
// payload with the identity the socket keeps for its lifetime, or the error frame and close
// code to send. No socket I/O here: the WebSocket session sends what this decides.
// Operators on the admin Unix socket (PeerInfo::admin_socket, server/admin_socket.h) skip
// the shared-secret, device-token and pairing steps: the socket's peer check is their
// credential.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/protocol/connect_params.h"
#include "core/protocol/error_shape.h"
#include "server/gateway_context.h"
#include "server/ws/client_connection.h"
#include "server/ws/peer_info.h"

namespace openclaw::server {

struct HandshakeResult {
  bool accepted = false;
  nlohmann::json hello_ok;      // when accepted
  ConnectionIdentity identity;  // when accepted
  std::optional<protocol::ErrorShape> error;  // when rejected
  std::uint16_t close_code = 1008;
  std::string close_reason;
  std::string outcome;  // metrics label: ok, protocol_mismatch, origin_not_allowed, ...
};

HandshakeResult perform_handshake(GatewayContext& context, const PeerInfo& peer,
                                  const protocol::ConnectParams& params, std::string_view challenge_nonce,
                                  const std::string& conn_id);

// The presence entry of a connected client; nullopt for CLI clients (not tracked, §1.7).
std::optional<nlohmann::json> presence_entry(const ConnectionIdentity& identity);

}  // namespace openclaw::server
