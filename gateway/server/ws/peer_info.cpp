#include "server/ws/peer_info.h"

#include "core/net/client_ip.h"
#include "core/util/text.h"

namespace openclaw::server {
namespace {

constexpr std::size_t kMaxRememberedPeers = 4096;

// Header names lowercased; a repeated header's values joined with ",".
std::map<std::string, std::string> collect_headers(
    const boost::beast::http::request<boost::beast::http::string_body>& request) {
  std::map<std::string, std::string> headers;
  for (const auto& field : request.base()) {
    const std::string name = ascii_lowercase(field.name_string());
    auto [it, inserted] = headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += "," + std::string(field.value());
  }
  return headers;
}

std::optional<std::string> header_value(const std::map<std::string, std::string>& headers, const char* name) {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

}  // namespace

bool ProxyHeaderWarnings::first_time(const std::string& peer) {
  std::lock_guard lock(mutex_);
  if (seen_.contains(peer)) return false;
  if (seen_.size() >= kMaxRememberedPeers) seen_.clear();
  seen_.insert(peer);
  return true;
}

PeerInfo describe_peer(const boost::beast::http::request<boost::beast::http::string_body>& request,
                       const boost::asio::ip::tcp::endpoint& remote, const RuntimeSettings& settings,
                       ProxyHeaderWarnings& warnings, const log::Logger& logger) {
  auto peer = net::IpAddress::parse(remote.address().to_string());
  PeerInfo info{peer.value_or(*net::IpAddress::parse("0.0.0.0")), false, std::nullopt, false, std::nullopt, "",
                collect_headers(request), false};
  auto header = [&](const char* name) { return header_value(info.headers, name); };
  net::ForwardingHeaders forwarding{header("forwarded"), header("x-forwarded-for"), header("x-forwarded-proto"),
                                    header("x-real-ip"), header("x-forwarded-host")};
  info.peer_is_trusted_proxy = settings.trusted_proxies.contains(info.peer);
  info.client_ip = net::resolve_client_ip(info.peer, forwarding, settings.trusted_proxies,
                                          settings.allow_real_ip_fallback);
  info.local_direct = net::is_local_direct_request(info.peer, forwarding);
  info.origin = header("origin");
  info.host = header("host").value_or("");
  if (!info.peer_is_trusted_proxy && net::has_proxy_headers(forwarding) && warnings.first_time(info.peer.to_string())) {
    logger.warn("ignoring proxy headers from a peer that is not in gateway.trustedProxies",
                {{"peer", info.peer.to_string()}});
  }
  return info;
}

PeerInfo describe_admin_socket_peer(const boost::beast::http::request<boost::beast::http::string_body>& request) {
  const auto loopback = *net::IpAddress::parse("127.0.0.1");
  PeerInfo info{loopback, false, loopback, true, std::nullopt, "", collect_headers(request), true};
  info.origin = header_value(info.headers, "origin");
  info.host = header_value(info.headers, "host").value_or("");
  return info;
}

}  // namespace openclaw::server
