#include "cli/gateway_run.h"

#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <iostream>
#include <thread>

#include "cli/gateway_options.h"
#include "cli/gateway_logging.h"
#include "cli/startup_settings.h"
#include "core/crypto/fingerprint.h"
#include "core/pairing/device_store.h"
#include "core/pairing/gateway_identity.h"
#include "server/gateway_context.h"
#include "server/gateway_server.h"
#include "server/metrics_listener.h"
#include "server/port_owner.h"
#include "server/rpc/method_table.h"

namespace openclaw::cli {
namespace {

namespace asio = boost::asio;

constexpr auto kSecretCheckInterval = std::chrono::seconds(2);
constexpr auto kShutdownGrace = std::chrono::milliseconds(1500);

int refuse(const log::Logger& logger, const std::string& message) {
  logger.error(message);
  return 1;
}

std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

// --force: stop the openclaw gateway that holds our port (SIGTERM, then SIGKILL after 5 s).
Status free_port(unsigned short port, const log::Logger& logger) {
  auto owner = server::find_port_owner(port);
  if (!owner) return {};
  if (owner->command != "openclaw") {
    return fail("--force: port " + std::to_string(port) + " is held by " + owner->command + " (pid " +
                std::to_string(owner->pid) + "), not an openclaw gateway; not stopping it");
  }
  logger.warn("--force: stopping the gateway on port " + std::to_string(port), {{"pid", owner->pid}});
  ::kill(owner->pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (!server::find_port_owner(port)) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(owner->pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return {};
}

// Notices a rotated shared secret (openclaw-provision token rotate, an edited config) and
// closes the sockets that authenticated with the old one, 4001 "gateway auth changed".
void watch_shared_secret(asio::steady_timer& timer, server::GatewayContext& context, const GatewayRunOptions& options,
                         const Environment& environment) {
  timer.expires_after(kSecretCheckInterval);
  timer.async_wait([&timer, &context, &options, &environment](const boost::system::error_code& ec) {
    if (ec) return;
    auto current = context.settings();
    auto secrets = reread_shared_secrets(options, environment, current->config_path);
    if (!secrets) {
      context.metrics().config_reload("error");
      context.logger().warn("cannot re-read the shared secret; keeping the current one", {{"error", secrets.error().message}});
    } else if (secrets->token != current->auth.token || secrets->password != current->auth.password) {
      auto next = std::make_shared<server::RuntimeSettings>(*current);
      next->auth.token = secrets->token;
      next->auth.password = secrets->password;
      next->auth.secret_generation = current->auth.secret_generation + 1;
      if (secrets->token) context.logger().redactor().add(*secrets->token);
      if (secrets->password) context.logger().redactor().add(*secrets->password);
      const auto generation = next->auth.secret_generation;
      context.replace_settings(next);
      context.metrics().config_reload("applied");
      context.logger().info("gateway auth changed; closing sockets that used the old secret",
                            {{"tokenFingerprint", secrets->token ? crypto::token_fingerprint(*secrets->token) : ""}});
      context.connections().close_matching(
          [generation](const server::ConnectionIdentity& identity) {
            return identity.secret_generation && *identity.secret_generation < generation;
          },
          4001, "gateway auth changed");
    }
    watch_shared_secret(timer, context, options, environment);
  });
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
  server::GatewayServer server(io, context);
  if (auto status = server.listen(); !status) return refuse(logger, status.error().message);
  server::MetricsListener metrics(io, context);
  if (settings->metrics.enabled) {
    if (auto status = metrics.start(); !status) return refuse(logger, status.error().message);
    logger.info("metrics on http://" + url_host(settings->metrics.bind) + ":" + std::to_string(metrics.port()) +
                settings->metrics.path);
  }
  server.start();
  const std::string scheme = settings->tls.enabled ? "wss" : "ws";
  for (const auto& address : server.bound()) {
    logger.info("listening on " + scheme + "://" + url_host(address.host) + ":" + std::to_string(address.port));
  }
  if (settings->tls.enabled) logger.info("tls", {{"certSha256", settings->tls.fingerprint_sha256}});
  logger.info("ready", {{"stateDir", settings->layout.root().string()},
                        {"config", settings->config_path.string()},
                        {"portSource", plan->port_source},
                        {"methods", methods.names().size()}});

  asio::steady_timer secret_timer(io);
  if (plan->secrets_from_config) watch_shared_secret(secret_timer, context, *options, environment);

  asio::steady_timer stop_timer(io);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    logger.info("shutting down", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
    secret_timer.cancel();
    metrics.stop();
    server.shutdown("gateway stopping");
    // Give close frames a moment to reach clients, then stop.
    stop_timer.expires_after(kShutdownGrace);
    stop_timer.async_wait([&](const boost::system::error_code&) { io.stop(); });
  });

  const unsigned thread_count = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < thread_count; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  logger.info("stopped");
  return 0;
}

}  // namespace openclaw::cli
