#include "providers/auth_profiles_file.h"

#include <cmath>

#include "core/state/file_reader.h"
#include "core/util/text.h"

namespace openclaw::providers {
namespace {

using nlohmann::json;

std::optional<StoredCredentialType> parse_type(const json& entry) {
  auto it = entry.find("type");
  if (it == entry.end() || !it->is_string()) return std::nullopt;
  const std::string type = it->get<std::string>();
  if (type == "api_key") return StoredCredentialType::ApiKey;
  if (type == "token") return StoredCredentialType::Token;
  if (type == "oauth") return StoredCredentialType::OAuth;
  return std::nullopt;
}

// The inline value at `value_key` when it is a non-blank string, else the SecretRef at
// `ref_key`; nullopt when neither is there. Fails for a malformed ref (without quoting any
// value: a ref names where a secret lives, and the error says which part is wrong).
Result<std::optional<config::SecretInput>> parse_secret(const json& entry,
                                                        std::string_view value_key,
                                                        std::string_view ref_key,
                                                        const json& secrets) {
  if (auto it = entry.find(value_key); it != entry.end() && it->is_string()) {
    const std::string value = it->get<std::string>();
    // Keys pasted from a terminal carry a trailing newline; a key never contains spaces.
    const std::string_view trimmed = trim(value);
    if (!trimmed.empty()) return config::SecretInput{std::string(trimmed)};
  }
  auto ref = entry.find(ref_key);
  if (ref == entry.end() || ref->is_null()) return std::optional<config::SecretInput>{};
  auto parsed = config::parse_secret_ref(*ref, secrets);
  if (!parsed)
    return fail(std::string(ref_key) + " is not a SecretRef object {source, provider, id}");
  if (!*parsed) return fail(std::string(ref_key) + ": " + parsed->error().message);
  return config::SecretInput{**parsed};
}

Result<StoredCredential> parse_profile(const std::string& profile_id, const json& entry,
                                       const json& secrets) {
  if (!entry.is_object()) return fail("is not an object");
  auto type = parse_type(entry);
  if (!type) return fail("type must be \"api_key\", \"token\" or \"oauth\"");
  StoredCredential credential;
  credential.profile_id = profile_id;
  credential.type = *type;
  if (auto it = entry.find("provider"); it != entry.end() && it->is_string()) {
    credential.provider = ascii_lowercase(trim(it->get<std::string>()));
  }
  if (credential.provider.empty()) return fail("provider is missing");

  switch (credential.type) {
    case StoredCredentialType::ApiKey: {
      auto secret = parse_secret(entry, "key", "keyRef", secrets);
      if (!secret) return std::unexpected(secret.error());
      credential.secret = std::move(*secret);
      break;
    }
    case StoredCredentialType::Token: {
      auto secret = parse_secret(entry, "token", "tokenRef", secrets);
      if (!secret) return std::unexpected(secret.error());
      credential.secret = std::move(*secret);
      if (auto it = entry.find("expires"); it != entry.end() && !it->is_null()) {
        // Upstream: expires must be a finite number > 0, else the profile is ineligible.
        const bool valid =
            it->is_number() && std::isfinite(it->get<double>()) && it->get<double>() > 0;
        if (!valid)
          return fail("expires must be a positive number of milliseconds since the epoch");
        credential.expires_ms = static_cast<std::int64_t>(it->get<double>());
      }
      break;
    }
    case StoredCredentialType::OAuth:
      break;  // access/refresh tokens need upstream's refresh flows; see credentials.cpp
  }
  return credential;
}

}  // namespace

std::string_view to_string(StoredCredentialType type) {
  switch (type) {
    case StoredCredentialType::ApiKey:
      return "api_key";
    case StoredCredentialType::Token:
      return "token";
    case StoredCredentialType::OAuth:
      return "oauth";
  }
  return "api_key";
}

Result<AuthProfilesStore> parse_auth_profiles(std::string_view text, const json& secrets) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return fail("is not valid JSON");
  if (!root.is_object()) return fail("is not a JSON object");

  AuthProfilesStore store;
  if (auto profiles = root.find("profiles"); profiles != root.end() && !profiles->is_null()) {
    if (!profiles->is_object()) return fail("profiles is not an object");
    for (const auto& [profile_id, entry] : profiles->items()) {
      auto credential = parse_profile(profile_id, entry, secrets);
      if (!credential) {
        std::string provider;
        if (entry.is_object()) {
          if (auto it = entry.find("provider"); it != entry.end() && it->is_string()) {
            provider = ascii_lowercase(trim(it->get<std::string>()));
          }
        }
        store.problems.push_back({profile_id, std::move(provider), credential.error().message});
        continue;
      }
      store.profiles.emplace(profile_id, std::move(*credential));
    }
  }
  if (auto order = root.find("order"); order != root.end() && order->is_object()) {
    for (const auto& [provider, ids] : order->items()) {
      if (!ids.is_array()) continue;
      std::vector<std::string> list;
      for (const json& id : ids) {
        if (id.is_string()) list.push_back(id.get<std::string>());
      }
      store.order.emplace(ascii_lowercase(trim(provider)), std::move(list));
    }
  }
  return store;
}

Result<AuthProfilesStore> read_auth_profiles(const std::filesystem::path& path,
                                             const json& secrets) {
  auto text = state::read_file_limited(path, kMaxAuthProfilesBytes);
  if (!text) {
    if (text.error().not_found()) return AuthProfilesStore{};
    return fail("cannot read " + path.string() + ": " + text.error().reason);
  }
  auto store = parse_auth_profiles(*text, secrets);
  if (!store) return fail(path.string() + " " + store.error().message);
  return store;
}

}  // namespace openclaw::providers
