#include "core/protocol/device_signature.h"

#include "core/crypto/ed25519.h"
#include "core/crypto/encoding.h"
#include "core/util/text.h"

namespace openclaw::protocol {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\f\v";

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) {
    if (!out.empty()) out += ',';
    out += scope;
  }
  return out;
}

// The fields both payload versions share, each followed by '|'.
std::string payload_prefix(std::string_view version, const SignedFields& fields) {
  std::string out(version);
  for (const std::string_view part :
       {std::string_view(fields.device_id), std::string_view(fields.client_id),
        std::string_view(fields.client_mode), std::string_view(fields.role)}) {
    out += '|';
    out += part;
  }
  out += '|' + join_scopes(fields.scopes);
  out += '|' + std::to_string(fields.signed_at_ms);
  out += '|' + fields.token;
  out += '|' + fields.nonce;
  return out;
}

DeviceAuthFailure failure(std::string message, std::string code, std::string reason) {
  return DeviceAuthFailure{std::move(message), std::move(code), std::move(reason)};
}

// The token slot of the signed payload: the first of token, deviceToken, bootstrapToken the
// client sent (JavaScript's `??` skips only absent values, so an empty token still wins).
std::string signature_token(const ConnectParams& params) {
  if (!params.auth) return "";
  if (params.auth->token) return *params.auth->token;
  if (params.auth->device_token) return *params.auth->device_token;
  if (params.auth->bootstrap_token) return *params.auth->bootstrap_token;
  return "";
}

}  // namespace

std::string normalize_device_metadata(std::string_view text) {
  std::string out(trim(text, kWhitespace));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string device_auth_payload_v3(const SignedFields& fields) {
  return payload_prefix("v3", fields) + '|' + normalize_device_metadata(fields.platform) + '|' +
         normalize_device_metadata(fields.device_family);
}

std::string device_auth_payload_v2(const SignedFields& fields) {
  return payload_prefix("v2", fields);
}

ErrorShape DeviceAuthFailure::to_error() const {
  return ErrorShape{
      kInvalidRequest, message, {{"code", code}, {"reason", reason}}, std::nullopt, std::nullopt};
}

std::expected<VerifiedDevice, DeviceAuthFailure> verify_device_proof(
    const ConnectParams& params, std::string_view challenge_nonce, std::int64_t now_ms) {
  if (!params.device) {
    return std::unexpected(
        failure("device identity required", "DEVICE_IDENTITY_REQUIRED", "device-missing"));
  }
  const DeviceProof& device = *params.device;

  const auto raw_key = crypto::parse_public_key(device.public_key);
  if (!raw_key || crypto::device_id_from_public_key(*raw_key) != device.id) {
    return std::unexpected(failure("device identity mismatch", "DEVICE_AUTH_DEVICE_ID_MISMATCH",
                                   "device-id-mismatch"));
  }
  // Both values are >= 0 (the schema says so for signedAt), so the difference cannot overflow.
  const std::int64_t skew = now_ms - device.signed_at;
  if (skew > kDeviceSignatureSkewMs || skew < -kDeviceSignatureSkewMs) {
    return std::unexpected(failure("device signature expired", "DEVICE_AUTH_SIGNATURE_EXPIRED",
                                   "device-signature-stale"));
  }
  const std::string nonce(trim(device.nonce, kWhitespace));
  if (nonce.empty()) {
    return std::unexpected(
        failure("device nonce required", "DEVICE_AUTH_NONCE_REQUIRED", "device-nonce-missing"));
  }
  if (nonce != challenge_nonce) {
    return std::unexpected(
        failure("device nonce mismatch", "DEVICE_AUTH_NONCE_MISMATCH", "device-nonce-mismatch"));
  }

  const SignedFields fields{device.id,
                            params.client.id,
                            params.client.mode,
                            params.role,
                            params.scopes,
                            device.signed_at,
                            signature_token(params),
                            nonce,
                            params.client.platform,
                            params.client.device_family.value_or("")};
  const auto signature = crypto::base64url_decode(device.signature);
  int version = 0;
  if (signature) {
    if (crypto::verify(*raw_key, device_auth_payload_v3(fields), *signature)) {
      version = 3;
    } else if (crypto::verify(*raw_key, device_auth_payload_v2(fields), *signature)) {
      version = 2;
    }
  }
  if (version == 0) {
    return std::unexpected(
        failure("device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"));
  }
  // Upstream's last check ("device public key invalid", DEVICE_AUTH_PUBLIC_KEY_INVALID,
  // device-public-key) re-normalizes the key; ours was parsed in step 1 already, so that
  // failure cannot happen here.
  return VerifiedDevice{device.id, *raw_key, crypto::public_key_base64url(*raw_key), version};
}

}  // namespace openclaw::protocol
