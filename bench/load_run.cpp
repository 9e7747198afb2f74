#include "load_run.h"

#include <sys/resource.h>

#include <atomic>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "handshake.h"
#include "run_stats.h"

namespace openclaw::bench {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// When a timed run stops: a deadline, or a shared budget of handshakes.
struct StopRule {
  std::optional<Clock::time_point> deadline;
  std::atomic<std::int64_t>* remaining = nullptr;  // attempts still allowed, when counting

  bool take_one() const {
    if (deadline) return Clock::now() < *deadline;
    return remaining->fetch_sub(1, std::memory_order_relaxed) > 0;
  }
};

struct Setup {
  asio::ip::tcp::endpoint endpoint;
  Target target;
  const Options* options;
};

asio::awaitable<void> one_handshake(const Setup& setup, const crypto::KeyPair* key, RunStats& stats) {
  const auto started = Clock::now();
  auto connection = co_await open_authenticated(setup.endpoint, setup.target, setup.options->claims, key,
                                                setup.options->timeout);
  if (!connection) {
    ++stats.errors[connection.error().message];
    // A refused attempt (e.g. 503 over the pre-auth limit) costs the server almost nothing;
    // retrying at once would turn the run into an error storm instead of a handshake rate.
    if (setup.options->error_backoff.count() > 0) {
      asio::steady_timer pause(co_await asio::this_coro::executor, setup.options->error_backoff);
      co_await pause.async_wait(asio::use_awaitable);
    }
    co_return;
  }
  const std::chrono::duration<double, std::milli> latency = Clock::now() - started;
  stats.latencies_ms.push_back(latency.count());
  if (stats.server_version.empty()) stats.server_version = connection->server_version;
  co_await close_gracefully(*connection->socket, setup.options->timeout);
}

asio::awaitable<void> warmup_worker(const Setup& setup, const crypto::KeyPair* key, RunStats& stats) {
  for (std::size_t i = 0; i < setup.options->warmup; ++i) co_await one_handshake(setup, key, stats);
}

asio::awaitable<void> timed_worker(const Setup& setup, const crypto::KeyPair* key, const StopRule& rule,
                                   RunStats& stats) {
  while (rule.take_one()) co_await one_handshake(setup, key, stats);
}

// Runs `spawn(worker_index, io, stats)` for every worker, spread over the client threads;
// returns the merged stats once every worker has finished.
template <class Spawn>
RunStats run_workers(const Options& options, Spawn spawn) {
  const std::size_t threads = std::min(options.threads, options.concurrency);
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<RunStats> per_thread(threads);
  for (std::size_t t = 0; t < threads; ++t) contexts.push_back(std::make_unique<asio::io_context>(1));
  for (std::size_t worker = 0; worker < options.concurrency; ++worker) {
    spawn(worker, *contexts[worker % threads], per_thread[worker % threads]);
  }
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back([&, t] { contexts[t]->run(); });
  contexts[0]->run();
  for (auto& thread : pool) thread.join();
  RunStats merged;
  for (const auto& stats : per_thread) merged.merge(stats);
  return merged;
}

// CPU seconds this process has used (user + system, all threads).
double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

Result<nlohmann::json> run_load(const Options& options, const std::vector<crypto::KeyPair>& keys) {
  auto target = parse_ws_url(options.url);
  if (!target) return std::unexpected(target.error());
  auto endpoint = resolve_target(*target);
  if (!endpoint) return std::unexpected(endpoint.error());
  const Setup setup{*endpoint, *target, &options};
  auto key_for = [&](std::size_t worker) -> const crypto::KeyPair* {
    return keys.empty() ? nullptr : &keys[worker % keys.size()];
  };

  const RunStats warmup = run_workers(options, [&](std::size_t worker, asio::io_context& io, RunStats& stats) {
    asio::co_spawn(io, warmup_worker(setup, key_for(worker), stats), asio::detached);
  });

  std::atomic<std::int64_t> remaining{options.count ? static_cast<std::int64_t>(*options.count) : 0};
  StopRule rule;
  rule.remaining = &remaining;
  const double cpu_before = process_cpu_seconds();
  const auto started = Clock::now();
  if (options.duration_s) {
    rule.deadline = started + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(*options.duration_s));
  }
  const RunStats timed = run_workers(options, [&](std::size_t worker, asio::io_context& io, RunStats& stats) {
    asio::co_spawn(io, timed_worker(setup, key_for(worker), rule, stats), asio::detached);
  });
  const std::chrono::duration<double> elapsed = Clock::now() - started;

  nlohmann::json summary = summarize(timed, elapsed.count());
  // How busy the client itself was: near 100 % per thread means the client, not the
  // server, may be what limits the rate.
  summary["client_cpu_percent"] = 100 * (process_cpu_seconds() - cpu_before) / elapsed.count();
  summary["mode"] = options.device ? "device" : "token";
  summary["concurrency"] = options.concurrency;
  summary["threads"] = std::min(options.threads, options.concurrency);
  summary["warmup"] = summarize(warmup, 0);
  if (summary["server_version"].get<std::string>().empty()) summary["server_version"] = warmup.server_version;
  return summary;
}

}  // namespace openclaw::bench
