#include "server/tls_setup.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "core/crypto/certificate_fingerprint.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"

namespace openclaw::server {
namespace {

namespace ssl = boost::asio::ssl;

constexpr long kCertificateValidityDays = 825;

template <class T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!extension) return false;
  const bool added = X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// A P-256 key and a self-signed certificate for localhost, 127.0.0.1 and ::1.
Result<std::pair<std::string, std::string>> generate_self_signed() {
  PKeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr cert(X509_new());
  if (!key || !cert) return fail("cannot generate a TLS key");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof(serial)) != 1) return fail("cannot generate a certificate serial number");
  serial[0] &= 0x7f;
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof(serial), nullptr);
  BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(cert.get()));
  BN_free(serial_number);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kCertificateValidityDays * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("openclaw-gateway"), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") ||
      !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return fail("cannot sign the self-signed TLS certificate");
  }
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return fail("cannot encode the TLS certificate");
  }
  return std::make_pair(bio_text(cert_bio.get()), bio_text(key_bio.get()));
}


}  // namespace

Result<TlsSettings> prepare_tls(const config::TlsConfig& config, const state::StateLayout& layout) {
  TlsSettings settings;
  if (!config.enabled) return settings;
  settings.enabled = true;
  settings.cert_path = config.cert_path ? std::filesystem::path(*config.cert_path) : layout.tls_certificate();
  settings.key_path = config.key_path ? std::filesystem::path(*config.key_path) : layout.tls_private_key();
  std::error_code ec;
  const bool have_cert = std::filesystem::exists(settings.cert_path, ec);
  const bool have_key = std::filesystem::exists(settings.key_path, ec);
  if (!have_cert && !have_key && config.auto_generate) {
    auto pair = generate_self_signed();
    if (!pair) return std::unexpected(pair.error());
    for (const auto& dir : {layout.root() / "gateway", layout.tls_dir()}) {
      if (auto made = state::create_directory_durably(dir, state::kDirectoryMode); !made) {
        return fail("gateway.tls: cannot create " + dir.string() + ": " + made.error().message);
      }
    }
    if (auto written = state::write_file_atomically(settings.key_path, pair->second, {state::kFileMode, std::nullopt}); !written) {
      return fail("gateway.tls: cannot write " + settings.key_path.string() + ": " + written.error().message);
    }
    if (auto written = state::write_file_atomically(settings.cert_path, pair->first, {0644, std::nullopt}); !written) {
      return fail("gateway.tls: cannot write " + settings.cert_path.string() + ": " + written.error().message);
    }
  } else if (!have_cert || !have_key) {
    return fail("gateway.tls: " + (!have_cert ? settings.cert_path : settings.key_path).string() +
                " does not exist (set gateway.tls.certPath/keyPath, or autoGenerate with neither file present)");
  }
  auto cert = state::read_file(settings.cert_path);
  if (!cert) return fail("gateway.tls.certPath: " + cert.error().message);
  auto fingerprint = crypto::certificate_fingerprint_from_pem(*cert);
  if (!fingerprint) return fail(settings.cert_path.string() + ": " + fingerprint.error().message);
  settings.fingerprint_sha256 = *fingerprint;
  return settings;
}

Result<std::shared_ptr<ssl::context>> make_tls_context(const TlsSettings& settings) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(settings.cert_path.string(), ec);
  if (ec) return fail("gateway.tls: cannot load certificate " + settings.cert_path.string() + ": " + ec.message());
  context->use_private_key_file(settings.key_path.string(), ssl::context::pem, ec);
  if (ec) return fail("gateway.tls: cannot load key " + settings.key_path.string() + ": " + ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return fail("gateway.tls: the key in " + settings.key_path.string() + " does not match the certificate");
  }
  return context;
}

}  // namespace openclaw::server
