// Everything the connections of one running gateway share: the current settings, the
// stores, the limiter, the registry of clients, presence and health, metrics and the logger.
// Built once by `gateway run`; every member is thread-safe on its own (the I/O threads call
// into it concurrently).
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agents/agent_runtime.h"
#include "agents/session_store.h"
#include "core/auth/rate_limiter.h"
#include "core/log/logger.h"
#include "providers/model_router.h"
#include "core/pairing/device_store.h"
#include "core/pairing/gateway_identity.h"
#include "server/connection_registry.h"
#include "server/metrics/gateway_metrics.h"
#include "server/presence.h"
#include "server/runtime_settings.h"
#include "server/state_worker.h"

namespace openclaw::server {

class MethodTable;
class NodeInvocations;

// What a config reload did (spec §5.2), for config.apply/patch/set, secrets.reload, SIGHUP
// and the file watcher alike.
struct ReloadOutcome {
  enum class Result {
    Applied,    // hot-applied; `changed` lists the paths
    Restarted,  // listeners rebound in-process (port, bind, TLS)
    NoChange,   // the effective config is what already runs
    Rejected,   // parse or validation failed; the last good config stays live
    Disabled,   // gateway.reload.mode is "off" (the file changed; nothing was applied)
  };
  Result result = Result::NoChange;
  std::vector<std::string> changed;  // config paths that differ, e.g. "gateway.trustedProxies"
  std::string message;               // Rejected: the reason, naming the path and problem
};

// Re-reads the config (and the secrets it references) now. Set by `gateway run`; `source`
// names the trigger for logs and metrics ("config.apply", "secrets.reload", "SIGHUP", "watch").
using ReloadTrigger = std::function<ReloadOutcome(std::string_view source)>;

// Wall-clock milliseconds since the epoch, as every timestamp on the wire.
std::int64_t now_ms();

class GatewayContext {
 public:
  GatewayContext(boost::asio::io_context& io, std::shared_ptr<const RuntimeSettings> settings, log::Logger logger,
                 std::shared_ptr<pairing::DeviceStore> devices, pairing::GatewayIdentity identity);
  ~GatewayContext();

  // The current settings; replaced whole (never mutated) by replace_settings.
  std::shared_ptr<const RuntimeSettings> settings() const;
  void replace_settings(std::shared_ptr<const RuntimeSettings> settings);

  const log::Logger& logger() const { return logger_; }
  GatewayMetrics& metrics() { return metrics_; }
  pairing::DeviceStore& devices() { return *devices_; }
  // Where work that waits on the disk runs (a device connect's pairing-store writes).
  StateWorker& state_worker() { return state_worker_; }
  auth::AuthRateLimiter& rate_limiter() { return *rate_limiter_; }
  ConnectionRegistry& connections() { return connections_; }
  PresenceTracker& presence() { return presence_; }
  const pairing::GatewayIdentity& identity() const { return identity_; }
  const std::string& version() const { return version_; }
  std::int64_t uptime_ms() const;

  void set_methods(const MethodTable* methods) { methods_ = methods; }
  const MethodTable& methods() const { return *methods_; }
  NodeInvocations& node_invocations() { return *node_invocations_; }

  // Agents and sessions, wired by `gateway run` (set_agents); unit tests that do not need
  // them leave them unset, and then has_agents() is false.
  void set_agents(std::shared_ptr<agents::SessionStore> sessions, std::shared_ptr<agents::AgentRuntime> runtime);
  bool has_agents() const { return agent_runtime_ != nullptr; }
  agents::SessionStore& sessions() { return *sessions_; }
  agents::AgentRuntime& agent_runtime() { return *agent_runtime_; }
  // The model router, for calls that are not agent runs (/v1/embeddings).
  void set_model_router(std::shared_ptr<providers::ModelRouter> router) { model_router_ = std::move(router); }
  providers::ModelRouter* model_router() { return model_router_.get(); }

  // Config reload, wired by `gateway run`. Without a trigger (unit tests) request_reload
  // answers NoChange.
  void set_reload_trigger(ReloadTrigger trigger);
  ReloadOutcome request_reload(std::string_view source);

  // HealthSummary (spec §2.3), cached for 60 s unless `probe`; a refresh bumps the health
  // state version.
  nlohmann::json health(bool probe = false);
  std::int64_t health_version() const;
  protocol::StateVersion state_version() const;

  // Heartbeat switch (set-heartbeats) and the last heartbeat event (none until agents run).
  bool heartbeats_enabled() const;
  void set_heartbeats_enabled(bool enabled);
  nlohmann::json last_heartbeat() const;

  // system-event texts waiting for the next heartbeat, newest last, at most 20.
  void queue_system_event(nlohmann::json event);
  nlohmann::json queued_system_events() const;

  // Sends the presence list to every client (dropIfSlow, spec §1.9).
  void broadcast_presence();
  // Sends `device.pair.*` and similar gated events.
  void broadcast(std::string_view event, const nlohmann::json& payload);
  // Pending pairing requests, for the metrics gauge.
  void refresh_pairing_gauge();

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const RuntimeSettings> settings_;
  log::Logger logger_;
  GatewayMetrics metrics_;
  std::shared_ptr<pairing::DeviceStore> devices_;
  std::unique_ptr<auth::AuthRateLimiter> rate_limiter_;
  ConnectionRegistry connections_;
  PresenceTracker presence_;
  pairing::GatewayIdentity identity_;
  std::string version_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  const MethodTable* methods_ = nullptr;
  std::unique_ptr<NodeInvocations> node_invocations_;
  ReloadTrigger reload_trigger_;
  std::shared_ptr<agents::SessionStore> sessions_;
  std::shared_ptr<agents::AgentRuntime> agent_runtime_;
  std::shared_ptr<providers::ModelRouter> model_router_;

  nlohmann::json health_cache_;
  std::int64_t health_cached_at_ms_ = 0;
  std::int64_t health_version_ = 1;
  bool heartbeats_enabled_ = true;
  std::deque<nlohmann::json> system_events_;
  // Last, so it is destroyed first: its thread may still be using the members above.
  StateWorker state_worker_;
};

}  // namespace openclaw::server
