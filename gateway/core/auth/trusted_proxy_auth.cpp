#include "core/auth/trusted_proxy_auth.h"

#include <algorithm>
#include <cctype>

#include "core/util/text.h"

namespace openclaw::auth {
namespace {

std::unexpected<TrustedProxyFailure> failure(TrustedProxyFailureReason reason,
                                             std::string detail = {}) {
  return std::unexpected(TrustedProxyFailure{reason, std::move(detail)});
}

// The header's value without surrounding whitespace; "" when absent.
std::string trimmed_header(const HeaderLookup& headers, std::string_view name) {
  if (!headers) return {};
  auto value = headers(name);
  if (!value) return {};
  return std::string(trim(*value));
}

}  // namespace

HeaderLookup lookup_in(const std::map<std::string, std::string>& headers) {
  return [&headers](std::string_view name) -> std::optional<std::string> {
    auto it = headers.find(ascii_lowercase(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  };
}

std::string_view to_string(TrustedProxyFailureReason reason) {
  switch (reason) {
    case TrustedProxyFailureReason::UntrustedSource:
      return "untrusted_source";
    case TrustedProxyFailureReason::LoopbackSource:
      return "loopback_source";
    case TrustedProxyFailureReason::MissingHeader:
      return "missing_header";
    case TrustedProxyFailureReason::UserMissing:
      return "user_missing";
    case TrustedProxyFailureReason::UserNotAllowed:
      return "user_not_allowed";
  }
  return "unknown";
}

std::string reason_code(const TrustedProxyFailure& failure) {
  std::string code = "trusted_proxy_" + std::string(to_string(failure.reason));
  if (failure.reason == TrustedProxyFailureReason::MissingHeader) code += "_" + failure.detail;
  return code;
}

std::expected<std::string, TrustedProxyFailure> authorize_trusted_proxy(
    const config::TrustedProxyAuthConfig& config, const HeaderLookup& headers,
    bool peer_is_trusted_proxy) {
  if (!peer_is_trusted_proxy) return failure(TrustedProxyFailureReason::UntrustedSource);
  for (const std::string& name : config.required_headers) {
    if (trimmed_header(headers, name).empty()) {
      return failure(TrustedProxyFailureReason::MissingHeader, name);
    }
  }
  std::string user = trimmed_header(headers, config.user_header);
  if (config.user_header.empty() || user.empty()) {
    return failure(TrustedProxyFailureReason::UserMissing, config.user_header);
  }
  if (!config.allow_users.empty() &&
      std::ranges::find(config.allow_users, user) == config.allow_users.end()) {
    return failure(TrustedProxyFailureReason::UserNotAllowed, std::move(user));
  }
  return user;
}

std::expected<std::string, TrustedProxyFailure> authorize_trusted_proxy(
    const config::TrustedProxyAuthConfig& config, const HeaderLookup& headers,
    const net::IpAddress& peer, const net::TrustedProxyList& trusted_proxies) {
  if (!trusted_proxies.contains(peer)) {
    return failure(TrustedProxyFailureReason::UntrustedSource);
  }
  if (peer.is_loopback() && !config.allow_loopback) {
    return failure(TrustedProxyFailureReason::LoopbackSource);
  }
  return authorize_trusted_proxy(config, headers, /*peer_is_trusted_proxy=*/true);
}

}  // namespace openclaw::auth
