// Timed handshakes: --concurrency workers, each opening, authenticating and closing one
// connection after another, for --duration seconds or until --count handshakes.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.h"
#include "core/crypto/ed25519.h"
#include "core/util/result.h"

namespace openclaw::bench {

// Runs the load and returns the summary (see summarize()) plus the warm-up outcome. `keys`
// holds one key pair per worker when options.device is set, else is empty. Fails only when
// the URL cannot be resolved.
Result<nlohmann::json> run_load(const Options& options, const std::vector<crypto::KeyPair>& keys);

}  // namespace openclaw::bench
