#include "bench_options.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <string_view>

#include "option_values.h"

namespace openclaw::bench {
namespace {

constexpr std::string_view kUsage = R"(Usage: ws_handshake_bench --url ws://127.0.0.1:PORT [options]

Full OpenClaw connect handshakes (challenge -> req connect -> hello-ok -> close) against a
gateway, as the CLI performs them (client cli/cli, platform linux, role operator).

  --url URL              ws://host:port[/path] (required)
  --token T              shared gateway token (auth.token); or --token-file FILE
  --device               also send a signed device identity (Ed25519, v3 payload);
                         one key pair per worker, generated up front
  --keys FILE            keep the device seeds in FILE (hex, one per line; created 0600,
                         reused on the next run) so they can be pre-approved
  --print-public-keys    print the base64url public keys of the first --concurrency keys
                         in --keys and exit (for openclaw-provision device add)
  --scopes A,B           requested scopes (default operator.read,operator.write)
  --concurrency N        handshakes in flight (default 1 = sequential)
  --threads N            client event-loop threads (default 1)
  --duration S | --count N   how long to run (default --duration 10)
  --warmup N             untimed handshakes per worker first (default 1; with --device this
                         is also when a gateway silently pairs a new loopback device)
  --timeout-ms N         per-step timeout (default 10000)
  --error-backoff-ms N   a worker's pause after a failed handshake (default 10; 0 = none)
  --idle N               open N authenticated connections (--concurrency at a time), print
                         "holding N connections", keep them open reading until SIGINT/SIGTERM
  --coldstart [--health-path P] [--ready-timeout S] [--hello-timeout S] [--child-log F] -- CMD...
                         start CMD in its own process group, time the first HTTP 200 on P
                         (default /healthz) and the first hello-ok, then SIGTERM the group
  --json                 print the result as one JSON object
)";

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (comma != 0) parts.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

}  // namespace

Result<Options> parse_options(int argc, char** argv, bool& help_requested) {
  help_requested = false;
  Options options;
  bool print_keys = false;
  bool coldstart = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> Result<std::string_view> {
      if (i + 1 >= argc) return fail(std::string(arg) + " needs a value");
      return std::string_view(argv[++i]);
    };
    auto take = [&](auto&& parser, auto& target) -> Status {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      auto parsed = parser(*text);
      if (!parsed) return std::unexpected(parsed.error());
      target = *parsed;
      return {};
    };
    Status status;
    if (arg == "--help" || arg == "-h") {
      help_requested = true;
      return fail(std::string(kUsage));
    } else if (arg == "--url") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      options.url = *text;
    } else if (arg == "--token") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      options.claims.token = *text;
    } else if (arg == "--token-file") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      std::ifstream in{std::string(*text)};
      if (!in) return fail("--token-file: cannot read " + std::string(*text));
      std::getline(in, options.claims.token);
      while (!options.claims.token.empty() && std::isspace(static_cast<unsigned char>(options.claims.token.back()))) {
        options.claims.token.pop_back();
      }
    } else if (arg == "--device") {
      options.device = true;
    } else if (arg == "--keys") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      options.keys_file = *text;
    } else if (arg == "--print-public-keys") {
      print_keys = true;
    } else if (arg == "--scopes") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      options.claims.scopes = split_commas(*text);
    } else if (arg == "--concurrency") {
      status = take([&](std::string_view t) { return parse_count(arg, t, 1); }, options.concurrency);
    } else if (arg == "--threads") {
      status = take([&](std::string_view t) { return parse_count(arg, t, 1); }, options.threads);
    } else if (arg == "--duration") {
      double seconds = 0;
      status = take([&](std::string_view t) { return parse_seconds(arg, t); }, seconds);
      options.duration_s = seconds;
    } else if (arg == "--count") {
      std::size_t count = 0;
      status = take([&](std::string_view t) { return parse_count(arg, t, 1); }, count);
      options.count = count;
    } else if (arg == "--warmup") {
      status = take([&](std::string_view t) { return parse_count(arg, t, 0); }, options.warmup);
    } else if (arg == "--timeout-ms") {
      std::size_t ms = 0;
      status = take([&](std::string_view t) { return parse_count(arg, t, 1); }, ms);
      options.timeout = std::chrono::milliseconds(ms);
    } else if (arg == "--error-backoff-ms") {
      std::size_t ms = 0;
      status = take([&](std::string_view t) { return parse_count(arg, t, 0); }, ms);
      options.error_backoff = std::chrono::milliseconds(ms);
    } else if (arg == "--idle") {
      status = take([&](std::string_view t) { return parse_count(arg, t, 1); }, options.idle_connections);
    } else if (arg == "--coldstart") {
      coldstart = true;
    } else if (arg == "--health-path") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      options.health_path = *text;
    } else if (arg == "--ready-timeout") {
      status = take([&](std::string_view t) { return parse_seconds(arg, t); }, options.ready_timeout_s);
    } else if (arg == "--hello-timeout") {
      status = take([&](std::string_view t) { return parse_seconds(arg, t); }, options.hello_timeout_s);
    } else if (arg == "--child-log") {
      auto text = value();
      if (!text) return std::unexpected(text.error());
      options.child_log = *text;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--") {
      for (++i; i < argc; ++i) options.command.emplace_back(argv[i]);
    } else {
      return fail("unknown option: " + std::string(arg) + " (see --help)");
    }
    if (!status) return std::unexpected(status.error());
  }

  const int modes = (print_keys ? 1 : 0) + (coldstart ? 1 : 0) + (options.idle_connections > 0 ? 1 : 0);
  if (modes > 1) return fail("--print-public-keys, --coldstart and --idle are separate modes; pick one");
  if (print_keys) {
    if (options.keys_file.empty()) return fail("--print-public-keys needs --keys FILE");
    options.mode = Mode::PrintPublicKeys;
    return options;
  }
  if (options.url.empty()) return fail("--url is required (ws://127.0.0.1:PORT)");
  if (options.duration_s && options.count) return fail("--duration and --count exclude each other");
  if (coldstart) {
    if (options.command.empty()) return fail("--coldstart needs the command to start after --");
    options.mode = Mode::ColdStart;
  } else if (!options.command.empty()) {
    return fail("a command after -- only makes sense with --coldstart");
  } else if (options.idle_connections > 0) {
    options.mode = Mode::Idle;
  }
  if (!options.duration_s && !options.count) options.duration_s = 10;
  return options;
}

}  // namespace openclaw::bench
