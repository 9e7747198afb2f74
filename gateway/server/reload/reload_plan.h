// What a config reload would change (spec §5.2): the running RuntimeSettings against the
// candidate built from the edited file by the same planning `gateway run` starts with. Both
// hold effective values (flags > config > env, SecretRefs resolved), so a value supplied by
// the environment or read from a secret file only counts as changed when what the gateway
// would use differs; a rewritten SecretRef that still resolves to the same token does not.
//
// Every changed config path falls in one of three groups:
//  - hot: applied by swapping the settings in place (auth secrets and mode, trustedProxies,
//    allowRealIpFallback, rate limits, controlUi, securityHeaders, metrics path and token,
//    logging, models, agents, gateway.reload itself and everything else not listed below);
//  - listener: needs new gateway listeners — gateway.port, gateway.bind (the resolved hosts,
//    so gateway.customBindHost and tailnet changes show up here), gateway.tls;
//  - metrics listener: gateway.metrics.enabled, gateway.metrics.bind, gateway.metrics.port.
// Pure: reads nothing but its arguments.
#pragma once

#include <string>
#include <vector>

#include "server/runtime_settings.h"

namespace openclaw::server::reload {

struct ReloadPlan {
  std::vector<std::string> hot;               // config paths, e.g. "gateway.trustedProxies"
  std::vector<std::string> listener;          // "gateway.port", "gateway.bind", "gateway.tls"
  std::vector<std::string> metrics_listener;  // "gateway.metrics.port", ...
  // The shared secret or the auth mode changed: sockets that authenticated with the old
  // secret must go (4001 "gateway auth changed", spec §1.6 step 6).
  bool shared_secret_changed = false;
  bool rate_limit_changed = false;

  bool empty() const { return hot.empty() && listener.empty() && metrics_listener.empty(); }
  // True when applying everything needs new listeners (gateway or metrics).
  bool needs_listeners() const { return !listener.empty() || !metrics_listener.empty(); }
  // Every changed path, sorted and without duplicates.
  std::vector<std::string> changed() const;
  // The listener and metrics-listener paths, sorted.
  std::vector<std::string> restart_paths() const;
};

// Compares two effective settings. `running.auth.secret_generation` is ignored (it is
// bookkeeping, not config), as are the state layout and the config path (fixed for a run).
ReloadPlan plan_reload(const RuntimeSettings& running, const RuntimeSettings& candidate);

// `candidate` with the listener settings of `running` put back (port, listen addresses,
// TLS, metrics enabled/bind/port): what hot mode applies when some change needs a restart
// it will not do.
RuntimeSettings keep_running_listeners(const RuntimeSettings& running, RuntimeSettings candidate);

}  // namespace openclaw::server::reload
