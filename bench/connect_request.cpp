#include "connect_request.h"

#include "core/crypto/encoding.h"

namespace openclaw::bench {
namespace {

// Upstream normalises platform/deviceFamily before signing: trim, then lowercase A–Z only.
std::string normalize_metadata(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  std::string out(text.substr(first, last - first + 1));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const auto& scope : scopes) {
    if (!joined.empty()) joined += ',';
    joined += scope;
  }
  return joined;
}

}  // namespace

std::string device_signature_payload_v3(const ClientClaims& claims, std::string_view device_id,
                                        std::int64_t signed_at_ms, std::string_view nonce) {
  std::string payload = "v3|";
  payload.append(device_id).append("|");
  payload.append(claims.client_id).append("|");
  payload.append(claims.client_mode).append("|");
  payload.append(claims.role).append("|");
  payload.append(join_scopes(claims.scopes)).append("|");
  payload.append(std::to_string(signed_at_ms)).append("|");
  payload.append(claims.token).append("|");
  payload.append(nonce).append("|");
  payload.append(normalize_metadata(claims.platform)).append("|");
  // deviceFamily: not sent, so empty.
  return payload;
}

nlohmann::json connect_request(const ClientClaims& claims, std::string_view request_id,
                               std::string_view nonce, const crypto::KeyPair* device,
                               std::int64_t signed_at_ms) {
  nlohmann::json params = {
      {"minProtocol", 3},
      {"maxProtocol", 4},
      {"client",
       {{"id", claims.client_id},
        {"version", claims.client_version},
        {"platform", claims.platform},
        {"mode", claims.client_mode}}},
      {"role", claims.role},
      {"scopes", claims.scopes},
  };
  if (!claims.token.empty()) params["auth"] = {{"token", claims.token}};
  if (device != nullptr) {
    const std::string device_id = device->device_id();
    const std::string payload = device_signature_payload_v3(claims, device_id, signed_at_ms, nonce);
    params["device"] = {{"id", device_id},
                        {"publicKey", device->public_key_base64url()},
                        {"signature", crypto::base64url_encode(device->sign(payload))},
                        {"signedAt", signed_at_ms},
                        {"nonce", nonce}};
  }
  return {{"type", "req"}, {"id", request_id}, {"method", "connect"}, {"params", std::move(params)}};
}

}  // namespace openclaw::bench
