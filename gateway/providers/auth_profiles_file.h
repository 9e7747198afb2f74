// The per-agent credential store, agents/<agentId>/agent/auth-profiles.json (spec §5.3), as
// upstream writes it:
//
//   { "version": 1,
//     "profiles": {
//       "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "sk-ant-..." },
//       "openai:work":       { "type": "api_key", "provider": "openai",
//                              "keyRef": { "source": "env", "provider": "default", "id":
//                              "OPENAI_WORK_KEY" } },
//       "openrouter:ci":     { "type": "token", "provider": "openrouter", "token": "...",
//       "expires": 1767225600000 }, "anthropic:me":      { "type": "oauth", "provider":
//       "anthropic", "access": "...", "refresh": "..." } },
//     "order":    { "anthropic": ["anthropic:default"] },
//     "lastGood": { ... }, "usageStats": { ... } }
//
// Only reading: this gateway never writes the file (upstream's lastGood / usageStats
// bookkeeping is left as it is; cooldowns live in memory, see cooldown_tracker.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/secret_ref.h"
#include "core/util/result.h"

namespace openclaw::providers {

enum class StoredCredentialType {
  ApiKey,  // "api_key": key / keyRef
  Token,   // "token": token / tokenRef, optional expires (ms since the epoch)
  OAuth,   // "oauth": refreshable access tokens; read but not usable by this gateway
};

// "api_key", "token", "oauth": the spelling of the file (and of auth.profiles.<id>.mode).
std::string_view to_string(StoredCredentialType type);

struct StoredCredential {
  std::string profile_id;  // "anthropic:default"
  StoredCredentialType type = StoredCredentialType::ApiKey;
  std::string provider;
  // The inline key / token when one is written (non-blank), else keyRef / tokenRef; nullopt
  // when the profile has neither, and always for OAuth profiles.
  std::optional<config::SecretInput> secret;
  std::optional<std::int64_t> expires_ms;  // token profiles only
};

// A profile entry that could not be used as written.
struct ProfileProblem {
  std::string profile_id;
  std::string provider;  // as written; "" when the entry names none
  std::string message;   // what was wrong ("keyRef: ..."); never a secret
};

struct AuthProfilesStore {
  std::map<std::string, StoredCredential> profiles;       // by profile id
  std::map<std::string, std::vector<std::string>> order;  // provider -> profile ids, as written
  std::vector<ProfileProblem> problems;
};

inline constexpr std::uintmax_t kMaxAuthProfilesBytes = 1024 * 1024;

// Parses the file's text. Fails when the text is not a JSON object or `profiles` is present
// but not an object; a single unusable profile (unknown type, no provider, invalid keyRef,
// expires that is not a positive number) is left out and described in `problems` instead, so
// one typo does not take every other key down with it. `secrets` (the config's `secrets`
// object) supplies the default provider of provider-less refs.
Result<AuthProfilesStore> parse_auth_profiles(std::string_view text, const nlohmann::json& secrets);

// Reads and parses the file at `path` (at most kMaxAuthProfilesBytes). A missing file is an
// empty store, as upstream treats it; other read failures and parse failures name the path.
Result<AuthProfilesStore> read_auth_profiles(const std::filesystem::path& path,
                                             const nlohmann::json& secrets);

}  // namespace openclaw::providers
