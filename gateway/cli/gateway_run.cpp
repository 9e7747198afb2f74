#include "cli/gateway_run.h"

#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

#include "cli/agent_services.h"
#include "cli/gateway_options.h"
#include "cli/gateway_logging.h"
#include "cli/gateway_stopper.h"
#include "cli/reload/config_reloader.h"
#include "cli/reload/config_watcher.h"
#include "cli/startup_settings.h"
#include "core/crypto/fingerprint.h"
#include "core/pairing/device_store.h"
#include "core/pairing/gateway_identity.h"
#include "core/state/stale_temporaries.h"
#include "server/admin_socket.h"
#include "server/gateway_context.h"
#include "server/gateway_server.h"
#include "server/http/control_ui_route.h"
#include "server/metrics_listener.h"
#include "server/port_owner.h"
#include "server/rpc/method_table.h"
#include "server/state_write_monitor.h"

namespace openclaw::cli {
namespace {

namespace asio = boost::asio;

constexpr auto kShutdownGrace = std::chrono::milliseconds(1500);

int refuse(const log::Logger& logger, const std::string& message) {
  logger.error(message);
  return 1;
}

std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

// --force: stop the openclaw gateway that holds our port (SIGTERM, then SIGKILL after 5 s).
Status free_port(unsigned short port, const log::Logger& logger) {
  auto stopped = stop_gateway_on_port(port, [&](const server::PortOwner& owner) {
    logger.warn("--force: stopping the gateway on port " + std::to_string(port), {{"pid", owner.pid}});
  });
  if (!stopped) return fail("--force: " + stopped.error().message);
  return {};
}

// Removes the temporaries of writers killed mid-write (this gateway before a crash, or a
// CLI): the stores never read them, so nothing else ever would. Runs before anything here
// writes; a temporary a live process (the CLI, the provisioner) is writing right now is
// locked and left alone.
void sweep_stale_temporaries(const server::RuntimeSettings& settings, const log::Logger& logger) {
  namespace fs = std::filesystem;
  const state::StateLayout& layout = settings.layout;
  std::vector<fs::path> directories = {layout.root(),          settings.config_path.parent_path(),
                                       layout.identity_dir(),  layout.devices_dir(),
                                       layout.credentials_dir(), layout.tls_dir()};
  std::error_code ec;
  for (const auto& agent : fs::directory_iterator(layout.root() / "agents", ec)) {
    directories.push_back(agent.path() / "agent");
    directories.push_back(agent.path() / "sessions");
  }
  std::size_t removed = 0;
  for (const auto& directory : directories) {
    auto result = state::remove_stale_temporaries(directory);
    if (!result) {
      logger.warn("could not remove a stale temporary file", {{"error", result.error().message}});
    } else {
      removed += *result;
    }
  }
  if (removed > 0) {
    logger.info("removed temporary files left by an interrupted write", {{"count", removed}});
  }
}

}  // namespace

int gateway_run_command(const std::vector<std::string>& args) {
  auto options = parse_gateway_run_options(args, std::cerr);
  if (!options) return 2;
  log::Logger logger = console_logger(options->verbose);
  const Environment environment = Environment::from_process();

  auto plan = plan_startup(*options, environment);
  if (!plan) return refuse(logger, plan.error().message);
  auto settings = std::make_shared<server::RuntimeSettings>(std::move(plan->settings));
  logger = start_gateway_logging(*settings, options->verbose, logger);
  if (auto level = reload::configured_log_level(*settings, options->verbose)) logger.set_min_level(*level);
  for (const auto& warning : plan->warnings) logger.warn(warning);
  if (settings->auth.token) {
    logger.redactor().add(*settings->auth.token);
    logger.info("auth", {{"mode", config::to_string(settings->auth.mode)},
                         {"tokenFingerprint", crypto::token_fingerprint(*settings->auth.token)},
                         {"tokenSource", plan->token_source}});
  }
  if (settings->auth.password) {
    logger.redactor().add(*settings->auth.password);
    logger.info("auth", {{"mode", config::to_string(settings->auth.mode)}, {"passwordSource", plan->password_source}});
  }
  if (settings->metrics.token) logger.redactor().add(*settings->metrics.token);

  sweep_stale_temporaries(*settings, logger);
  auto devices = pairing::DeviceStore::open(settings->layout);
  if (!devices) return refuse(logger, devices.error().message);
  auto identity = pairing::load_or_create_identity(settings->layout, server::now_ms());
  if (!identity) return refuse(logger, identity.error().message);
  if (options->force) {
    if (auto freed = free_port(settings->port, logger); !freed) return refuse(logger, freed.error().message);
  }

  asio::io_context io;
  server::GatewayContext context(io, settings, logger, *devices, *identity);
  const server::MethodTable methods = server::build_method_table();
  context.set_methods(&methods);
  auto agent_services = start_agent_services(io, context, environment);
  if (!agent_services) return refuse(logger, agent_services.error().message);
  server::GatewayServer server(io, context);
  if (auto status = server.listen(); !status) return refuse(logger, status.error().message);
  server::MetricsListener metrics(io, context);
  if (settings->metrics.enabled) {
    if (auto status = metrics.start(); !status) return refuse(logger, status.error().message);
    logger.info("metrics on http://" + url_host(settings->metrics.bind) + ":" + std::to_string(metrics.port()) +
                settings->metrics.path);
  }
  server.start();
  server::StateWriteMonitor state_monitor(io, settings->layout.root(), logger);
  state_monitor.start();
  server::AdminSocketListener admin_socket(io, context);
  if (auto status = admin_socket.start(); !status) return refuse(logger, status.error().message);
  const std::string scheme = settings->tls.enabled ? "wss" : "ws";
  for (const auto& address : server.bound()) {
    logger.info("listening on " + scheme + "://" + url_host(address.host) + ":" + std::to_string(address.port));
  }
  if (settings->tls.enabled) logger.info("tls", {{"certSha256", settings->tls.fingerprint_sha256}});
  server::log_control_ui_status(*settings, logger);

  // Config hot reload (spec §5.2): the file watcher, SIGHUP and the config RPCs all go
  // through one reloader.
  reload::ConfigReloader reloader(context, server, metrics, *options, environment);
  context.set_reload_trigger(reloader.trigger());
  reload::ConfigWatcher watcher(io, logger, [&reloader] { reloader.reload(reload::kWatchSource); });
  const auto debounce = [](const server::RuntimeSettings& current) {
    return std::chrono::milliseconds(std::max<std::int64_t>(current.config.gateway.reload.debounce_ms, 0));
  };
  if (auto status = watcher.start(); !status) {
    logger.warn(status.error().message + "; send SIGHUP to reload");
  } else {
    watcher.watch(reloader.watch_files(), debounce(*settings));
    reloader.set_on_applied([&watcher, &reloader, debounce](const server::RuntimeSettings& current) {
      watcher.watch(reloader.watch_files(), debounce(current));
    });
  }
  asio::signal_set hangup(io, SIGHUP);
  std::function<void()> wait_for_hangup = [&] {
    hangup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      logger.info("SIGHUP: reloading the config");
      reloader.reload("SIGHUP");
      wait_for_hangup();
    });
  };
  wait_for_hangup();

  asio::steady_timer stop_timer(io);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    logger.info("shutting down", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
    context.set_reload_trigger(nullptr);
    watcher.stop();
    hangup.cancel();
    state_monitor.stop();
    metrics.stop();
    admin_socket.stop();
    server.shutdown("gateway stopping");
    // Give close frames a moment to reach clients, then stop.
    stop_timer.expires_after(kShutdownGrace);
    stop_timer.async_wait([&](const boost::system::error_code&) { io.stop(); });
  });
  // "ready" only once SIGTERM/SIGINT are handled: a supervisor that stops us right after it
  // must get the graceful path (shutdown event, 1012, socket file removed).
  logger.info("ready", {{"stateDir", settings->layout.root().string()},
                        {"config", settings->config_path.string()},
                        {"portSource", plan->port_source},
                        {"methods", methods.names().size()}});

  const unsigned thread_count = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < thread_count; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  logger.info("stopped");
  return 0;
}

}  // namespace openclaw::cli
