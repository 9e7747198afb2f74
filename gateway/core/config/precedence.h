// How flags, environment and config combine into the settings the gateway starts with
// (spec §3.1, §3.3): the port, the addresses to bind and the auth mode.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/model.h"
#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::config {

enum class PortSource { Flag, Env, Config, Default };
std::string_view to_string(PortSource source);  // "flag" | "env" | "config" | "default"

struct ResolvedPort {
  std::uint16_t port = kDefaultGatewayPort;
  PortSource source = PortSource::Default;
  bool operator==(const ResolvedPort&) const = default;
};

// --port > $OPENCLAW_GATEWAY_PORT > gateway.port > 18789. With --dev the default becomes
// 19001 and, as upstream (where --dev seeds OPENCLAW_GATEWAY_PORT), it also wins over
// gateway.port; its source is "default". The env value may be "18789" or, as upstream
// tolerates from compose files, "127.0.0.1:18789" / "[::1]:18789". Fails for a flag out of
// 1-65535 and for an env value that is not a port, naming the variable and its value.
Result<ResolvedPort> resolve_port(std::optional<std::int64_t> flag, const Environment& env,
                                  std::optional<std::int64_t> config_port, bool dev);

struct BindInputs {
  std::optional<BindMode> mode = std::nullopt;             // --bind or gateway.bind
  std::optional<std::string> custom_host = std::nullopt;   // gateway.customBindHost
  bool in_container = false;                               // see detect_container()
  std::optional<std::string> tailnet_ipv4 = std::nullopt;  // this host's Tailscale 100.x IPv4
  TailscaleMode tailscale = TailscaleMode::Off;
};

struct BindResolution {
  BindMode mode = BindMode::Loopback;  // the effective mode ("auto" resolved)
  std::vector<std::string> hosts;      // addresses to listen on, in order
  bool loopback_only = true;           // every host is a loopback address
};

// Unset mode: "loopback", or "auto" inside a container; forced to "loopback" with tailscale
// serve/funnel (an explicit non-loopback bind is then an error).
//   loopback -> ["127.0.0.1", "::1"] (the listener may skip ::1 when IPv6 is unavailable)
//   lan      -> ["0.0.0.0"]
//   tailnet  -> [tailnet_ipv4], else loopback
//   auto     -> ["0.0.0.0"] in a container, else loopback
//   custom   -> [custom_host], which must be a dotted IPv4 address
Result<BindResolution> resolve_bind_hosts(const BindInputs& inputs);

// --auth > gateway.auth.mode > password present -> password > token present -> token >
// token. Fails when both a token and a password are present and no mode is chosen, as
// upstream refuses to guess.
Result<AuthMode> resolve_auth_mode(std::optional<AuthMode> cli_override,
                                   std::optional<AuthMode> configured, bool token_present,
                                   bool password_present);

}  // namespace openclaw::config
