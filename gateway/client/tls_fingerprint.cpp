#include "client/tls_fingerprint.h"

#include <algorithm>

#include "core/util/text.h"

namespace openclaw::client {

Result<std::string> normalize_tls_fingerprint(std::string_view text) {
  std::string_view rest = trim(text);
  const std::string lowered = ascii_lowercase(rest.substr(0, std::min<std::size_t>(rest.size(), 7)));
  if (lowered == "sha256:" || lowered == "sha256=") rest = rest.substr(7);
  std::string hex;
  for (const char c : rest) {
    if (c == ':' || c == ' ') continue;
    const bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!digit) return fail("TLS fingerprint \"" + std::string(text) + "\" is not hex");
    hex.push_back(c);
  }
  if (hex.size() != 64) {
    return fail("TLS fingerprint \"" + std::string(text) + "\" is not a SHA-256 fingerprint (expected 64 hex digits)");
  }
  return ascii_lowercase(hex);
}

}  // namespace openclaw::client
