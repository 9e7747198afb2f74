#include "providers/http/tls_verification.h"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstdlib>

#include "providers/http/outgoing_url.h"

namespace openclaw::providers {
namespace {

namespace ssl = boost::asio::ssl;

constexpr char kDebianCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";

int certificates_in(SSL_CTX* context) {
  int count = 0;
  STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(SSL_CTX_get_cert_store(context));
  for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
    if (X509_OBJECT_get_type(sk_X509_OBJECT_value(objects, i)) == X509_LU_X509) ++count;
  }
  return count;
}

}  // namespace

Result<std::shared_ptr<ssl::context>> make_client_tls_context(
    const std::optional<std::filesystem::path>& ca_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  context->set_verify_mode(ssl::verify_peer);

  std::optional<std::string> bundle;
  std::string source;
  if (ca_file) {
    bundle = ca_file->string();
    source = "CA bundle";
  } else if (const char* from_env = std::getenv("SSL_CERT_FILE");
             from_env != nullptr && *from_env != '\0') {
    bundle = from_env;
    source = "CA bundle from SSL_CERT_FILE";
  }
  boost::system::error_code ec;
  if (bundle) {
    context->load_verify_file(*bundle, ec);
    if (ec) return fail("cannot load the " + source + " " + *bundle + " (" + ec.message() + ")");
    if (certificates_in(context->native_handle()) == 0) {
      return fail("the " + source + " " + *bundle + " holds no certificate");
    }
    return context;
  }
  // A static binary's compiled-in OpenSSL directory may not exist; Debian's bundle is where
  // runtime-check looks too.
  std::error_code exists_ec;
  if (std::filesystem::exists(kDebianCaBundle, exists_ec)) {
    context->load_verify_file(kDebianCaBundle, ec);
    if (!ec) return context;
  }
  context->set_default_verify_paths(ec);
  if (ec) {
    return fail("cannot load OpenSSL's default CA paths (" + ec.message() + "); set SSL_CERT_FILE");
  }
  return context;
}

bool expect_peer(SSL* ssl, const std::string& host) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (is_ip_literal(host)) return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) != 1) return false;
  // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
  return SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(host.c_str())) == 1;
}

std::string describe_tls_failure(SSL* ssl, const boost::system::error_code& ec) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    return std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
  }
  return ec.message();
}

}  // namespace openclaw::providers
