// `openclaw logs`: pages of `logs.tail` printed by LogTailPrinter; with --follow it polls with
// the returned cursor until Ctrl-C (exit 0). A rotation (reset:true) is followed through the
// gateway's new cursor, and a connection lost between polls (gateway restart) is re-opened
// once before giving up.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>
#include <tuple>

#include "cli/gateway_connection.h"
#include "cli/status/command_flags.h"
#include "cli/status/log_tail.h"
#include "cli/status/status_commands.h"

namespace openclaw::cli::status {
namespace {

constexpr std::string_view kCommand = "logs";
constexpr std::int64_t kDefaultLimit = 200;
constexpr std::int64_t kDefaultMaxBytes = 250'000;
constexpr std::int64_t kDefaultIntervalMs = 1000;

volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) { interrupted = 1; }

// SIGINT/SIGTERM end a follow cleanly; no SA_RESTART, so a blocking read returns at once.
void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed pipe (`openclaw logs --follow | head`) ends the command instead of killing it.
  std::signal(SIGPIPE, SIG_IGN);
}

struct LogsFlags {
  bool follow = false;
  std::int64_t limit = kDefaultLimit;
  std::int64_t max_bytes = kDefaultMaxBytes;
  std::int64_t interval_ms = kDefaultIntervalMs;
};

Result<LogsFlags> parse_flags(std::vector<std::string> args) {
  CommandFlags flags(std::move(args));
  LogsFlags parsed;
  auto follow = flags.flag("follow");
  if (!follow) return std::unexpected(follow.error());
  parsed.follow = *follow;
  for (auto [name, target, max] : {std::tuple{"limit", &parsed.limit, std::int64_t{5000}},
                                   std::tuple{"max-bytes", &parsed.max_bytes, std::int64_t{1'000'000}},
                                   std::tuple{"interval", &parsed.interval_ms, std::int64_t{3'600'000}}}) {
    auto value = flags.integer(name, 1, max);
    if (!value) return std::unexpected(value.error());
    if (*value) *target = **value;
  }
  if (auto rest = flags.finish(0); !rest) return std::unexpected(rest.error());
  return parsed;
}

// Sleeps up to `ms`, waking early on Ctrl-C.
void pause(std::int64_t ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!interrupted && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::int64_t>(ms, 50)));
  }
}

}  // namespace

int logs_command(const std::vector<std::string>& args) {
  const Environment env = Environment::from_process();
  std::vector<std::string> rest = args;
  auto options = take_network_options(rest, env);
  if (!options) return usage_error(kCommand, options.error().message, std::cerr);
  auto flags = parse_flags(std::move(rest));
  if (!flags) return usage_error(kCommand, flags.error().message, std::cerr);
  auto local = locate_local_gateway(env);
  if (!local) {
    std::cerr << "openclaw " << kCommand << ": " << local.error().message << "\n";
    return 1;
  }
  install_interrupt_handlers();

  auto connection = connect_to_gateway(*options, *local, ConnectRequest{});
  if (!connection) return interrupted ? 0 : report_client_error(connection.error(), options->json, std::cout, std::cerr);
  LogTailPrinter printer(options->json, std::cout, std::cerr);
  std::optional<std::int64_t> cursor;
  while (!interrupted) {
    const auto params = log_tail_params(cursor, flags->limit, flags->max_bytes);
    auto payload = (*connection)->call("logs.tail", params, options->timeout);
    if (!payload && !interrupted && flags->follow && payload.error().kind == client::ClientError::Kind::Closed) {
      // The gateway went away between polls (a restart): one new connection, then the same
      // cursor; the gateway answers reset:true if the file changed meanwhile.
      auto again = connect_to_gateway(*options, *local, ConnectRequest{});
      if (again) {
        connection = std::move(again);
        payload = (*connection)->call("logs.tail", params, options->timeout);
      }
    }
    if (interrupted) break;
    if (!payload) return report_client_error(payload.error(), options->json, std::cout, std::cerr);
    auto page = parse_log_tail(*payload);
    if (!page) {
      std::cerr << "openclaw " << kCommand << ": " << page.error().message << "\n";
      return 1;
    }
    printer.print(*page);
    if (!std::cout) return 0;  // the reader went away (closed pipe)
    if (page->cursor) cursor = page->cursor;
    if (!flags->follow) break;
    pause(flags->interval_ms);
  }
  (*connection)->close();
  return 0;
}

}  // namespace openclaw::cli::status
