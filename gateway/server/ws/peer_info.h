// Who is on the other end of an HTTP request or WebSocket upgrade (spec §3.4): the socket
// peer, the client address after walking X-Forwarded-For through trusted proxies, whether
// the request is local-direct, and the headers the auth steps read. Proxy headers from a
// peer that is not a trusted proxy are ignored, and logged once per peer address. A peer on
// the admin Unix socket is described as loopback and local-direct, and flagged as such.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/log/logger.h"
#include "core/net/ip_address.h"
#include "server/runtime_settings.h"

namespace openclaw::server {

struct PeerInfo {
  net::IpAddress peer;
  bool peer_is_trusted_proxy = false;
  // The client address; nullopt when a trusted proxy did not say who the client is (we
  // fail closed rather than blame the proxy).
  std::optional<net::IpAddress> client_ip;
  bool local_direct = false;
  std::optional<std::string> origin;
  std::string host;
  std::map<std::string, std::string> headers;  // lowercased names; repeated headers joined by ","
  // Connected through the admin Unix socket: the kernel vouched for its uid (root or the
  // state directory's owner), so the handshake grants operator scopes without a secret.
  bool admin_socket = false;

  // The rate-limit, pre-auth budget and log key: the client address, or "unknown";
  // "admin-socket" for admin-socket peers, so loopback TCP clients cannot use up the
  // admin socket's pre-auth budget (nor it theirs).
  std::string client_key() const {
    if (admin_socket) return "admin-socket";
    return client_ip ? client_ip->to_string() : "unknown";
  }
};

// Remembers which untrusted peers already had their proxy headers logged, so a client that
// always sends them does not flood the log. Bounded.
class ProxyHeaderWarnings {
 public:
  bool first_time(const std::string& peer);

 private:
  std::mutex mutex_;
  std::set<std::string> seen_;
};

PeerInfo describe_peer(const boost::beast::http::request<boost::beast::http::string_body>& request,
                       const boost::asio::ip::tcp::endpoint& remote, const RuntimeSettings& settings,
                       ProxyHeaderWarnings& warnings, const log::Logger& logger);

// A peer on the admin Unix socket (already checked with SO_PEERCRED): loopback, local-direct,
// no proxy; headers, Origin and Host read from `request` as for TCP peers.
PeerInfo describe_admin_socket_peer(const boost::beast::http::request<boost::beast::http::string_body>& request);

}  // namespace openclaw::server
