#include "client/tls_fingerprint.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "core/crypto/sha256.h"
#include "core/util/text.h"

namespace openclaw::client {

Result<std::string> normalize_tls_fingerprint(std::string_view text) {
  std::string_view rest = trim(text);
  const std::string lowered = ascii_lowercase(rest.substr(0, std::min<std::size_t>(rest.size(), 7)));
  if (lowered == "sha256:" || lowered == "sha256=") rest = rest.substr(7);
  std::string hex;
  for (const char c : rest) {
    if (c == ':' || c == ' ') continue;
    const bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!digit) return fail("TLS fingerprint \"" + std::string(text) + "\" is not hex");
    hex.push_back(c);
  }
  if (hex.size() != 64) {
    return fail("TLS fingerprint \"" + std::string(text) + "\" is not a SHA-256 fingerprint (expected 64 hex digits)");
  }
  return ascii_lowercase(hex);
}

Result<std::string> certificate_fingerprint_from_pem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return fail("cannot read the certificate");
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) return fail("not a PEM certificate");
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert.get(), &der);
  if (length <= 0) return fail("cannot encode the certificate");
  std::string bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return certificate_fingerprint_from_der(bytes);
}

std::string certificate_fingerprint_from_der(std::string_view der) { return crypto::sha256_hex(der); }

}  // namespace openclaw::client
