// Checks for the string formats the config uses: IP addresses, CIDR ranges, browser origins
// and agent ids. Each check returns nullopt for a good value, else a short description of
// the problem that reads after the value ("is not a dotted IPv4 address").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace openclaw::config {

// Four decimal octets 0-255 without leading zeros ("192.168.1.10").
bool is_dotted_ipv4(std::string_view text);

// An IPv4 or IPv6 address literal (no brackets, no zone, no port).
bool is_ip_literal(std::string_view text);

// gateway.trustedProxies entries: an IP address, or an address/prefix range
// (v4 /0-32, v6 /0-128), exactly as net::CidrRange::create accepts them.
std::optional<std::string> check_ip_or_cidr(std::string_view text);

// gateway.controlUi.allowedOrigins entries: "*", or scheme://host[:port] with no path,
// query or fragment ("https://ui.example.com", "http://127.0.0.1:18789").
std::optional<std::string> check_origin(std::string_view text);

// gateway.controlUi.root: an absolute path ("/opt/openclaw/control-ui"). Whether it exists
// is checked when the gateway starts (it logs why the UI is not served).
std::optional<std::string> check_absolute_path(std::string_view text);

// gateway.controlUi.basePath: "" or "/" (the root), else URL path segments of letters,
// digits and "-._~" ("/openclaw", "openclaw/", "/apps/openclaw"), no "." or ".." segment,
// no empty segment, query or fragment. Surrounding blanks are ignored (upstream trims).
std::optional<std::string> check_ui_base_path(std::string_view text);

// Agent ids as upstream accepts them: ^[a-z0-9][a-z0-9_-]{0,63}$, case-insensitive
// (upstream lowercases them).
bool is_valid_agent_id(std::string_view id);

}  // namespace openclaw::config
