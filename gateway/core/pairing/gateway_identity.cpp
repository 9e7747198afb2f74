#include "core/pairing/gateway_identity.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/crypto/encoding.h"
#include "core/crypto/random.h"
#include "core/state/atomic_file.h"
#include "core/state/file_descriptor.h"
#include "core/state/file_reader.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::uintmax_t kIdentityFileLimit = 64 * 1024;
constexpr const char* kMoveAway = "; move the file away to create a new identity";

GatewayIdentity identity_of(const crypto::KeyPair& key_pair) {
  return GatewayIdentity{key_pair.device_id(), key_pair.public_key_base64url()};
}

enum class Existing { Found, Missing };

// Reads and validates the identity file; Missing when there is none.
Result<std::pair<Existing, GatewayIdentity>> read_identity(const fs::path& path) {
  auto text = state::read_file_limited(path, kIdentityFileLimit);
  if (!text) {
    if (text.error().not_found()) return std::pair{Existing::Missing, GatewayIdentity{}};
    return fail("cannot read " + path.string() + ": " + text.error().reason);
  }
  json document = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return fail(path.string() + ": not valid JSON" + kMoveAway);
  }
  auto key_pair = key_pair_from_identity_document(document, path.string());
  if (!key_pair) return std::unexpected(key_pair.error());
  return std::pair{Existing::Found, identity_of(*key_pair)};
}

Status sync_directory(const fs::path& directory) {
  state::FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
    return fail("cannot sync directory " + directory.string() + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace

json identity_document(const crypto::KeyPair& key_pair, std::int64_t created_at_ms) {
  return json{{"version", 1},
              {"deviceId", key_pair.device_id()},
              {"publicKeyPem", key_pair.public_key_pem()},
              {"privateKeyPem", key_pair.private_key_pem()},
              {"createdAtMs", created_at_ms}};
}

Result<crypto::KeyPair> key_pair_from_identity_document(const json& document, std::string_view where) {
  const std::string prefix = std::string(where) + ": ";
  if (!document.is_object()) return fail(prefix + "must be a JSON object" + kMoveAway);
  if (!document.contains("version") || document["version"] != 1) {
    return fail(prefix + "version must be 1" + kMoveAway);
  }
  if (!document.contains("privateKeyPem") || !document["privateKeyPem"].is_string()) {
    return fail(prefix + "has no privateKeyPem" + kMoveAway);
  }
  auto key_pair = crypto::KeyPair::from_private_key_pem(document["privateKeyPem"].get<std::string>());
  if (!key_pair) return fail(prefix + "privateKeyPem: " + key_pair.error().message + kMoveAway);
  if (!document.contains("deviceId") || !document["deviceId"].is_string() ||
      document["deviceId"].get<std::string>() != key_pair->device_id()) {
    return fail(prefix + "deviceId does not match its key" + kMoveAway);
  }
  if (document.contains("publicKeyPem")) {
    Result<crypto::Bytes> public_key = fail("not a string");
    if (document["publicKeyPem"].is_string()) {
      public_key = crypto::public_key_from_pem(document["publicKeyPem"].get<std::string>());
    }
    if (!public_key || *public_key != key_pair->public_key()) {
      return fail(prefix + "publicKeyPem does not match privateKeyPem" + kMoveAway);
    }
  }
  return key_pair;
}

Result<GatewayIdentity> load_or_create_identity(const state::StateLayout& layout, std::int64_t now_ms) {
  const fs::path path = layout.device_identity();
  auto existing = read_identity(path);
  if (!existing) return std::unexpected(existing.error());
  if (existing->first == Existing::Found) return existing->second;

  auto key_pair = crypto::KeyPair::generate();
  if (!key_pair) return fail("cannot create " + path.string() + ": " + key_pair.error().message);
  if (auto made = state::create_directory_durably(layout.identity_dir()); !made) {
    return std::unexpected(made.error());
  }
  // Written under a private name and then hard-linked into place: link(2), unlike rename(2),
  // fails when device.json appeared meanwhile, so a concurrent creator's identity is never
  // replaced by ours.
  auto suffix = crypto::random_hex(8);
  if (!suffix) return fail("cannot create " + path.string() + ": " + suffix.error().message);
  const fs::path staging = layout.identity_dir() / (".device.json.new-" + *suffix);
  const std::string content = identity_document(*key_pair, now_ms).dump(2) + "\n";
  if (auto written = state::write_file_atomically(staging, content, {.mode = 0600, .owner = std::nullopt});
      !written) {
    return std::unexpected(written.error());
  }
  const int linked = ::link(staging.c_str(), path.c_str());
  const int link_error = errno;
  ::unlink(staging.c_str());
  if (linked != 0) {
    if (link_error != EEXIST) {
      return fail("cannot create " + path.string() + ": " + std::strerror(link_error));
    }
    auto winner = read_identity(path);
    if (!winner) return std::unexpected(winner.error());
    if (winner->first == Existing::Found) return winner->second;
    return fail("cannot create " + path.string() + ": it appeared and vanished while being created");
  }
  if (auto synced = sync_directory(layout.identity_dir()); !synced) return std::unexpected(synced.error());
  return identity_of(*key_pair);
}

}  // namespace openclaw::pairing
