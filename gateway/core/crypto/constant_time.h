// Comparison of secrets (gateway token, password, device tokens) whose running time does
// not depend on where the inputs differ (spec §3.2: upstream compares with safeEqualSecret).
#pragma once

#include <string_view>

namespace openclaw::crypto {

// True when `a` and `b` hold the same bytes. Both inputs are first reduced to their
// SHA-256 digests, which are compared with CRYPTO_memcmp; so the running time depends only
// on the two lengths, never on the content, and inputs of different lengths take the same
// path as equal-length ones (no early return that would reveal a matching prefix).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace openclaw::crypto
