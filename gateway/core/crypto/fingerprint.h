// Short, non-reversible labels for secrets, so status output and logs can show which token
// is in use without revealing it.
#pragma once

#include <string>
#include <string_view>

namespace openclaw::crypto {

// "sha256:" followed by the first 12 lowercase hex characters of SHA-256(secret), e.g.
// "sha256:9f86d081884c". 48 bits identify a token among a handful without making a brute
// force of the token itself any easier than the full hash would.
std::string token_fingerprint(std::string_view secret);

}  // namespace openclaw::crypto
