// Doctor's "Gateway health" section: who holds the gateway's port (operator pain: EADDRINUSE
// from a second gateway or a foreign process) and whether the gateway answers the `health`
// RPC. A stopped gateway is a warning with the command that starts it, not an error: doctor
// is also run before the first start.
#pragma once

#include <optional>
#include <string>

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"
#include "server/port_owner.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kHealthSection = "Gateway health";

struct PortState {
  std::optional<server::PortOwner> owner;  // the listening process, when this user can see it
  bool in_use = false;                     // something listens on 127.0.0.1:<port>
};

// Looks at the port: /proc for its owner, a bind attempt for a listener we cannot see.
PortState inspect_port(unsigned short port);

void evaluate_port(const DoctorInputs& inputs, const PortState& port, Findings& findings);

struct HealthProbe {
  enum class Outcome { Healthy, NotRunning, Rejected, Failed };
  Outcome outcome = Outcome::NotRunning;
  std::string target;  // where doctor connected: "unix:/state/gateway.sock", "ws://127.0.0.1:18789"
  std::string detail;  // Rejected / Failed: the client's error message (and details code)
};

// `start_command` is what starts the gateway here: "openclaw gateway start" with an installed
// service, else "openclaw gateway run --port N".
void evaluate_health(const HealthProbe& probe, const std::string& start_command,
                     Findings& findings);

}  // namespace openclaw::cli::doctor
