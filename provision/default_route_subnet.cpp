#include "provision/default_route_subnet.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <bit>
#include <sstream>

#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"

namespace openclaw::provision {

Result<std::string> default_route_interface(std::string_view proc_net_route) {
  std::istringstream lines{std::string(proc_net_route)};
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string iface, destination, gateway, flags, refcnt, use, metric, mask;
    if (!(fields >> iface >> destination >> gateway >> flags >> refcnt >> use >> metric >> mask)) continue;
    if (destination == "00000000" && mask == "00000000") return iface;
  }
  return fail("trustedProxies auto: this machine has no IPv4 default route to derive a subnet from");
}

Result<std::string> subnet_of(std::string_view address, std::string_view netmask) {
  in_addr addr{}, mask{};
  if (::inet_pton(AF_INET, std::string(address).c_str(), &addr) != 1 ||
      ::inet_pton(AF_INET, std::string(netmask).c_str(), &mask) != 1) {
    return fail("trustedProxies auto: bad interface address " + std::string(address));
  }
  std::uint32_t mask_bits = ntohl(mask.s_addr);
  int prefix = std::popcount(mask_bits);
  if (prefix != 0 && mask_bits != (~std::uint32_t{0} << (32 - prefix))) {
    return fail("trustedProxies auto: netmask " + std::string(netmask) + " is not contiguous");
  }
  in_addr network{};
  network.s_addr = htonl(ntohl(addr.s_addr) & mask_bits);
  char text[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &network, text, sizeof text);
  return std::string(text) + "/" + std::to_string(prefix);
}

Result<std::string> detect_default_route_subnet(const std::filesystem::path& proc_net_route) {
  auto table = state::read_file(proc_net_route, 1024 * 1024);
  if (!table) return fail("trustedProxies auto: " + table.error().message);
  auto iface = default_route_interface(*table);
  if (!iface) return std::unexpected(iface.error());

  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return fail("trustedProxies auto: cannot list network interfaces");
  Result<std::string> subnet = fail("trustedProxies auto: interface " + *iface + " has no IPv4 address");
  for (ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || entry->ifa_netmask == nullptr) continue;
    if (entry->ifa_addr->sa_family != AF_INET || *iface != entry->ifa_name) continue;
    char address[INET_ADDRSTRLEN], netmask[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(entry->ifa_addr)->sin_addr, address, sizeof address);
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(entry->ifa_netmask)->sin_addr, netmask, sizeof netmask);
    subnet = subnet_of(address, netmask);
    break;
  }
  ::freeifaddrs(list);
  return subnet;
}

}  // namespace openclaw::provision
