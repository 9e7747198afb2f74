#include "client/connect_request.h"

#include "core/protocol/device_signature.h"

namespace openclaw::client {

std::string ConnectCredentials::signature_token() const {
  if (token) return *token;
  if (device_token) return *device_token;
  return "";
}

ConnectCredentials first_attempt_credentials(const std::optional<std::string>& token,
                                             const std::optional<std::string>& password,
                                             const std::optional<std::string>& stored_device_token) {
  ConnectCredentials credentials;
  credentials.token = token;
  credentials.password = password;
  if (!token && !password) credentials.device_token = stored_device_token;
  return credentials;
}

ConnectCredentials retry_credentials(const std::string& stored_device_token) {
  ConnectCredentials credentials;
  credentials.device_token = stored_device_token;
  return credentials;
}

bool should_retry_with_device_token(const RetryInputs& inputs, const nlohmann::json& error_details) {
  if (inputs.retry_used || inputs.sent_device_token || !inputs.sent_shared_token || !inputs.have_stored_token ||
      !inputs.trusted_endpoint) {
    return false;
  }
  if (!error_details.is_object()) return false;
  const auto code = error_details.find("code");
  if (code != error_details.end() && code->is_string() && *code == "AUTH_TOKEN_MISMATCH") return true;
  const auto hint = error_details.find("canRetryWithDeviceToken");
  if (hint != error_details.end() && hint->is_boolean() && hint->get<bool>()) return true;
  const auto next = error_details.find("recommendedNextStep");
  return next != error_details.end() && next->is_string() && *next == "retry_with_device_token";
}

nlohmann::json connect_params(const ConnectIdentity& identity, const ConnectCredentials& credentials,
                              const ChallengeProof& proof) {
  nlohmann::json params = {
      {"minProtocol", kClientMinProtocol},
      {"maxProtocol", kClientMaxProtocol},
      {"client",
       {{"id", identity.client_id},
        {"version", identity.version},
        {"platform", kClientPlatform},
        {"mode", identity.client_mode}}},
      {"role", identity.role},
      {"scopes", identity.scopes},
  };
  if (!credentials.empty()) {
    nlohmann::json auth = nlohmann::json::object();
    if (credentials.token) auth["token"] = *credentials.token;
    if (credentials.password) auth["password"] = *credentials.password;
    if (credentials.device_token) auth["deviceToken"] = *credentials.device_token;
    params["auth"] = auth;
  }
  if (proof.device) {
    protocol::SignedFields fields;
    fields.device_id = proof.device->device_id();
    fields.client_id = identity.client_id;
    fields.client_mode = identity.client_mode;
    fields.role = identity.role;
    fields.scopes = identity.scopes;
    fields.signed_at_ms = proof.signed_at_ms;
    fields.token = credentials.signature_token();
    fields.nonce = proof.nonce;
    fields.platform = kClientPlatform;
    const auto signature = proof.device->sign(protocol::device_auth_payload_v3(fields));
    params["device"] = {{"id", fields.device_id},
                        {"publicKey", proof.device->public_key_base64url()},
                        {"signature", crypto::base64url_encode(signature)},
                        {"signedAt", proof.signed_at_ms},
                        {"nonce", proof.nonce}};
  }
  return params;
}

}  // namespace openclaw::client
