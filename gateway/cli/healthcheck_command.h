// `openclaw gateway healthcheck [--url URL] [--timeout MS]`: the container HEALTHCHECK. One
// GET /healthz to the port this machine's gateway listens on, by the binary itself (a
// FROM-scratch image has no shell and no curl). It needs no token, device identity or
// pairing, and sends no credential, so it never writes to the state directory.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::cli {

struct HealthcheckTarget {
  bool tls = false;           // https:// (gateway.tls.enabled)
  std::string host;           // an address the gateway listens on, without IPv6 brackets
  std::uint16_t port = 18789;
  std::string path = "/healthz";

  // "http://127.0.0.1:18789/healthz", for messages.
  std::string display() const;
};

// Parses --url: http://, https://, ws:// or wss:// (the gateway serves HTTP and WebSocket on one
// port). A URL without a path probes /healthz. Fails naming what is wrong, as for --url of the
// other commands (no credentials in the URL).
Result<HealthcheckTarget> parse_healthcheck_url(std::string_view text);

// The probe address for a gateway bound to `bind_hosts`: a wildcard bind (0.0.0.0, ::) or a
// loopback one is probed on 127.0.0.1 (::1 when it listens on IPv6 only) — the same socket
// serves every interface; a custom host is probed on that host, since nothing else listens.
HealthcheckTarget default_healthcheck_target(const std::vector<std::string>& bind_hosts, std::uint16_t port, bool tls);

// One GET of `target` within `timeout`. Succeeds when the answer is 200 with a JSON body whose
// "ok" is true; otherwise fails saying what happened (refused, timed out, HTTP status, body).
// TLS is not verified: the probe sends no secret and only asks "are you alive".
Status probe_healthz(const HealthcheckTarget& target, std::chrono::milliseconds timeout);

// Returns 0 when /healthz answered ok (one line on stdout), 1 when it did not (why, on stderr),
// 2 for a bad argument. Without --url the target follows the config as `gateway run` reads it
// (OPENCLAW_GATEWAY_PORT, gateway.port, gateway.bind, gateway.tls).
int run_healthcheck(std::vector<std::string> args, const Environment& env, std::ostream& out, std::ostream& err);

// The command table's entry.
int healthcheck_command(const std::vector<std::string>& args);

}  // namespace openclaw::cli
