// Command line of ws_handshake_bench (see --help in bench_options.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "connect_request.h"
#include "core/util/result.h"

namespace openclaw::bench {

enum class Mode {
  Load,             // timed handshakes (the default)
  Idle,             // --idle N: hold N authenticated connections until SIGINT/SIGTERM
  ColdStart,        // --coldstart -- CMD...: time CMD to its first /healthz 200 and hello-ok
  PrintPublicKeys,  // --print-public-keys: the device keys' base64url public keys, then exit
};

struct Options {
  Mode mode = Mode::Load;
  std::string url;
  ClientClaims claims;
  bool device = false;
  std::string keys_file;               // --keys: seeds kept across runs (for pre-approval)
  std::size_t concurrency = 1;         // workers with one handshake in flight each
  std::size_t threads = 1;             // client event-loop threads
  std::optional<double> duration_s;    // --duration
  std::optional<std::size_t> count;    // --count
  std::size_t warmup = 1;              // untimed handshakes per worker before measuring
  std::size_t idle_connections = 0;    // --idle
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds error_backoff{10};  // a worker's pause after a failed handshake
  std::string health_path = "/healthz";  // --coldstart
  double ready_timeout_s = 180;          // --coldstart: give up on /healthz after this
  double hello_timeout_s = 30;           // --coldstart: give up on hello-ok this long after /healthz
  std::string child_log = "/dev/null";   // --coldstart: the child's stdout and stderr
  std::vector<std::string> command;      // --coldstart: what to start (after --)
  bool json = false;
};

// Parses argv. Returns nullopt-like failure with a message naming the bad option; "--help"
// fails with the usage text as the message and sets `help_requested`.
Result<Options> parse_options(int argc, char** argv, bool& help_requested);

}  // namespace openclaw::bench
