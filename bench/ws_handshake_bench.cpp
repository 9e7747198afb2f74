// ws_handshake_bench: load, idle-connection and cold-start measurements of an OpenClaw
// gateway over its WebSocket protocol. A benchmark, never part of the test suite; built with
// -DOPENCLAW_BUILD_BENCH=ON. bench/run.sh drives it; --help lists the options.
#include <iostream>

#include "bench_options.h"
#include "cold_start.h"
#include "device_keys.h"
#include "idle_run.h"
#include "load_run.h"

namespace {

using openclaw::bench::Mode;

void print_load_summary(const nlohmann::json& summary) {
  std::cout << summary["mode"].get<std::string>() << " handshakes, concurrency " << summary["concurrency"] << ": "
            << summary["handshakes"] << " in " << summary["elapsed_s"].get<double>() << " s = "
            << summary["handshakes_per_s"].get<double>() << " handshakes/s; latency p50 "
            << summary["p50_ms"].get<double>() << " ms, p99 " << summary["p99_ms"].get<double>() << " ms; errors "
            << summary["error_count"] << "\n";
  for (const auto& [message, count] : summary["errors"].items()) std::cout << "  " << count << " x " << message << "\n";
  if (!summary["server_version"].get<std::string>().empty()) {
    std::cout << "server version " << summary["server_version"].get<std::string>() << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool help = false;
  auto options = openclaw::bench::parse_options(argc, argv, help);
  if (!options) {
    (help ? std::cout : std::cerr) << (help ? "" : "ws_handshake_bench: ") << options.error().message
                                   << (help ? "" : "\n");
    return help ? 0 : 2;
  }

  std::vector<openclaw::crypto::KeyPair> keys;
  if (options->device || options->mode == Mode::PrintPublicKeys) {
    auto loaded = openclaw::bench::load_or_create_device_keys(options->keys_file, options->concurrency);
    if (!loaded) {
      std::cerr << "ws_handshake_bench: " << loaded.error().message << "\n";
      return 1;
    }
    keys = std::move(*loaded);
  }

  openclaw::Result<nlohmann::json> result;
  switch (options->mode) {
    case Mode::PrintPublicKeys:
      for (const auto& key : keys) std::cout << key.public_key_base64url() << "\n";
      return 0;
    case Mode::ColdStart:
      result = openclaw::bench::run_cold_start(*options, keys.empty() ? nullptr : &keys.front());
      break;
    case Mode::Idle:
      result = openclaw::bench::run_idle(*options, keys);
      break;
    case Mode::Load:
      result = openclaw::bench::run_load(*options, keys);
      break;
  }
  if (!result) {
    std::cerr << "ws_handshake_bench: " << result.error().message << "\n";
    return 1;
  }
  if (options->json || options->mode != Mode::Load) {
    std::cout << result->dump() << std::endl;
  } else {
    print_load_summary(*result);
  }
  return 0;
}
