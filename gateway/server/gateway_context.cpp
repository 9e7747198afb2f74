#include "server/gateway_context.h"

#include <unistd.h>

#include "server/gateway_summary.h"
#include "server/node_invocations.h"
#include "core/util/clock.h"

namespace openclaw::server {
namespace {

constexpr std::int64_t kHealthCacheMs = 60'000;
constexpr std::size_t kMaxQueuedSystemEvents = 20;

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

nlohmann::json self_presence(const std::string& version) {
  const std::string host = host_name();
  return {{"host", host},
          {"version", version},
          {"platform", "linux"},
          {"deviceFamily", "Linux"},
          {"mode", "gateway"},
          {"reason", "self"},
          {"text", "Gateway: " + host + " · app " + version + " · mode gateway · reason self"},
          {"ts", now_ms()}};
}

}  // namespace

std::int64_t now_ms() { return wall_clock_ms(); }

GatewayContext::GatewayContext(boost::asio::io_context& io, std::shared_ptr<const RuntimeSettings> settings,
                               log::Logger logger, std::shared_ptr<pairing::DeviceStore> devices,
                               pairing::GatewayIdentity identity)
    : settings_(std::move(settings)),
      logger_(std::move(logger)),
      devices_(std::move(devices)),
      rate_limiter_(std::make_unique<auth::AuthRateLimiter>(settings_->auth.rate_limit)),
      presence_(self_presence(OPENCLAW_VERSION)),
      identity_(std::move(identity)),
      version_(OPENCLAW_VERSION),
      node_invocations_(std::make_unique<NodeInvocations>(io)) {
  refresh_pairing_gauge();
}

GatewayContext::~GatewayContext() = default;

void GatewayContext::set_reload_trigger(ReloadTrigger trigger) {
  std::lock_guard lock(mutex_);
  reload_trigger_ = std::move(trigger);
}

ReloadOutcome GatewayContext::request_reload(std::string_view source) {
  ReloadTrigger trigger;
  {
    std::lock_guard lock(mutex_);
    trigger = reload_trigger_;
  }
  if (!trigger) return ReloadOutcome{};
  return trigger(source);
}

std::shared_ptr<const RuntimeSettings> GatewayContext::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void GatewayContext::replace_settings(std::shared_ptr<const RuntimeSettings> settings) {
  std::lock_guard lock(mutex_);
  settings_ = std::move(settings);
}

std::int64_t GatewayContext::uptime_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_).count();
}

nlohmann::json GatewayContext::health(bool probe) {
  const std::int64_t now = now_ms();
  {
    std::lock_guard lock(mutex_);
    if (!probe && !health_cache_.is_null() && now - health_cached_at_ms_ < kHealthCacheMs) return health_cache_;
  }
  const auto started = std::chrono::steady_clock::now();
  HealthInputs inputs{heartbeats_enabled(), now, 0};
  auto summary = health_summary(*settings(), inputs);
  summary["durationMs"] =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard lock(mutex_);
  health_cache_ = summary;
  health_cached_at_ms_ = now;
  ++health_version_;
  return summary;
}

std::int64_t GatewayContext::health_version() const {
  std::lock_guard lock(mutex_);
  return health_version_;
}

protocol::StateVersion GatewayContext::state_version() const {
  return protocol::StateVersion{presence_.version(), health_version()};
}

bool GatewayContext::heartbeats_enabled() const {
  std::lock_guard lock(mutex_);
  return heartbeats_enabled_;
}

void GatewayContext::set_heartbeats_enabled(bool enabled) {
  std::lock_guard lock(mutex_);
  heartbeats_enabled_ = enabled;
}

nlohmann::json GatewayContext::last_heartbeat() const { return nullptr; }

void GatewayContext::queue_system_event(nlohmann::json event) {
  std::lock_guard lock(mutex_);
  system_events_.push_back(std::move(event));
  while (system_events_.size() > kMaxQueuedSystemEvents) system_events_.pop_front();
}

nlohmann::json GatewayContext::queued_system_events() const {
  std::lock_guard lock(mutex_);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& event : system_events_) events.push_back(event);
  return events;
}

void GatewayContext::broadcast_presence() {
  connections_.broadcast("presence", {{"presence", presence_.list()}},
                         BroadcastOptions{true, state_version()});
}

void GatewayContext::broadcast(std::string_view event, const nlohmann::json& payload) {
  connections_.broadcast(event, payload);
}

void GatewayContext::refresh_pairing_gauge() { metrics_.set_pending_pairing(devices_->pending_count(now_ms())); }

void GatewayContext::set_agents(std::shared_ptr<agents::SessionStore> sessions,
                                std::shared_ptr<agents::AgentRuntime> runtime) {
  sessions_ = std::move(sessions);
  agent_runtime_ = std::move(runtime);
}

}  // namespace openclaw::server
