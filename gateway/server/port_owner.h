// Who holds a TCP port, so "port in use" can say which process to stop (operator pain:
// a second gateway started by a service manager). Linux /proc only; best effort: nullopt
// when the owner cannot be seen (another user's process without privileges).
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

namespace openclaw::server {

struct PortOwner {
  pid_t pid = 0;
  std::string command;  // the executable's name, e.g. "openclaw" or "node"
};

std::optional<PortOwner> find_port_owner(unsigned short port);

}  // namespace openclaw::server
