// Device key pairs for the signed-handshake mode: one per worker, optionally kept in a file
// so the same devices can be pre-approved (openclaw-provision device add) before a run.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/util/result.h"

namespace openclaw::bench {

// `count` key pairs. With an empty `path`, fresh random ones. Otherwise the file holds one
// hex-encoded 32-byte seed per line: the first `count` are used, and when it has fewer (or
// does not exist) new seeds are appended (file mode 0600). Fails naming the file and line
// when a seed is not 64 hex digits, or when the file cannot be read or written.
Result<std::vector<crypto::KeyPair>> load_or_create_device_keys(const std::string& path, std::size_t count);

}  // namespace openclaw::bench
