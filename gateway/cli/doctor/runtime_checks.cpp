#include "cli/doctor/runtime_checks.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace openclaw::cli::doctor {
namespace {

// True when binding 127.0.0.1:<port> fails with EADDRINUSE (SO_REUSEADDR, so connections in
// TIME_WAIT do not count).
bool loopback_port_taken(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool taken = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 &&
                     errno == EADDRINUSE;
  ::close(fd);
  return taken;
}

}  // namespace

PortState inspect_port(unsigned short port) {
  PortState state;
  state.owner = server::find_port_owner(port);
  state.in_use = state.owner.has_value() || loopback_port_taken(port);
  return state;
}

void evaluate_port(const DoctorInputs& inputs, const PortState& port, Findings& findings) {
  const std::string name = "Port " + std::to_string(inputs.port);
  if (port.owner && port.owner->command == "openclaw") {
    findings.ok(
        "gateway.port", kHealthSection,
        name + " is held by the openclaw gateway (pid " + std::to_string(port.owner->pid) + ")");
  } else if (port.owner) {
    findings.error(
        "gateway.port.conflict", kHealthSection,
        name + " is in use by " + port.owner->command + " (pid " + std::to_string(port.owner->pid) +
            "): the gateway cannot listen there (another gateway instance is already listening / "
            "EADDRINUSE)",
        "stop it (kill " + std::to_string(port.owner->pid) +
            "), or move the gateway: openclaw config set gateway.port <free port>");
  } else if (port.in_use) {
    findings.warn("gateway.port.unknown", kHealthSection,
                  name + " is in use by a process this user cannot see (another user's gateway?)",
                  "sudo ss -ltnp 'sport = :" + std::to_string(inputs.port) + "'");
  } else {
    findings.info("gateway.port", kHealthSection, name + " is free (" + inputs.port_source + ")");
  }
}

void evaluate_health(const HealthProbe& probe, const std::string& start_command,
                     Findings& findings) {
  switch (probe.outcome) {
    case HealthProbe::Outcome::Healthy:
      findings.ok("gateway.health", kHealthSection, "Gateway healthy (" + probe.target + ")");
      return;
    case HealthProbe::Outcome::NotRunning:
      findings.warn("gateway.health", kHealthSection,
                    "Gateway not running (nothing answers at " + probe.target + ").",
                    start_command);
      return;
    case HealthProbe::Outcome::Rejected:
      findings.warn("gateway.health.rejected", kHealthSection,
                    "Gateway at " + probe.target + " refused doctor's connection: " + probe.detail,
                    "openclaw gateway probe");
      return;
    case HealthProbe::Outcome::Failed:
      findings.error("gateway.health.failed", kHealthSection,
                     "Gateway health check failed at " + probe.target + ": " + probe.detail,
                     "openclaw logs --follow");
      return;
  }
}

}  // namespace openclaw::cli::doctor
