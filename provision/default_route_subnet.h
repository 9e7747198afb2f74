// `trustedProxies: [auto]`: the IPv4 subnet of the interface that carries the default route,
// i.e. the compose network or VPC subnet the reverse proxy sits on. Narrower than "all of
// RFC1918" (operator-pain A1), and written into the config as a plain CIDR the operator can
// read.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::provision {

// The name of the interface of the default route in a /proc/net/route table.
Result<std::string> default_route_interface(std::string_view proc_net_route);

// "172.30.0.7" with netmask "255.255.255.0" -> "172.30.0.0/24". Fails on a non-contiguous mask.
Result<std::string> subnet_of(std::string_view address, std::string_view netmask);

// Reads /proc/net/route and the interface's address; the error says what was missing.
Result<std::string> detect_default_route_subnet(
    const std::filesystem::path& proc_net_route = "/proc/net/route");

}  // namespace openclaw::provision
