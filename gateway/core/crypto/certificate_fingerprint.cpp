#include "core/crypto/certificate_fingerprint.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "core/crypto/sha256.h"

namespace openclaw::crypto {

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

std::string certificate_fingerprint_from_der(std::string_view der) { return sha256_hex(der); }

}  // namespace openclaw::crypto
