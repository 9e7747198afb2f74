// --idle N: N authenticated connections held open (for the gateway's RSS per idle client).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.h"
#include "core/crypto/ed25519.h"
#include "core/util/result.h"

namespace openclaw::bench {

// Opens options.idle_connections connections, options.concurrency handshakes at a time, then
// prints "holding <opened> connections (<failed> failed)" on stdout and keeps every socket
// reading (so pings are answered and ticks consumed) until SIGINT or SIGTERM. Returns the
// counts at that point: opened, failed (with messages), dropped by the server while held,
// frames received while held. Fails only when the URL cannot be resolved.
Result<nlohmann::json> run_idle(const Options& options, const std::vector<crypto::KeyPair>& keys);

}  // namespace openclaw::bench
