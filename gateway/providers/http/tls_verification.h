// How the outbound client trusts a provider: one TLS client context per HttpsClient holding
// the CA bundle, and per connection the SNI name and the host (or IP) the certificate must
// name. Verification is OpenSSL's own (X509_VERIFY_PARAM), so a failure carries OpenSSL's
// reason ("hostname mismatch", "unable to get local issuer certificate").
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/util/result.h"

namespace openclaw::providers {

// A TLS 1.2+ client context that verifies peers against, in order: `ca_file`; else
// $SSL_CERT_FILE; else Debian's bundle /etc/ssl/certs/ca-certificates.crt when it exists;
// else OpenSSL's default paths. Fails naming the path when an explicit bundle (ca_file or
// SSL_CERT_FILE) cannot be loaded or holds no certificate.
Result<std::shared_ptr<boost::asio::ssl::context>> make_client_tls_context(
    const std::optional<std::filesystem::path>& ca_file);

// Prepares `ssl` for a handshake with `host`: SNI for a name (never for an IP literal,
// RFC 6066), and the name or address the certificate must match. False when OpenSSL refuses
// the host (it then cannot be verified).
bool expect_peer(SSL* ssl, const std::string& host);

// Why a handshake failed, for the error message: the certificate verification result when
// that is what failed ("certificate verify failed: hostname mismatch"), else the TLS error.
std::string describe_tls_failure(SSL* ssl, const boost::system::error_code& ec);

}  // namespace openclaw::providers
