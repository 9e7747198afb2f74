// Hiding secrets in a config tree before it leaves the process (config.get, config.apply's
// answer, `openclaw config get`), and putting them back when a client returns a redacted
// tree (upstream src/config/redact-snapshot.ts).
//
// What counts as a secret: a value under a schema node marked `sensitive` (gateway.auth.token,
// models.providers.*.apiKey, env.vars.*, ...), and, where the schema does not describe the
// tree (channels, plugins and other sections we pass through), a value whose key looks like a
// credential (token, password, apiKey, secret, ...) or sits under such a key. Only strings are
// replaced, by "__OPENCLAW_REDACTED__". Two kinds of value stay visible because they say where
// a secret lives, not what it is: SecretRef objects {source, provider, id} and "${VAR}"
// placeholders.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config_path.h"
#include "core/config/schema_node.h"
#include "core/util/result.h"

namespace openclaw::config {

inline constexpr std::string_view kRedactedMarker = "__OPENCLAW_REDACTED__";

// Whether the value `path` names is secret material. `tree` (optional) is the config the
// path points into; it settles which alternative of a one-of node applies. Uses the
// OpenClaw schema unless `root` is given.
bool is_secret_path(const ConfigPath& path, const nlohmann::json& tree = nullptr);
bool is_secret_path(const schema::Node& root, const ConfigPath& path,
                    const nlohmann::json& tree = nullptr);

// A copy of `tree` with every secret string replaced by kRedactedMarker.
nlohmann::json redact_config(const nlohmann::json& tree);
nlohmann::json redact_config(const schema::Node& root, const nlohmann::json& tree);

// The strings redact_config() hides, longest first, without duplicates.
std::vector<std::string> collect_secret_values(const nlohmann::json& tree);

// The config file's text with the secrets of `parsed` (the same text, parsed) replaced by
// the marker, keeping comments and layout. When a plain text replacement cannot be proven
// right (the redacted text must parse to exactly redact_config(parsed)), the redacted tree is
// returned as indented JSON instead, so a secret never leaks through an odd spelling.
std::string redact_raw_text(std::string_view raw_text, const nlohmann::json& parsed);

// `incoming` with every string equal to the marker replaced by the value at the same path in
// `original` (else in `fallback`, when given). Array elements are matched by index. Fails when
// neither has a value there:
//   Sentinel value "__OPENCLAW_REDACTED__" in key gateway.auth.token is not valid as real data
Result<nlohmann::json> restore_redacted(const nlohmann::json& incoming,
                                        const nlohmann::json& original,
                                        const nlohmann::json& fallback = nullptr);

// True for a string that is exactly one "${NAME}" placeholder (surrounding spaces ignored).
bool is_env_placeholder(std::string_view text);

}  // namespace openclaw::config
