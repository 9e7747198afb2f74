// --coldstart -- CMD...: how long a gateway takes from exec to its first /healthz 200 and to
// its first hello-ok.
#pragma once

#include <nlohmann/json.hpp>

#include "bench_options.h"
#include "core/crypto/ed25519.h"
#include "core/util/result.h"

namespace openclaw::bench {

// Starts options.command in a new process group (stdout/stderr to options.child_log), polls
// http://<url host:port><health_path> every millisecond until it answers 200, then attempts
// handshakes until one gets hello-ok, then sends SIGTERM to the group (SIGKILL after 30 s)
// and reaps it. Returns {healthz_ms, hello_ms (null when no hello-ok), hello_error,
// attempts, exit}. `device` may be null. Fails when the command cannot be started, exits
// before /healthz answers, or /healthz does not answer 200 within options.ready_timeout_s.
Result<nlohmann::json> run_cold_start(const Options& options, const crypto::KeyPair* device);

}  // namespace openclaw::bench
