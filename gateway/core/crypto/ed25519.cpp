#include "core/crypto/ed25519.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/crypto/random.h"
#include "core/crypto/sha256.h"

namespace openclaw::crypto {
namespace {

using namespace std::string_view_literals;

// DER headers of the only encodings Node produces for Ed25519 keys (RFC 8410). The `sv`
// literals keep the embedded NUL bytes.
constexpr std::string_view kSpkiPrefix = "\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00"sv;
constexpr std::string_view kPkcs8Prefix =
    "\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20"sv;
static_assert(kSpkiPrefix.size() == 12 && kPkcs8Prefix.size() == 16);
constexpr std::size_t kPemLineLength = 64;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

const unsigned char* as_uchars(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

[[noreturn]] void die(const char* what) {
  ERR_clear_error();
  std::fprintf(stderr, "openclaw: fatal: OpenSSL Ed25519 %s failed\n", what);
  std::abort();
}

// Wraps DER in PEM armour with 64-character lines, as OpenSSL (and so Node) writes it.
std::string pem_armour(std::string_view label, std::string_view der) {
  const std::string body = base64_encode(der);
  std::string pem = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += kPemLineLength) {
    pem.append(body, i, kPemLineLength);
    pem.push_back('\n');
  }
  pem += "-----END " + std::string(label) + "-----\n";
  return pem;
}

// Refuses to prompt for a passphrase: an encrypted key simply fails to load.
int no_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return 0; }

BioPtr memory_bio(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

Bytes raw_public_key_of(EVP_PKEY* key) {
  Bytes raw(kEd25519PublicKeySize, '\0');
  std::size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &length) !=
          1 ||
      length != kEd25519PublicKeySize) {
    die("public key extraction");
  }
  return raw;
}

PkeyPtr private_key_from_seed(std::string_view seed) {
  return PkeyPtr(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, as_uchars(seed), seed.size()));
}

}  // namespace

KeyPair::~KeyPair() { OPENSSL_cleanse(seed_.data(), seed_.size()); }

KeyPair& KeyPair::operator=(KeyPair&& other) noexcept {
  if (this != &other) {
    OPENSSL_cleanse(seed_.data(), seed_.size());
    seed_ = std::move(other.seed_);
    public_key_ = std::move(other.public_key_);
  }
  return *this;
}

Result<KeyPair> KeyPair::generate() {
  auto seed = random_bytes(kEd25519SeedSize);
  if (!seed) return fail("cannot generate an Ed25519 key: " + seed.error().message);
  auto pair = from_seed(*seed);
  OPENSSL_cleanse(seed->data(), seed->size());
  return pair;
}

Result<KeyPair> KeyPair::from_seed(std::string_view seed) {
  if (seed.size() != kEd25519SeedSize) {
    return fail("an Ed25519 private key seed must be 32 bytes, got " + std::to_string(seed.size()));
  }
  PkeyPtr key = private_key_from_seed(seed);
  if (!key) die("key construction");
  return KeyPair(Bytes(seed), raw_public_key_of(key.get()));
}

Result<KeyPair> KeyPair::from_private_key_pem(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  if (!bio) return fail("private key PEM is too large");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!key) return fail("not a readable unencrypted PEM private key");
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return fail("the PEM private key is not an Ed25519 key");
  }
  Bytes seed(kEd25519SeedSize, '\0');
  std::size_t length = seed.size();
  if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(seed.data()),
                                   &length) != 1 ||
      length != kEd25519SeedSize) {
    die("private key extraction");
  }
  Bytes public_key = raw_public_key_of(key.get());
  return KeyPair(std::move(seed), std::move(public_key));
}

std::string KeyPair::private_key_pem() const {
  Bytes der = std::string(kPkcs8Prefix) + seed_;
  std::string pem = pem_armour("PRIVATE KEY", der);
  OPENSSL_cleanse(der.data(), der.size());
  return pem;
}

std::string KeyPair::public_key_pem() const {
  return pem_armour("PUBLIC KEY", std::string(kSpkiPrefix) + public_key_);
}

std::string KeyPair::public_key_base64url() const {
  return crypto::public_key_base64url(public_key_);
}

std::string KeyPair::device_id() const { return device_id_from_public_key(public_key_); }

Bytes KeyPair::sign(std::string_view message) const {
  PkeyPtr key = private_key_from_seed(seed_);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!key || !ctx) die("signing setup");
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    die("signing setup");
  }
  Bytes signature(kEd25519SignatureSize, '\0');
  std::size_t length = signature.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     as_uchars(message), message.size()) != 1 ||
      length != kEd25519SignatureSize) {
    die("signing");
  }
  return signature;
}

Result<Bytes> public_key_from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  if (!bio) return fail("public key PEM is too large");
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!key) return fail("not a readable PEM public key");
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return fail("the PEM public key is not an Ed25519 key");
  }
  return raw_public_key_of(key.get());
}

Result<std::string> public_key_to_pem(std::string_view raw_public_key) {
  if (raw_public_key.size() != kEd25519PublicKeySize) {
    return fail("an Ed25519 public key must be 32 bytes, got " +
                std::to_string(raw_public_key.size()));
  }
  return pem_armour("PUBLIC KEY", std::string(kSpkiPrefix) + std::string(raw_public_key));
}

Result<Bytes> parse_public_key(std::string_view text) {
  if (text.find("BEGIN") != std::string_view::npos) return public_key_from_pem(text);
  auto raw = base64url_decode(text);
  if (!raw) return fail("device public key is not base64url: " + raw.error().message);
  if (raw->size() != kEd25519PublicKeySize) {
    return fail("device public key must decode to 32 bytes, got " + std::to_string(raw->size()));
  }
  return raw;
}

bool verify(std::string_view public_key, std::string_view message, std::string_view signature) {
  if (signature.size() != kEd25519SignatureSize) return false;
  Bytes raw;
  if (public_key.size() == kEd25519PublicKeySize) {
    raw = Bytes(public_key);
  } else if (public_key.find("-----BEGIN") != std::string_view::npos) {
    auto from_pem = public_key_from_pem(public_key);
    if (!from_pem) return false;
    raw = std::move(*from_pem);
  } else {
    return false;
  }
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, as_uchars(raw), raw.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool verified =
      key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), as_uchars(signature), signature.size(), as_uchars(message),
                       message.size()) == 1;
  // A failed verification leaves reasons on this thread's error queue; nothing reads them.
  ERR_clear_error();
  return verified;
}

std::string device_id_from_public_key(std::string_view raw_public_key) {
  return sha256_hex(raw_public_key);
}

std::string public_key_base64url(std::string_view raw_public_key) {
  return base64url_encode(raw_public_key);
}

}  // namespace openclaw::crypto
