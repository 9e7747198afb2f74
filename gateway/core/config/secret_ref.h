// SecretRef: a pointer to a secret kept outside openclaw.json (spec §5.1; upstream
// src/config/types.secrets.ts and src/secrets/ref-contract.ts, resolve.ts).
//
//   { source: "env",  provider: "default", id: "OPENAI_API_KEY" }
//   { source: "file", provider: "mounted", id: "/providers/openai/apiKey" }   (json mode)
//   { source: "file", provider: "token",   id: "value" }                      (singleValue mode)
//   { source: "exec", provider: "vault",   id: "openai/api-key" }
//
// Providers live under `secrets.providers.<name>` ({source:"env", allowlist?},
// {source:"file", path, mode?: "json"|"singleValue", maxBytes?, timeoutMs?},
// {source:"exec", command, ...}); `secrets.defaults.{env,file,exec}` name the provider used
// when a ref leaves it out. An env ref whose provider is the default env alias ("default"
// unless secrets.defaults.env says otherwise) needs no provider entry.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::config {

enum class SecretSource { Env, File, Exec };

struct SecretRef {
  SecretSource source = SecretSource::Env;
  std::string provider;
  std::string id;
  bool operator==(const SecretRef&) const = default;
};

// A config value that is either the secret itself (a string) or a reference to it.
using SecretInput = std::variant<std::string, SecretRef>;

inline constexpr std::string_view kDefaultSecretProvider = "default";
// File providers in singleValue mode expose exactly one value, addressed by this id.
inline constexpr std::string_view kSingleValueFileRefId = "value";
// The secrets.providers entry that serves a generated gateway token from
// credentials/gateway-token (written by openclaw-provision and `openclaw doctor`).
inline constexpr std::string_view kGatewayTokenProvider = "gateway-token";

std::string_view to_string(SecretSource source);
std::optional<SecretSource> parse_secret_source(std::string_view text);

// "source:provider:id" - safe to log: it names where a secret lives, not the secret.
std::string describe(const SecretRef& ref);

// Grammar checks shared by the schema and the resolver.
bool is_valid_provider_alias(std::string_view alias);  // ^[a-z][a-z0-9_-]{0,63}$
bool is_valid_env_ref_id(std::string_view id);         // ^[A-Z][A-Z0-9_]{0,127}$
// "value", or an absolute JSON pointer whose "~" escapes are only "~0" and "~1".
bool is_valid_file_ref_id(std::string_view id);
// ^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$ with no "." or ".." path segment.
bool is_valid_exec_ref_id(std::string_view id);

// Checks provider and id against the grammar of ref.source; the error says which part is
// wrong and what was expected (ids and provider names are not secrets and may be shown).
Status validate_secret_ref(const SecretRef& ref);

// The provider used when a ref omits it: secrets.defaults.<source>, else "default".
// `secrets` is the `secrets` object of the config (null when absent).
std::string default_provider_for(SecretSource source, const nlohmann::json& secrets);

// Reads a SecretRef object. Accepts the strict upstream form {source, provider, id} and the
// legacy provider-less form {source, id}, whose provider comes from default_provider_for().
// Returns nullopt for values that are not SecretRef-shaped objects at all (strings, arrays,
// objects without "source"), and an error for a SecretRef-shaped object that is invalid.
std::optional<Result<SecretRef>> parse_secret_ref(const nlohmann::json& value,
                                                  const nlohmann::json& secrets = nullptr);

// The env shorthand upstream accepts in secret fields: a string that is exactly "${NAME}"
// (surrounding whitespace ignored) with NAME a valid env id. After env substitution this only
// survives when NAME was unset, so resolving it fails with a message naming the variable.
std::optional<SecretRef> parse_env_template_ref(std::string_view text,
                                                const nlohmann::json& secrets = nullptr);

// Reads a SecretInput: a string, or a SecretRef object (see parse_secret_ref). Fails for
// other JSON types and for invalid refs. The error never contains a string value.
Result<SecretInput> parse_secret_input(const nlohmann::json& value,
                                       const nlohmann::json& secrets = nullptr);

// Resolves a SecretInput to the secret itself.
// - A plain string is returned as is, except the "${NAME}" shorthand, resolved as an env ref.
// - env: the variable's value; fails when it is unset or empty, when the provider is not
//   configured (and is not the default env alias), or when the provider's allowlist
//   does not name it.
// - file: reads secrets.providers.<provider>.path ("~" expanded; a relative path is taken
//   relative to `config_dir`). Mode "singleValue" (id must be "value") returns the content
//   with a UTF-8 BOM and one trailing newline removed; mode "json" (the default) parses the
//   file as a JSON object and returns the string found at the JSON pointer `id`. Files larger
//   than the provider's maxBytes (default 1 MiB) are refused.
// - exec: always fails ("exec secret sources are not supported yet").
// Errors name the ref, the provider and the file path (with the OS error), never the
// content of a secret or of a secrets file.
Result<std::string> resolve_secret(const SecretInput& input, const nlohmann::json& secrets,
                                   const Environment& env,
                                   const std::filesystem::path& config_dir = {});

// The SecretRef object {source:"file", provider, id:"value"}: the whole value of a
// singleValue file provider.
nlohmann::json single_value_file_ref(std::string_view provider);

// The secrets.providers entry {source:"file", path, mode:"singleValue"} that serves the
// content of the file at `path` as one secret.
nlohmann::json single_value_file_provider(const std::filesystem::path& path);

}  // namespace openclaw::config
