#include "cli/reload/config_reloader.h"

#include <system_error>

#include "cli/startup_settings.h"
#include "core/config/paths.h"
#include "core/crypto/fingerprint.h"
#include "server/reload/reload_plan.h"

namespace openclaw::cli::reload {
namespace {

using server::ReloadOutcome;

// Metric label values (openclaw_config_reloads_total{result}).
constexpr std::string_view kApplied = "applied";
constexpr std::string_view kRestarted = "restarted";
constexpr std::string_view kUnchanged = "unchanged";
constexpr std::string_view kRejected = "rejected";
constexpr std::string_view kDisabled = "disabled";

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string join(const std::vector<std::string>& paths) {
  std::string text;
  for (const auto& path : paths) text += (text.empty() ? "" : ", ") + path;
  return text;
}

void register_secrets(const log::Logger& logger, const server::RuntimeSettings& settings) {
  if (settings.auth.token) logger.redactor().add(*settings.auth.token);
  if (settings.auth.password) logger.redactor().add(*settings.auth.password);
  if (settings.metrics.token) logger.redactor().add(*settings.metrics.token);
}

}  // namespace

ConfigReloader::ConfigReloader(server::GatewayContext& context, server::GatewayServer& server,
                               server::MetricsListener& metrics, GatewayRunOptions options,
                               Environment environment)
    : context_(context),
      server_(server),
      metrics_(metrics),
      options_(std::move(options)),
      environment_(std::move(environment)) {
  std::error_code ec;
  running_from_file_ = std::filesystem::exists(context_.settings()->config_path, ec);
}

server::ReloadTrigger ConfigReloader::trigger() {
  return [this](std::string_view source) { return reload(source); };
}

void ConfigReloader::set_on_applied(std::function<void(const server::RuntimeSettings&)> callback) {
  std::lock_guard lock(mutex_);
  on_applied_ = std::move(callback);
}

ReloadOutcome ConfigReloader::reject(std::string_view source, const std::string& reason) {
  const auto& path = context_.settings()->config_path;
  context_.metrics().config_reload(kRejected);
  context_.logger().warn("config reload rejected; the last good config stays live",
                         {{"source", source}, {"path", path.string()}, {"reason", reason}});
  ReloadOutcome outcome;
  outcome.result = ReloadOutcome::Result::Rejected;
  outcome.message = reason;
  return outcome;
}

ReloadOutcome ConfigReloader::reload(std::string_view source) {
  std::lock_guard lock(mutex_);
  const auto running = context_.settings();
  const auto& logger = context_.logger();

  std::error_code ec;
  if (!std::filesystem::exists(running->config_path, ec)) {
    if (running_from_file_)
      return reject(source, "config file missing: " + running->config_path.string());
    context_.metrics().config_reload(kUnchanged);
    return ReloadOutcome{};
  }
  auto plan = plan_startup(options_, environment_, PlanPurpose::Reload);
  if (!plan) return reject(source, plan.error().message);
  running_from_file_ = true;
  server::RuntimeSettings candidate = std::move(plan->settings);
  candidate.auth.secret_generation = running->auth.secret_generation;

  const auto diff = server::reload::plan_reload(*running, candidate);
  ReloadOutcome outcome;
  outcome.changed = diff.changed();
  if (diff.empty()) {
    context_.metrics().config_reload(kUnchanged);
    logger.debug("config reload: nothing changed", {{"source", source}});
    return outcome;
  }
  const auto mode = candidate.config.gateway.reload.mode;
  if (mode == config::ReloadMode::Off && source == kWatchSource) {
    context_.metrics().config_reload(kDisabled);
    logger.info(
        "config changed on disk; not applied (gateway.reload.mode is off; send SIGHUP to apply)",
        {{"source", source}, {"changedPaths", outcome.changed}});
    outcome.result = ReloadOutcome::Result::Disabled;
    return outcome;
  }

  const bool hot_only = mode == config::ReloadMode::Hot;
  server::RuntimeSettings next =
      hot_only ? server::reload::keep_running_listeners(*running, std::move(candidate))
               : std::move(candidate);
  if (!hot_only && !diff.metrics_listener.empty()) {
    if (auto status = metrics_.restart(next.metrics); !status)
      return reject(source, status.error().message);
  }
  if (!hot_only && !diff.listener.empty()) {
    if (auto status = server_.rebind(next); !status) {
      if (!diff.metrics_listener.empty()) {
        if (auto restored = metrics_.restart(running->metrics); !restored) {
          logger.error("cannot restore the metrics listener",
                       {{"error", restored.error().message}});
        }
      }
      return reject(source, status.error().message);
    }
  }

  if (diff.shared_secret_changed) next.auth.secret_generation = running->auth.secret_generation + 1;
  register_secrets(logger, next);
  if (diff.rate_limit_changed) context_.rate_limiter().set_options(next.auth.rate_limit);
  if (auto level = configured_log_level(next, options_.verbose)) {
    log::Logger shares_the_level = logger;  // copies share one minimum level
    shares_the_level.set_min_level(*level);
  }
  const auto applied = std::make_shared<const server::RuntimeSettings>(std::move(next));
  context_.replace_settings(applied);

  if (diff.shared_secret_changed) {
    const auto generation = applied->auth.secret_generation;
    logger.info("gateway auth changed; closing sockets that used the old secret",
                {{"tokenFingerprint",
                  applied->auth.token ? crypto::token_fingerprint(*applied->auth.token) : ""}});
    context_.connections().close_matching(
        [generation](const server::ConnectionIdentity& identity) {
          return identity.secret_generation && *identity.secret_generation < generation;
        },
        4001, "gateway auth changed");
  }
  for (const auto& warning : plan->warnings) logger.warn(warning);

  const auto restart_paths = diff.restart_paths();
  const bool rebound = !hot_only && diff.needs_listeners();
  outcome.result = rebound ? ReloadOutcome::Result::Restarted : ReloadOutcome::Result::Applied;
  context_.metrics().config_reload(rebound ? kRestarted : kApplied);
  logger.info("config reloaded", {{"source", source},
                                  {"mode", config::to_string(mode)},
                                  {"result", rebound ? "restarted" : "applied"},
                                  {"changedPaths", outcome.changed}});
  if (hot_only && !restart_paths.empty()) {
    outcome.message =
        "restart required for " + join(restart_paths) + " (gateway.reload.mode is hot)";
    logger.warn("config change needs a gateway restart; not applied (gateway.reload.mode is hot)",
                {{"source", source}, {"restartPaths", restart_paths}});
  }
  if (rebound && !diff.listener.empty()) {
    const std::string scheme = applied->tls.enabled ? "wss" : "ws";
    for (const auto& address : server_.bound()) {
      logger.info("listening on " + scheme + "://" + url_host(address.host) + ":" +
                  std::to_string(address.port));
    }
  }
  if (rebound && !diff.metrics_listener.empty() && applied->metrics.enabled) {
    logger.info("metrics on http://" + url_host(applied->metrics.bind) + ":" +
                std::to_string(metrics_.port()) + applied->metrics.path);
  }
  if (on_applied_) on_applied_(*applied);
  return outcome;
}

std::vector<std::filesystem::path> ConfigReloader::watch_files() const {
  return reload_watch_files(*context_.settings(), environment_);
}

std::vector<std::filesystem::path> reload_watch_files(const server::RuntimeSettings& settings,
                                                      const Environment& environment) {
  std::vector<std::filesystem::path> files = {settings.config_path};
  const auto& secrets = settings.config.secrets;
  if (!secrets.is_object() || !secrets.contains("providers") || !secrets["providers"].is_object())
    return files;
  // The same place resolve_secret reads: "~" expanded, relative to the config's directory.
  for (const auto& [name, provider] : secrets["providers"].items()) {
    if (!provider.is_object() || provider.value("source", "") != "file") continue;
    const auto path = provider.find("path");
    if (path == provider.end() || !path->is_string()) continue;
    auto expanded = config::expand_home(path->get<std::string>(), environment);
    if (!expanded) continue;
    std::filesystem::path file = *expanded;
    if (file.is_relative()) file = settings.config_path.parent_path() / file;
    files.push_back(file);
  }
  return files;
}

std::optional<log::Level> configured_log_level(const server::RuntimeSettings& settings,
                                               bool verbose) {
  if (verbose) return std::nullopt;
  return log::parse_level(settings.config.logging.level);
}

}  // namespace openclaw::cli::reload
