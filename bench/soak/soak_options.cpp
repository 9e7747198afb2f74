#include "soak_options.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <string_view>

#include "../option_values.h"

namespace openclaw::bench::soak {
namespace {

constexpr std::string_view kUsage = R"(Usage: soak_driver --url ws://127.0.0.1:PORT --token T --keys FILE [options]

Keeps --clients WebSocket clients cycling against a gateway for --duration: each opens a
socket, handshakes with a signed device identity (v3, key --keys round-robin), sends --rpcs
requests (health, status, health, ...) at jittered intervals, closes, and starts again.
Samples the gateway's RSS every --sample-interval s and prints one JSON object: per-minute
handshakes, RPCs, p50/p99 latencies and errors by kind; the RSS samples, the RSS slope after
--warmup (least squares, MiB/hour) and the spread of the per-minute RPC p99.

  --url URL                   ws://host:port (required)
  --token T | --token-file F  shared gateway token
  --keys FILE                 device seeds (hex, one per line; created 0600, reused)
  --devices N                 device key pairs (default 1000)
  --print-public-keys         print the --devices public keys (base64url) and exit, for
                              pre-approval (openclaw-provision apply with a devices list)
  --clients N                 clients kept cycling (default 10000)
  --threads N                 client threads (default 1)
  --duration S                run length in seconds (default 1800)
  --warmup S                  excluded from slope and p99 figures (default min(300, S/4))
  --ramp S                    client starts spread over S seconds (default 60)
  --rpcs N                    RPCs per connection (default 3)
  --rpc-interval-ms N         mean pause before each RPC, jittered ±50 % (default 15000)
  --timeout-ms N              handshake steps and each RPC (default 10000)
  --handshake-concurrency N   handshakes in flight at once (default 24)
  --gateway-pid PID           process whose RSS is sampled (default: none)
  --sample-interval S         RSS sampling period (default 10)
  --once                      one cycle per client, then stop (soak.sh's first pass: each
                              device's first connect writes the pairing store)
)";

Result<std::string> read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("--token-file: cannot read " + path);
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return fail("--token-file: " + path + " is empty");
  return token;
}

}  // namespace

Result<SoakOptions> parse_soak_options(int argc, char** argv, bool& help_requested) {
  SoakOptions options;
  bool warmup_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (option == "--help" || option == "-h") {
      help_requested = true;
      return fail(std::string(kUsage));
    }
    if (option == "--print-public-keys") {
      options.print_public_keys = true;
      continue;
    }
    if (option == "--once") {
      options.once = true;
      continue;
    }
    if (i + 1 >= argc) return fail(std::string(option) + " needs a value (see --help)");
    const std::string_view value = argv[++i];
    auto count = [&](std::size_t minimum, std::size_t& out) -> Status {
      auto parsed = parse_count(option, value, minimum);
      if (!parsed) return std::unexpected(parsed.error());
      out = *parsed;
      return {};
    };
    auto seconds = [&](double& out) -> Status {
      auto parsed = parse_seconds(option, value);
      if (!parsed) return std::unexpected(parsed.error());
      out = *parsed;
      return {};
    };
    Status status;
    if (option == "--url") {
      options.url = value;
    } else if (option == "--token") {
      options.claims.token = value;
    } else if (option == "--token-file") {
      auto token = read_token_file(std::string(value));
      if (!token) return std::unexpected(token.error());
      options.claims.token = *token;
    } else if (option == "--keys") {
      options.keys_file = value;
    } else if (option == "--devices") {
      status = count(1, options.devices);
    } else if (option == "--clients") {
      status = count(1, options.clients);
    } else if (option == "--threads") {
      status = count(1, options.threads);
    } else if (option == "--duration") {
      status = seconds(options.duration_s);
    } else if (option == "--warmup") {
      status = seconds(options.warmup_s);
      warmup_given = true;
    } else if (option == "--ramp") {
      status = seconds(options.ramp_s);
    } else if (option == "--rpcs") {
      status = count(0, options.rpcs);
    } else if (option == "--rpc-interval-ms") {
      status = count(0, options.rpc_interval_ms);
    } else if (option == "--timeout-ms") {
      status = count(1, options.timeout_ms);
    } else if (option == "--handshake-concurrency") {
      status = count(1, options.handshake_concurrency);
    } else if (option == "--gateway-pid") {
      std::size_t pid = 0;
      status = count(1, pid);
      options.gateway_pid = static_cast<int>(pid);
    } else if (option == "--sample-interval") {
      status = seconds(options.sample_interval_s);
    } else {
      return fail("unknown option " + std::string(option) + " (see --help)");
    }
    if (!status) return std::unexpected(status.error());
  }
  if (options.keys_file.empty()) return fail("--keys FILE is required (the devices must be pre-approved)");
  if (options.print_public_keys) return options;
  if (options.url.empty()) return fail("--url is required");
  if (options.claims.token.empty()) return fail("--token or --token-file is required");
  if (!warmup_given) options.warmup_s = std::max(options.ramp_s, std::min(300.0, options.duration_s / 4));
  if (options.warmup_s >= options.duration_s) return fail("--warmup must be shorter than --duration");
  return options;
}

}  // namespace openclaw::bench::soak
