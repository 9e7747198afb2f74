#include "runtime/runtime_check.h"

#include <netdb.h>
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <vector>

namespace openclaw::runtime {
namespace {

constexpr const char* kDebianCaBundle = "/etc/ssl/certs/ca-certificates.crt";

struct Resolution {
  bool ok = false;
  std::vector<std::string> addresses;
  std::string error;
};

Resolution resolve(const std::string& host) {
  Resolution result;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    result.error = ::gai_strerror(rc);
    return result;
  }
  for (addrinfo* entry = list; entry != nullptr; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address = entry->ai_family == AF_INET
                              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(entry->ai_addr)->sin_addr)
                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(entry->ai_addr)->sin6_addr);
    ::inet_ntop(entry->ai_family, address, text, sizeof text);
    if (std::find(result.addresses.begin(), result.addresses.end(), text) == result.addresses.end()) {
      result.addresses.emplace_back(text);
    }
  }
  ::freeaddrinfo(list);
  result.ok = !result.addresses.empty();
  return result;
}

struct BundleLoad {
  bool ok = false;
  std::string path;
  std::string source;  // flag, SSL_CERT_FILE, default
  int certificates = 0;
  std::string error;
};

BundleLoad load_bundle(const RuntimeCheckOptions& options, const Environment& environment) {
  BundleLoad result;
  if (options.ca_file) {
    result.path = options.ca_file->string();
    result.source = "--ca-file";
  } else if (auto from_env = environment.get_non_empty("SSL_CERT_FILE")) {
    result.path = *from_env;
    result.source = "SSL_CERT_FILE";
  } else {
    result.path = kDebianCaBundle;
    result.source = "default";
  }
  // Load the bundle the way the HTTPS client will: by explicit path, never by OpenSSL's
  // compiled-in directory, which does not exist in a scratch image.
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  if (context == nullptr) {
    result.error = "cannot create a TLS context";
    return result;
  }
  if (SSL_CTX_load_verify_locations(context, result.path.c_str(), nullptr) != 1) {
    char reason[256];
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    result.error = reason;
  } else {
    X509_STORE* store = SSL_CTX_get_cert_store(context);
    STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
      if (X509_OBJECT_get_type(sk_X509_OBJECT_value(objects, i)) == X509_LU_X509) ++result.certificates;
    }
    result.ok = result.certificates > 0;
    if (!result.ok) result.error = "no certificates in the bundle";
  }
  SSL_CTX_free(context);
  return result;
}

}  // namespace

int run_runtime_check(const RuntimeCheckOptions& options, const Environment& environment, std::ostream& out) {
  Resolution resolution = resolve(options.host);
  BundleLoad bundle = load_bundle(options, environment);
  const bool ok = resolution.ok && bundle.ok;
  if (options.json) {
    nlohmann::json report = {
        {"ok", ok},
        {"resolve", {{"host", options.host}, {"ok", resolution.ok}, {"addresses", resolution.addresses}}},
        {"caBundle",
         {{"path", bundle.path}, {"source", bundle.source}, {"ok", bundle.ok}, {"certificates", bundle.certificates}}}};
    if (!resolution.ok) report["resolve"]["error"] = resolution.error;
    if (!bundle.ok) report["caBundle"]["error"] = bundle.error;
    out << report.dump(2) << "\n";
  } else {
    out << "resolve " << options.host << ": ";
    if (resolution.ok) {
      for (std::size_t i = 0; i < resolution.addresses.size(); ++i) {
        out << (i ? ", " : "") << resolution.addresses[i];
      }
      out << "\n";
    } else {
      out << "FAILED (" << resolution.error << ")\n";
    }
    out << "CA bundle " << bundle.path << " (" << bundle.source << "): ";
    if (bundle.ok) {
      out << bundle.certificates << " certificates\n";
    } else {
      out << "FAILED (" << bundle.error << ")\n";
    }
  }
  return ok ? 0 : 1;
}

int runtime_check_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  RuntimeCheckOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      options.json = true;
    } else if (arg == "--host" && i + 1 < args.size()) {
      options.host = args[++i];
    } else if (arg == "--ca-file" && i + 1 < args.size()) {
      options.ca_file = args[++i];
    } else {
      err << "runtime-check: unknown or incomplete option " << arg << "\n";
      return 2;
    }
  }
  return run_runtime_check(options, Environment::from_process(), out);
}

}  // namespace openclaw::runtime
