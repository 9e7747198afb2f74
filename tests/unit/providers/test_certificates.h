// A throwaway PKI for TLS tests, made at test time with OpenSSL's C API: a CA and a server
// certificate it signs (P-256 keys), plus a temp file holding the CA for ca_file.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace openclaw::providers::test_support {

struct TestPki {
  std::string ca_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
};

namespace detail {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

inline void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(extension != nullptr, "extension");
  require(X509_add_ext(cert, extension, -1) == 1, "add extension");
  X509_EXTENSION_free(extension);
}

inline Cert new_certificate(EVP_PKEY* key, const char* common_name) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  require(RAND_bytes(serial, sizeof serial) == 1, "serial");
  serial[0] &= 0x7f;
  BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert.get()));
  BN_free(number);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  return cert;
}

inline std::string pem_of(X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  require(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

inline std::string pem_of(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  require(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM key");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace detail

// A fresh CA and a server certificate for `subject_alt_names` ("DNS:localhost,IP:127.0.0.1").
inline TestPki make_test_pki(const char* subject_alt_names = "DNS:localhost,IP:127.0.0.1") {
  using namespace detail;
  PKey ca_key(EVP_EC_gen("P-256"));
  PKey server_key(EVP_EC_gen("P-256"));
  require(ca_key && server_key, "keys");
  Cert ca = new_certificate(ca_key.get(), "openclaw test CA");
  X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  require(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) != 0, "sign CA");

  Cert server = new_certificate(server_key.get(), "openclaw test server");
  X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get()));
  add_extension(server.get(), ca.get(), NID_subject_alt_name, subject_alt_names);
  add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid");
  require(X509_sign(server.get(), ca_key.get(), EVP_sha256()) != 0, "sign server");
  return TestPki{pem_of(ca.get()), pem_of(server.get()), pem_of(server_key.get())};
}

// A TLS server context serving the PKI's server certificate.
inline std::shared_ptr<SSL_CTX> make_server_context(const TestPki& pki) {
  using namespace detail;
  std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  Bio cert_bio(
      BIO_new_mem_buf(pki.server_cert_pem.data(), static_cast<int>(pki.server_cert_pem.size())));
  Bio key_bio(
      BIO_new_mem_buf(pki.server_key_pem.data(), static_cast<int>(pki.server_key_pem.size())));
  Cert cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  PKey key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  require(cert && key, "read server PEM");
  require(SSL_CTX_use_certificate(context.get(), cert.get()) == 1, "use certificate");
  require(SSL_CTX_use_PrivateKey(context.get(), key.get()) == 1, "use key");
  return context;
}

// A file removed when this goes away.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "openclaw-test-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    detail::require(fd >= 0, "mkstemp");
    ::close(fd);
    path_ = pattern;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace openclaw::providers::test_support
