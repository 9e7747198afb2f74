#include "server/port_owner.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace openclaw::server {
namespace {

constexpr const char* kListenState = "0A";

// Socket inodes listening on `port`, from /proc/net/tcp and tcp6.
std::set<std::string> listening_inodes(unsigned short port) {
  std::set<std::string> inodes;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
      const auto colon = local.rfind(':');
      if (colon == std::string::npos || state != kListenState) continue;
      if (std::stoul(local.substr(colon + 1), nullptr, 16) == port) inodes.insert(inode);
    }
  }
  return inodes;
}

}  // namespace

std::optional<PortOwner> find_port_owner(unsigned short port) {
  const auto inodes = listening_inodes(port);
  if (inodes.empty()) return std::nullopt;
  std::error_code ec;
  for (const auto& process : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = process.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code fd_ec;
    for (const auto& fd : std::filesystem::directory_iterator(process.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      const std::string target = std::filesystem::read_symlink(fd.path(), link_ec).string();
      if (link_ec || target.rfind("socket:[", 0) != 0) continue;
      if (!inodes.contains(target.substr(8, target.size() - 9))) continue;
      std::ifstream comm(process.path() / "comm");
      PortOwner owner{static_cast<pid_t>(std::stol(name)), ""};
      std::getline(comm, owner.command);
      return owner;
    }
  }
  return std::nullopt;
}

}  // namespace openclaw::server
