#include "cli/gateway_stopper.h"

#include <signal.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

namespace openclaw::cli {

Result<std::optional<server::PortOwner>> stop_gateway_on_port(
    unsigned short port, const std::function<void(const server::PortOwner&)>& before_signal) {
  auto owner = server::find_port_owner(port);
  if (!owner) return std::optional<server::PortOwner>{};
  if (owner->command != "openclaw") {
    return fail("port " + std::to_string(port) + " is held by " + owner->command + " (pid " +
                std::to_string(owner->pid) + "), not an openclaw gateway; not stopping it");
  }
  if (before_signal) before_signal(*owner);
  if (::kill(owner->pid, SIGTERM) != 0) {
    return fail("cannot signal pid " + std::to_string(owner->pid) + ": " + std::strerror(errno));
  }
  constexpr auto kPoll = std::chrono::milliseconds(100);
  for (auto waited = std::chrono::milliseconds(0); waited < kGatewayStopGrace; waited += kPoll) {
    if (!server::find_port_owner(port)) return owner;
    std::this_thread::sleep_for(kPoll);
  }
  ::kill(owner->pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return owner;
}

}  // namespace openclaw::cli
