// The SHA-256 fingerprint of an X.509 certificate: lowercase hex of SHA-256 over its DER, the
// form the gateway logs for its TLS certificate and a wss:// client pins.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::crypto {

// The fingerprint of the first certificate in `pem`. Fails ("not a PEM certificate") when
// there is none.
Result<std::string> certificate_fingerprint_from_pem(std::string_view pem);

// The fingerprint of a DER-encoded certificate.
std::string certificate_fingerprint_from_der(std::string_view der);

}  // namespace openclaw::crypto
