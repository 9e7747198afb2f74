// soak_driver: thousands of WebSocket clients cycling against a gateway for a long time
// (connect, signed-device handshake, RPCs, close), with the gateway's RSS sampled throughout.
// A benchmark, never part of the test suite; bench/soak/soak.sh drives it (with HTTP load
// beside it) and writes the report. --help lists the options.
#include <atomic>
#include <iostream>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "../device_keys.h"
#include "soak_client.h"
#include "soak_options.h"
#include "soak_stats.h"

namespace {

namespace asio = boost::asio;
namespace soak = openclaw::bench::soak;
using soak::Clock;

// Samples the gateway's RSS every interval until the deadline, and once more at it.
asio::awaitable<void> sample_rss(const soak::SoakSetup& setup, std::vector<soak::RssSample>& samples,
                                 const std::atomic<std::size_t>& open_clients) {
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(setup.options->sample_interval_s));
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto next = setup.started;; next += interval) {
    const bool last = next >= setup.deadline;
    timer.expires_at(last ? setup.deadline : next);
    co_await timer.async_wait(asio::use_awaitable);
    const double t = std::chrono::duration<double>(Clock::now() - setup.started).count();
    const long kib = soak::read_rss_kib(setup.options->gateway_pid);
    samples.push_back({t, kib, open_clients.load(std::memory_order_relaxed)});
    std::cerr << "soak: t=" << static_cast<long>(t) << "s rss=" << kib / 1024 << "MiB open="
              << open_clients.load(std::memory_order_relaxed) << "\n";
    if (last || kib < 0) co_return;  // the end, or the gateway is gone
  }
}

int run(int argc, char** argv) {
  bool help = false;
  auto options = soak::parse_soak_options(argc, argv, help);
  if (!options) {
    (help ? std::cout : std::cerr) << (help ? "" : "soak_driver: ") << options.error().message << (help ? "" : "\n");
    return help ? 0 : 2;
  }
  auto keys = openclaw::bench::load_or_create_device_keys(options->keys_file, options->devices);
  if (!keys) {
    std::cerr << "soak_driver: " << keys.error().message << "\n";
    return 1;
  }
  if (options->print_public_keys) {
    for (const auto& key : *keys) std::cout << key.public_key_base64url() << "\n";
    return 0;
  }
  auto target = openclaw::bench::parse_ws_url(options->url);
  if (!target) {
    std::cerr << "soak_driver: " << target.error().message << "\n";
    return 2;
  }
  auto endpoint = openclaw::bench::resolve_target(*target);
  if (!endpoint) {
    std::cerr << "soak_driver: " << endpoint.error().message << "\n";
    return 1;
  }

  const auto started = Clock::now();
  const soak::SoakSetup setup{*endpoint, *target, &*options, started,
                              started + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(options->duration_s))};
  const std::size_t threads = std::min(options->threads, options->clients);
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<soak::SoakStats> stats(threads);
  std::vector<std::unique_ptr<soak::HandshakeGate>> gates;
  const std::size_t per_thread_gate = std::max<std::size_t>(1, options->handshake_concurrency / threads);
  for (std::size_t t = 0; t < threads; ++t) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    gates.push_back(std::make_unique<soak::HandshakeGate>(per_thread_gate));
  }
  std::atomic<std::size_t> open_clients{0};
  std::vector<soak::RssSample> samples;

  const auto ramp = std::chrono::duration<double>(options->ramp_s);
  for (std::size_t i = 0; i < options->clients; ++i) {
    const std::size_t t = i % threads;
    const auto start_at = started + std::chrono::duration_cast<Clock::duration>(
                                        ramp * (static_cast<double>(i) / static_cast<double>(options->clients)));
    asio::co_spawn(*contexts[t],
                   soak::run_client(setup, i, (*keys)[i % keys->size()], start_at, *gates[t], stats[t], open_clients),
                   asio::detached);
  }
  if (options->gateway_pid > 0) asio::co_spawn(*contexts[0], sample_rss(setup, samples, open_clients), asio::detached);

  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back([&contexts, t] { contexts[t]->run(); });
  contexts[0]->run();
  for (auto& thread : pool) thread.join();

  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  soak::SoakStats merged;
  for (const auto& thread_stats : stats) merged.merge(thread_stats);
  std::cout << soak::soak_report(merged, samples, options->warmup_s, std::min(elapsed, options->duration_s)).dump()
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Nothing here should throw, but a std::thread or a JSON dump may: report it, do not abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "soak_driver: " << error.what() << "\n";
    return 1;
  }
}
