// A pinned certificate fingerprint as an operator writes it (upstream
// gateway.remote.tlsFingerprint / --tls-fingerprint); computing one is
// crypto::certificate_fingerprint_from_pem/der (core/crypto/certificate_fingerprint.h).
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::client {

// The 64 lowercase hex digits of a fingerprint as operators write it: any case, with or
// without ':' or spaces between bytes, optionally prefixed "sha256:" / "SHA256=". Fails,
// showing the text (a fingerprint is public), when it is not 32 bytes of hex.
Result<std::string> normalize_tls_fingerprint(std::string_view text);

}  // namespace openclaw::client
