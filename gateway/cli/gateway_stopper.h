// Stopping the openclaw gateway that listens on a port, for `gateway run --force` and for
// `gateway stop` on a machine without a service manager. Only an openclaw process is ever
// signalled: a foreign process on the port is named, never killed.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "core/util/result.h"
#include "server/port_owner.h"

namespace openclaw::cli {

inline constexpr std::chrono::seconds kGatewayStopGrace{5};

// Sends SIGTERM to the openclaw process listening on `port` (after calling `before_signal`
// with it), waits up to kGatewayStopGrace for the port to be released, then sends SIGKILL.
// Returns the process it stopped, or nullopt when nothing (that this user can see) listens.
// Fails, signalling nothing, when the listener is not an openclaw process ("port 18789 is
// held by node (pid 42), not an openclaw gateway; not stopping it"), and when the signal is
// refused ("cannot signal pid 42: Operation not permitted").
Result<std::optional<server::PortOwner>> stop_gateway_on_port(
    unsigned short port, const std::function<void(const server::PortOwner&)>& before_signal = {});

}  // namespace openclaw::cli
