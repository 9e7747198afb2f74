// SHA-256 certificate fingerprints, the form a wss:// client pins a self-signed gateway
// certificate by (upstream gateway.remote.tlsFingerprint / --tls-fingerprint): lowercase hex
// of SHA-256 over the certificate's DER.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::client {

// The 64 lowercase hex digits of a fingerprint as operators write it: any case, with or
// without ':' or spaces between bytes, optionally prefixed "sha256:" / "SHA256=". Fails,
// showing the text (a fingerprint is public), when it is not 32 bytes of hex.
Result<std::string> normalize_tls_fingerprint(std::string_view text);

// The fingerprint of the first certificate in `pem`. Fails when there is none.
Result<std::string> certificate_fingerprint_from_pem(std::string_view pem);

// The fingerprint of a DER-encoded certificate.
std::string certificate_fingerprint_from_der(std::string_view der);

}  // namespace openclaw::client
