#include "server/ws/peer_info.h"

#include "core/net/client_ip.h"
#include "core/util/text.h"

namespace openclaw::server {
namespace {

constexpr std::size_t kMaxRememberedPeers = 4096;

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
  PeerInfo info{peer.value_or(*net::IpAddress::parse("0.0.0.0")), false, std::nullopt, false, std::nullopt, "", {}};
  for (const auto& field : request.base()) {
    const std::string name = ascii_lowercase(field.name_string());
    auto [it, inserted] = info.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += "," + std::string(field.value());
  }
  auto header = [&](const char* name) -> std::optional<std::string> {
    auto it = info.headers.find(name);
    if (it == info.headers.end()) return std::nullopt;
    return it->second;
  };
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

}  // namespace openclaw::server
