// Config hot reload in the running gateway (spec §5.2, issue 4): the ReloadTrigger that
// `gateway run` installs on the context. A reload re-runs the startup planning
// (plan_startup) with the original flags and environment, so the candidate holds the same
// effective values a fresh start would, compares it with what runs (server::reload::
// plan_reload) and applies the difference according to gateway.reload.mode of the edited
// file:
//
//   off     - edits noticed by the file watcher are not applied (Disabled). Explicit requests
//             (SIGHUP, config.apply/patch/set, secrets.reload) still apply, as in hybrid:
//             the operator asked for them.
//   hot     - hot paths applied; paths that need new listeners are logged at warn as needing
//             a restart and stay as they run (the outcome message names them).
//   restart,
//   hybrid  - hot paths applied; listener changes rebind in-process (GatewayServer::rebind,
//             MetricsListener::restart): new sockets first, the process never exits, clients
//             of the old listeners get `shutdown` and 1012 and reconnect. (Upstream's
//             "restart" restarts for every change; with an in-process rebind there is nothing
//             a restart would do that hybrid does not.)
//
// A config that fails to load, validate or pass the startup refusals is Rejected: logged at
// warn with the config path and the reason, counted openclaw_config_reloads_total
// {result="rejected"}, and the last good config stays live. So is a deleted config file
// ("config file missing"), and a rebind whose bind fails (the old listeners keep serving).
// gateway.reload.deferralTimeoutMs is accepted and ignored: nothing in this gateway has runs
// to wait for before a rebind.
//
// Applying hot changes: the settings are swapped whole (GatewayContext::replace_settings),
// new secrets are registered with the log redactor (old ones stay registered), the
// failed-auth limiter takes new options, logging.level becomes the minimum log level (unless
// --verbose), and when the shared secret or the auth mode changed the secret generation is
// bumped and every socket that authenticated with the old secret is closed 4001 "gateway
// auth changed" (spec §1.6 step 6); device-token sockets stay. One info line per applied
// reload names the changed paths, never a value.
#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "cli/gateway_options.h"
#include "core/log/level.h"
#include "core/util/environment.h"
#include "server/gateway_context.h"
#include "server/gateway_server.h"
#include "server/metrics_listener.h"

namespace openclaw::cli::reload {

// The source name the file watcher passes; the only one gateway.reload.mode "off" refuses.
inline constexpr std::string_view kWatchSource = "watch";

class ConfigReloader {
 public:
  // Keeps references to the context and the listeners; they must outlive the reloader.
  ConfigReloader(server::GatewayContext& context, server::GatewayServer& server,
                 server::MetricsListener& metrics, GatewayRunOptions options,
                 Environment environment);

  // Re-reads the config and applies it (see the file comment). Safe from any thread; reloads
  // run one at a time, a second caller waits for the first.
  server::ReloadOutcome reload(std::string_view source);

  // The trigger for GatewayContext::set_reload_trigger; valid while this reloader lives.
  server::ReloadTrigger trigger();

  // Called after settings were replaced (on the reloading thread), e.g. to re-aim the watcher.
  void set_on_applied(std::function<void(const server::RuntimeSettings&)> callback);

  // reload_watch_files for the settings that run now.
  std::vector<std::filesystem::path> watch_files() const;

 private:
  server::ReloadOutcome reject(std::string_view source, const std::string& reason);

  server::GatewayContext& context_;
  server::GatewayServer& server_;
  server::MetricsListener& metrics_;
  const GatewayRunOptions options_;
  const Environment environment_;
  bool running_from_file_ = false;  // the live config came from the file (not defaults)
  std::function<void(const server::RuntimeSettings&)> on_applied_;
  std::mutex mutex_;
};

// The files whose change means "reload": the config file and the files that file-sourced
// SecretRef providers (secrets.providers.<name> with source "file") read, e.g.
// <state>/credentials/gateway-token which `openclaw-provision token rotate` replaces.
// `environment` is the one `gateway run` started with (for "~" in provider paths).
std::vector<std::filesystem::path> reload_watch_files(const server::RuntimeSettings& settings,
                                                      const Environment& environment);

// The minimum log level logging.level asks for; nullopt with --verbose (debug wins) or when
// unset or unparseable (the schema already refused unknown names).
std::optional<log::Level> configured_log_level(const server::RuntimeSettings& settings,
                                               bool verbose);

}  // namespace openclaw::cli::reload
