#include "core/auth/shared_secret.h"

#include "core/crypto/constant_time.h"

namespace openclaw::auth {

SharedSecretOutcome check_shared_secret(const std::optional<std::string>& configured,
                                        const std::optional<std::string>& provided) {
  if (!configured || configured->empty()) return SharedSecretOutcome::NotConfigured;
  if (!provided || provided->empty()) return SharedSecretOutcome::Missing;
  return crypto::constant_time_equal(*configured, *provided) ? SharedSecretOutcome::Ok
                                                             : SharedSecretOutcome::Mismatch;
}

std::string_view to_string(SharedSecretOutcome outcome) {
  switch (outcome) {
    case SharedSecretOutcome::Ok:
      return "ok";
    case SharedSecretOutcome::Missing:
      return "missing";
    case SharedSecretOutcome::Mismatch:
      return "mismatch";
    case SharedSecretOutcome::NotConfigured:
      return "not_configured";
  }
  return "unknown";
}

}  // namespace openclaw::auth
