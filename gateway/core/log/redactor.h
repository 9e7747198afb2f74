// Redactor: the set of secret values (gateway token and password, device tokens, provider
// API keys) that must never reach a log line. Secrets change at runtime (rotation, reload),
// so registration is thread-safe and cheap to update.
#pragma once

#include <cstddef>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace openclaw::log {

class Redactor {
 public:
  // What every occurrence of a registered secret becomes.
  static constexpr std::string_view kPlaceholder = "[REDACTED]";
  // Values shorter than this are not registered: replacing every "admin" or "1234" in every
  // log line would shred ordinary text while hiding little (a secret that short is guessable
  // anyway). Tokens are 43-48 characters. Fields named like secrets are still redacted by
  // key in the Logger, whatever their length.
  static constexpr std::size_t kMinimumSecretLength = 6;

  Redactor() = default;
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  // Registers `secret`. Returns false (and registers nothing) when it is shorter than
  // kMinimumSecretLength. Registrations are counted: a value added twice stays registered
  // until removed twice, so two owners of the same secret do not unregister each other.
  bool add(std::string_view secret);

  // Drops one registration of `secret` (no-op when not registered).
  void remove(std::string_view secret);

  // Forgets every secret.
  void clear();

  // Number of distinct registered secrets.
  std::size_t size() const;

  // `text` with every occurrence of every registered secret replaced by kPlaceholder.
  // Overlapping or adjacent occurrences (of one secret or of several) collapse into a single
  // placeholder, so no fragment of any secret survives.
  std::string redact(std::string_view text) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::size_t, std::less<>> secrets_;  // value -> registration count
};

}  // namespace openclaw::log
