// The `connect` request the client sends after connect.challenge (spec §1.3, §1.5): which
// credentials go in `auth`, the signed v3 device proof, and when the one fast retry with the
// stored device token is allowed (upstream packages/gateway-client connect-auth). Pure
// functions, so the rules are testable without a socket.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/ed25519.h"

namespace openclaw::client {

inline constexpr int kClientMinProtocol = 3;
inline constexpr int kClientMaxProtocol = 4;
inline constexpr char kClientPlatform[] = "linux";

// What one connect attempt puts in `auth`. Absent members are left out of the frame.
struct ConnectCredentials {
  std::optional<std::string> token;         // the shared gateway token
  std::optional<std::string> password;      // the shared gateway password
  std::optional<std::string> device_token;  // a device token from identity/device-auth.json

  // The token slot of the signed payload, as the gateway rebuilds it:
  // token ?? deviceToken ?? "" (spec §1.5).
  std::string signature_token() const;
  bool empty() const { return !token && !password && !device_token; }
};

// The first attempt (upstream selectGatewayConnectAuth): the shared token/password when
// given; the stored device token only when there is no shared secret to send.
ConnectCredentials first_attempt_credentials(const std::optional<std::string>& token,
                                             const std::optional<std::string>& password,
                                             const std::optional<std::string>& stored_device_token);

// The fast retry: only the stored device token (the shared token just failed; sending it
// again would only count another failure against this client).
ConnectCredentials retry_credentials(const std::string& stored_device_token);

// Whether a connect refused with `error_details` deserves the one retry with the stored
// device token: it has not been used yet, this attempt sent a shared token and no device
// token, a stored token exists, the endpoint is trusted (loopback, admin socket, pinned
// TLS), and the gateway said the token mismatched (details.code AUTH_TOKEN_MISMATCH,
// canRetryWithDeviceToken, or recommendedNextStep "retry_with_device_token").
struct RetryInputs {
  bool retry_used = false;
  bool sent_device_token = false;
  bool sent_shared_token = false;
  bool have_stored_token = false;
  bool trusted_endpoint = false;
};
bool should_retry_with_device_token(const RetryInputs& inputs, const nlohmann::json& error_details);

struct ConnectIdentity {
  std::string client_id = "cli";
  std::string client_mode = "cli";
  std::string version;  // OPENCLAW_VERSION
  std::string role = "operator";
  std::vector<std::string> scopes;  // as sent; the signature binds this order
};

struct ChallengeProof {
  const crypto::KeyPair* device = nullptr;  // nullptr: connect without device identity
  std::string nonce;                        // connect.challenge nonce
  std::int64_t signed_at_ms = 0;            // the challenge's ts (upstream [Latest])
};

// `connect.params`: {minProtocol 3, maxProtocol 4, client{id, version, platform, mode}, role,
// scopes, auth?, device?{id, publicKey, signature, signedAt, nonce}} with the signature over
// the v3 payload.
nlohmann::json connect_params(const ConnectIdentity& identity, const ConnectCredentials& credentials,
                              const ChallengeProof& proof);

}  // namespace openclaw::client
