// Command line of soak_driver (see --help in soak_options.cpp).
#pragma once

#include <cstddef>
#include <string>

#include "../connect_request.h"
#include "core/util/result.h"

namespace openclaw::bench::soak {

struct SoakOptions {
  std::string url;                      // --url ws://127.0.0.1:PORT
  ClientClaims claims;                  // client cli/cli, role operator, --token
  std::string keys_file;                // --keys: device seeds kept for pre-approval
  std::size_t devices = 1000;           // --devices: key pairs shared round-robin by the clients
  std::size_t clients = 10000;          // --clients: connections kept cycling
  std::size_t threads = 1;              // --threads: client event-loop threads
  double duration_s = 1800;             // --duration
  double warmup_s = -1;                 // --warmup: excluded from the slope and p99 figures
                                        // (default min(300, duration / 4), at least --ramp)
  double ramp_s = 60;                   // --ramp: client starts spread over this
  std::size_t rpcs = 3;                 // --rpcs: per connection, alternating health, status
  std::size_t rpc_interval_ms = 15000;  // --rpc-interval-ms: mean pause before each RPC (±50 %)
  std::size_t timeout_ms = 10000;       // --timeout-ms: handshake steps and each RPC
  std::size_t handshake_concurrency = 24;  // --handshake-concurrency: in flight at once (below
                                           // the 32 unauthenticated sockets per IP)
  int gateway_pid = 0;                  // --gateway-pid: whose RSS to sample
  double sample_interval_s = 10;        // --sample-interval
  bool print_public_keys = false;       // --print-public-keys
  bool once = false;                    // --once: one cycle per client, then stop (the
                                        // devices' first connects: pairing-store writes)
};

// Parses argv. Fails with a message naming the bad option; "--help" fails with the usage
// text as the message and sets `help_requested`.
Result<SoakOptions> parse_soak_options(int argc, char** argv, bool& help_requested);

}  // namespace openclaw::bench::soak
