#include "cli/status/port_usage.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "server/port_owner.h"

namespace openclaw::cli::status {
namespace {

constexpr std::string_view kListenState = "0A";

std::optional<std::uint32_t> parse_hex_word(std::string_view hex) {
  if (hex.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : hex) {
    value <<= 4;
    if (c >= '0' && c <= '9') value |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'A' && c <= 'F') value |= static_cast<std::uint32_t>(c - 'A' + 10);
    else if (c >= 'a' && c <= 'f') value |= static_cast<std::uint32_t>(c - 'a' + 10);
    else return std::nullopt;
  }
  return value;
}

// The kernel prints each 32-bit word of the address as it lies in memory (little-endian on
// the machines we run on), so the bytes of a word come out reversed.
std::optional<std::string> format_address(std::string_view hex) {
  if (hex.size() != 8 && hex.size() != 32) return std::nullopt;
  unsigned char bytes[16] = {};
  for (std::size_t word = 0; word < hex.size() / 8; ++word) {
    const auto value = parse_hex_word(hex.substr(word * 8, 8));
    if (!value) return std::nullopt;
    for (int i = 0; i < 4; ++i) bytes[word * 4 + static_cast<std::size_t>(i)] = static_cast<unsigned char>(*value >> (8 * i));
  }
  char text[INET6_ADDRSTRLEN] = {};
  const int family = hex.size() == 8 ? AF_INET : AF_INET6;
  if (!inet_ntop(family, bytes, text, sizeof text)) return std::nullopt;
  return family == AF_INET ? std::string(text) : "[" + std::string(text) + "]";
}

std::string read_command_line(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!raw.empty() && raw.back() == '\0') raw.pop_back();
  // Arguments are NUL-separated; control characters inside them (a `python3 -c` script)
  // would break the one-line-per-listener output.
  for (char& c : raw) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return raw;
}

bool mentions_openclaw(std::string_view text) { return text.find("openclaw") != std::string_view::npos; }

}  // namespace

std::string_view to_string(PortStatus status) {
  switch (status) {
    case PortStatus::Free: return "free";
    case PortStatus::Busy: return "busy";
    case PortStatus::Unknown: return "unknown";
  }
  return "unknown";
}

std::vector<std::string> listening_addresses(std::string_view proc_net_tcp, unsigned short port) {
  std::vector<std::string> addresses;
  std::istringstream lines{std::string(proc_net_tcp)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    if (!(fields >> slot >> local >> remote >> state) || state != kListenState) continue;
    const auto colon = local.rfind(':');
    if (colon == std::string::npos || colon + 5 != local.size()) continue;
    const auto port_word = parse_hex_word("0000" + local.substr(colon + 1));
    if (!port_word || *port_word != port) continue;
    if (auto address = format_address(std::string_view(local).substr(0, colon))) {
      addresses.push_back(*address + ":" + std::to_string(port));
    }
  }
  return addresses;
}

bool is_gateway_listener(const PortListener& listener) {
  return mentions_openclaw(listener.command) || mentions_openclaw(listener.command_line);
}

std::optional<std::string> describe_port_conflict(const PortUsage& usage) {
  if (usage.status != PortStatus::Busy) return std::nullopt;
  for (const auto& listener : usage.listeners) {
    // An owner we cannot see may well be a gateway run by another user: no accusation.
    if (!listener.pid || is_gateway_listener(listener)) continue;
    const std::string port = std::to_string(usage.port);
    const std::string name = listener.command.empty() ? "another process" : listener.command;
    return "port " + port + " is held by " + name + " (pid " + std::to_string(*listener.pid) + ")";
  }
  return std::nullopt;
}

std::vector<std::string> port_hints(const PortUsage& usage) {
  std::vector<std::string> hints;
  if (usage.status != PortStatus::Busy) return hints;
  if (auto conflict = describe_port_conflict(usage)) hints.push_back(*conflict);
  if (usage.listeners.empty() || std::any_of(usage.listeners.begin(), usage.listeners.end(),
                                             [](const PortListener& l) { return !l.pid; })) {
    hints.push_back("Port is in use but process details unavailable (try running with elevated permissions).");
  }
  const bool gateway = std::any_of(usage.listeners.begin(), usage.listeners.end(), is_gateway_listener);
  const bool foreign = std::any_of(usage.listeners.begin(), usage.listeners.end(),
                                   [](const PortListener& l) { return l.pid && !is_gateway_listener(l); });
  if (gateway) {
    hints.push_back("Gateway already running locally. Stop it (openclaw gateway stop) or use a different port.");
  }
  if (foreign) hints.push_back("Another process is listening on this port.");
  std::vector<pid_t> pids;
  for (const auto& listener : usage.listeners) {
    if (listener.pid && std::find(pids.begin(), pids.end(), *listener.pid) == pids.end()) pids.push_back(*listener.pid);
  }
  if (pids.size() > 1) {
    hints.push_back(
        "Multiple listeners detected; ensure only one gateway/tunnel per port unless intentionally running isolated "
        "profiles.");
  }
  return hints;
}

PortUsage inspect_port(unsigned short port) {
  PortUsage usage;
  usage.port = port;
  bool readable = false;
  std::vector<std::string> addresses;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    if (!in) continue;
    readable = true;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto& address : listening_addresses(text, port)) addresses.push_back(std::move(address));
  }
  if (!readable) return usage;
  if (addresses.empty()) {
    usage.status = PortStatus::Free;
    return usage;
  }
  usage.status = PortStatus::Busy;
  // find_port_owner names the process holding the port's first listening socket; a port
  // shared by several processes (SO_REUSEPORT) is rare enough to show under one owner.
  const auto owner = server::find_port_owner(port);
  for (auto& address : addresses) {
    PortListener listener{std::move(address), std::nullopt, "", ""};
    if (owner) {
      listener.pid = owner->pid;
      listener.command = owner->command;
      listener.command_line = read_command_line(owner->pid);
    }
    usage.listeners.push_back(std::move(listener));
  }
  usage.hints = port_hints(usage);
  return usage;
}

std::vector<std::string> format_port_diagnostics(const PortUsage& usage) {
  const std::string port = std::to_string(usage.port);
  if (usage.status != PortStatus::Busy) return {"Port " + port + " is free."};
  std::vector<std::string> lines = {"Port " + port + " is already in use."};
  for (const auto& listener : usage.listeners) {
    const std::string pid = listener.pid ? "pid " + std::to_string(*listener.pid) : "pid ?";
    const std::string command =
        !listener.command_line.empty() ? listener.command_line : !listener.command.empty() ? listener.command : "unknown";
    lines.push_back("- " + pid + ": " + command + " (" + listener.address + ")");
  }
  for (const auto& hint : usage.hints) lines.push_back("- " + hint);
  return lines;
}

nlohmann::json to_json(const PortUsage& usage) {
  nlohmann::json listeners = nlohmann::json::array();
  for (const auto& listener : usage.listeners) {
    nlohmann::json entry = {{"address", listener.address}};
    if (listener.pid) entry["pid"] = *listener.pid;
    if (!listener.command.empty()) entry["command"] = listener.command;
    if (!listener.command_line.empty()) entry["commandLine"] = listener.command_line;
    listeners.push_back(std::move(entry));
  }
  return {{"port", usage.port}, {"status", to_string(usage.status)}, {"listeners", listeners}, {"hints", usage.hints}};
}

}  // namespace openclaw::cli::status
