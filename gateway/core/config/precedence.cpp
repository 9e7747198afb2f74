#include "core/config/precedence.h"

#include <algorithm>
#include <charconv>

#include "core/config/value_checks.h"
#include "core/util/text.h"

namespace openclaw::config {
namespace {

std::optional<std::uint16_t> parse_port_digits(std::string_view text) {
  if (text.empty() || text.size() > 5 ||
      !std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (value < 1 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// "18789", "127.0.0.1:18789" or "[::1]:18789".
std::optional<std::uint16_t> parse_env_port(std::string_view text) {
  if (auto port = parse_port_digits(text)) return port;
  if (text.starts_with('[')) {
    auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    return parse_port_digits(text.substr(close + 2));
  }
  auto colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon != text.rfind(':')) {
    return std::nullopt;
  }
  return parse_port_digits(text.substr(colon + 1));
}

BindResolution loopback() { return {BindMode::Loopback, {"127.0.0.1", "::1"}, true}; }

}  // namespace

std::string_view to_string(PortSource source) {
  switch (source) {
    case PortSource::Flag:
      return "flag";
    case PortSource::Env:
      return "env";
    case PortSource::Config:
      return "config";
    case PortSource::Default:
      return "default";
  }
  return "default";
}

Result<ResolvedPort> resolve_port(std::optional<std::int64_t> flag, const Environment& env,
                                  std::optional<std::int64_t> config_port, bool dev) {
  if (flag) {
    if (*flag < 1 || *flag > 65535) {
      return fail("--port " + std::to_string(*flag) + " is out of range (expected 1-65535)");
    }
    return ResolvedPort{static_cast<std::uint16_t>(*flag), PortSource::Flag};
  }
  if (auto raw = env.get("OPENCLAW_GATEWAY_PORT"); raw && !trim(*raw).empty()) {
    auto port = parse_env_port(trim(*raw));
    if (!port) {
      return fail("OPENCLAW_GATEWAY_PORT=\"" + *raw +
                  "\" is not a valid port (expected 1-65535, e.g. 18789)");
    }
    return ResolvedPort{*port, PortSource::Env};
  }
  if (dev) return ResolvedPort{kDevGatewayPort, PortSource::Default};
  if (config_port) {
    if (*config_port < 1 || *config_port > 65535) {
      return fail("gateway.port: " + std::to_string(*config_port) +
                  " is out of range (expected an integer 1-65535)");
    }
    return ResolvedPort{static_cast<std::uint16_t>(*config_port), PortSource::Config};
  }
  return ResolvedPort{kDefaultGatewayPort, PortSource::Default};
}

Result<BindResolution> resolve_bind_hosts(const BindInputs& inputs) {
  bool tailscale_exposed = inputs.tailscale != TailscaleMode::Off;
  if (tailscale_exposed) {
    if (inputs.mode && *inputs.mode != BindMode::Loopback) {
      return fail("gateway.bind \"" + std::string(to_string(*inputs.mode)) +
                  "\" cannot be used with gateway.tailscale.mode \"" +
                  std::string(to_string(inputs.tailscale)) +
                  "\" (Tailscale serve/funnel proxies to a loopback-only gateway; set "
                  "gateway.bind to \"loopback\")");
    }
    return loopback();
  }

  BindMode mode = inputs.mode.value_or(inputs.in_container ? BindMode::Auto : BindMode::Loopback);
  switch (mode) {
    case BindMode::Loopback:
      return loopback();
    case BindMode::Lan:
      return BindResolution{BindMode::Lan, {"0.0.0.0"}, false};
    case BindMode::Tailnet:
      if (inputs.tailnet_ipv4 && !inputs.tailnet_ipv4->empty()) {
        return BindResolution{BindMode::Tailnet, {*inputs.tailnet_ipv4}, false};
      }
      return loopback();
    case BindMode::Auto:
      if (inputs.in_container) return BindResolution{BindMode::Lan, {"0.0.0.0"}, false};
      return loopback();
    case BindMode::Custom: {
      if (!inputs.custom_host || inputs.custom_host->empty()) {
        return fail(
            "gateway.bind is \"custom\" but gateway.customBindHost is not set (expected a dotted "
            "IPv4 address)");
      }
      if (!is_dotted_ipv4(*inputs.custom_host)) {
        return fail("gateway.customBindHost \"" + *inputs.custom_host +
                    "\" is not a dotted IPv4 address (expected e.g. 192.168.1.10)");
      }
      bool is_loopback = inputs.custom_host->starts_with("127.");
      return BindResolution{BindMode::Custom, {*inputs.custom_host}, is_loopback};
    }
  }
  return loopback();
}

Result<AuthMode> resolve_auth_mode(std::optional<AuthMode> cli_override,
                                   std::optional<AuthMode> configured, bool token_present,
                                   bool password_present) {
  if (cli_override) return *cli_override;
  if (configured) return *configured;
  if (token_present && password_present) {
    return fail(
        "both a gateway token and a gateway password are configured but gateway.auth.mode is "
        "not set; set gateway.auth.mode to \"token\" or \"password\"");
  }
  if (password_present) return AuthMode::Password;
  return AuthMode::Token;
}

}  // namespace openclaw::config
