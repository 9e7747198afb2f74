// Ed25519 device identity (spec §1.5): key pairs, the PEM forms stored in
// identity/device.json, signatures over the connect payload, and the derived device id.
//
// Encodings, as upstream uses them:
//  - raw public key: 32 bytes; on the wire as base64url without padding.
//  - public key PEM: SPKI, "-----BEGIN PUBLIC KEY-----" (DER prefix 302a300506032b6570032100).
//  - private key PEM: PKCS#8 v1 without the public key, "-----BEGIN PRIVATE KEY-----"
//    (DER prefix 302e020100300506032b657004220420 + 32-byte seed); byte-identical to Node's
//    generateKeyPairSync("ed25519") exports.
//  - device id: lowercase hex SHA-256 of the raw public key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/crypto/encoding.h"
#include "core/util/result.h"

namespace openclaw::crypto {

inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SeedSize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

// An Ed25519 key pair: the 32-byte private seed and the 32-byte public key derived from
// it. Always valid once constructed (only the factories build one). The seed is wiped from
// memory when the object is destroyed.
class KeyPair {
 public:
  // A new key pair from a fresh random seed. Fails only when the random generator fails.
  static Result<KeyPair> generate();

  // The key pair for a 32-byte seed (RFC 8032 "secret key"). Fails on any other size.
  static Result<KeyPair> from_seed(std::string_view seed);

  // The key pair in a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Fails when the text is
  // not PEM, is encrypted, or holds a key that is not Ed25519. The message never contains
  // key material.
  static Result<KeyPair> from_private_key_pem(std::string_view pem);

  KeyPair(const KeyPair&) = default;
  KeyPair& operator=(const KeyPair&) = default;
  KeyPair(KeyPair&&) noexcept = default;
  // Wipes the seed it replaces before taking the other one.
  KeyPair& operator=(KeyPair&& other) noexcept;
  ~KeyPair();

  // The raw 32-byte public key.
  const Bytes& public_key() const { return public_key_; }
  // The raw 32-byte private seed. Handle with care: this is the secret.
  const Bytes& private_key_seed() const { return seed_; }

  // PKCS#8 PEM of the private key, ending in a newline (as Node exports it).
  std::string private_key_pem() const;
  // SPKI PEM of the public key, ending in a newline.
  std::string public_key_pem() const;
  // base64url (no padding) of the raw public key: the `device.publicKey` wire form.
  std::string public_key_base64url() const;
  // Lowercase hex SHA-256 of the raw public key: the `device.id` wire form.
  std::string device_id() const;

  // The 64-byte Ed25519 signature of `message`. Signing with a valid key cannot fail; an
  // OpenSSL failure aborts the process (see sha256.h for the reasoning).
  Bytes sign(std::string_view message) const;

 private:
  KeyPair(Bytes seed, Bytes public_key)
      : seed_(std::move(seed)), public_key_(std::move(public_key)) {}

  Bytes seed_;
  Bytes public_key_;
};

// The raw 32-byte public key inside an SPKI PEM ("-----BEGIN PUBLIC KEY-----"). Fails when
// the text is not a PEM public key or the key is not Ed25519.
Result<Bytes> public_key_from_pem(std::string_view pem);

// SPKI PEM for a raw public key. Fails unless `raw_public_key` is 32 bytes.
Result<std::string> public_key_to_pem(std::string_view raw_public_key);

// Normalises a client-supplied `device.publicKey`: a PEM (text containing "BEGIN") or
// base64url/base64 of the raw key. Returns the raw 32 bytes, or an error when the text is
// neither or the decoded key is not 32 bytes.
Result<Bytes> parse_public_key(std::string_view text);

// True when `signature` is a valid Ed25519 signature of `message` under `public_key`.
// `public_key` is either the raw 32 bytes or a PEM (any other length containing
// "-----BEGIN"); a 32-byte value is always taken as raw. False for a malformed key, a
// signature that is not 64 bytes, or a signature that does not verify.
bool verify(std::string_view public_key, std::string_view message, std::string_view signature);

// Lowercase hex SHA-256 of a raw public key (64 characters). REQUIRES: the raw 32-byte key
// (hashing any other form yields an id no client would compute).
std::string device_id_from_public_key(std::string_view raw_public_key);

// base64url without padding of a raw public key (43 characters for 32 bytes).
std::string public_key_base64url(std::string_view raw_public_key);

}  // namespace openclaw::crypto
