// Checks the gateway's shared secret (token or password, spec §3.1-§3.2) presented by a
// client against the configured one, in constant time (upstream safeEqualSecret).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace openclaw::auth {

enum class SharedSecretOutcome {
  Ok,             // provided == configured
  Missing,        // nothing (or "") provided: not a failed attempt for the rate limiter
  Mismatch,       // a wrong secret: counts as a failed attempt
  NotConfigured,  // no secret (or "") configured: nothing can match
};

// Compares with crypto::constant_time_equal, so the time taken does not reveal how much of
// the provided secret matches. NotConfigured wins over Missing: when the gateway has no
// secret the client's input is irrelevant.
SharedSecretOutcome check_shared_secret(const std::optional<std::string>& configured,
                                        const std::optional<std::string>& provided);

// "ok", "missing", "mismatch", "not_configured": for logs and metric labels.
std::string_view to_string(SharedSecretOutcome outcome);

}  // namespace openclaw::auth
