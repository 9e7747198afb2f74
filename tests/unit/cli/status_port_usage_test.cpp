#include "cli/status/port_usage.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace openclaw::cli::status {
namespace {

// Lines as /proc/net/tcp and tcp6 print them (port 18789 = 0x4965).
constexpr const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
    "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0 100 0 0 10 0\n"
    "   2: 0100007F:4965 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 333 1 0 100 0 0 10 0\n"
    "   3: 00000000:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 444 1 0 100 0 0 10 0\n";
constexpr const char* kTcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue\n"
    "   0: 00000000000000000000000001000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000\n"
    "   1: 00000000000000000000000000000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000\n";

TEST(ListeningAddressesTest, ReadsListeningSocketsOfThePortOnly) {
  EXPECT_EQ(listening_addresses(kTcp, 18789), (std::vector<std::string>{"127.0.0.1:18789", "0.0.0.0:18789"}));
  EXPECT_EQ(listening_addresses(kTcp, 80), (std::vector<std::string>{"0.0.0.0:80"}));
  EXPECT_TRUE(listening_addresses(kTcp, 443).empty());
}

TEST(ListeningAddressesTest, FormatsIpv6WithBrackets) {
  EXPECT_EQ(listening_addresses(kTcp6, 18789), (std::vector<std::string>{"[::1]:18789", "[::]:18789"}));
}

TEST(ListeningAddressesTest, SkipsMalformedLines) {
  EXPECT_TRUE(listening_addresses("0: ZZZZ:4965 0 0A\n0: 0100007F:49 0 0A\nshort\n", 18789).empty());
}

PortUsage busy(std::vector<PortListener> listeners) {
  PortUsage usage{18789, PortStatus::Busy, std::move(listeners), {}};
  usage.hints = port_hints(usage);
  return usage;
}

TEST(PortConflictTest, NamesTheForeignProcessAndItsPid) {
  const auto usage = busy({{"0.0.0.0:18789", 812, "nginx", "nginx: master process /usr/sbin/nginx"}});
  EXPECT_EQ(describe_port_conflict(usage), "port 18789 is held by nginx (pid 812)");
  ASSERT_GE(usage.hints.size(), 2u);
  EXPECT_EQ(usage.hints[0], "port 18789 is held by nginx (pid 812)");
  EXPECT_EQ(usage.hints[1], "Another process is listening on this port.");
  EXPECT_EQ(format_port_diagnostics(usage),
            (std::vector<std::string>{"Port 18789 is already in use.",
                                      "- pid 812: nginx: master process /usr/sbin/nginx (0.0.0.0:18789)",
                                      "- port 18789 is held by nginx (pid 812)",
                                      "- Another process is listening on this port."}));
}

TEST(PortConflictTest, OurOwnGatewayIsNoConflict) {
  const auto usage = busy({{"127.0.0.1:18789", 99, "openclaw", "/usr/local/bin/openclaw gateway run"}});
  EXPECT_TRUE(is_gateway_listener(usage.listeners[0]));
  EXPECT_EQ(describe_port_conflict(usage), std::nullopt);
  EXPECT_EQ(usage.hints,
            (std::vector<std::string>{
                "Gateway already running locally. Stop it (openclaw gateway stop) or use a different port."}));
}

TEST(PortConflictTest, AnInvisibleOwnerIsNotAccused) {
  const auto usage = busy({{"127.0.0.1:18789", std::nullopt, "", ""}});
  EXPECT_EQ(describe_port_conflict(usage), std::nullopt);
  EXPECT_EQ(usage.hints, (std::vector<std::string>{"Port is in use but process details unavailable (try running "
                                                   "with elevated permissions)."}));
}

TEST(PortConflictTest, FreePortHasNoHints) {
  PortUsage usage{18789, PortStatus::Free, {}, {}};
  EXPECT_TRUE(port_hints(usage).empty());
  EXPECT_EQ(format_port_diagnostics(usage), (std::vector<std::string>{"Port 18789 is free."}));
  EXPECT_EQ(to_json(usage), (nlohmann::json{{"port", 18789}, {"status", "free"}, {"listeners", nlohmann::json::array()},
                                            {"hints", nlohmann::json::array()}}));
}

// The real /proc: a socket this test holds is reported busy, with this process as its owner.
TEST(InspectPortTest, FindsThisProcessListening) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const unsigned short port = ntohs(address.sin_port);

  const auto usage = inspect_port(port);
  EXPECT_EQ(usage.status, PortStatus::Busy);
  ASSERT_EQ(usage.listeners.size(), 1u);
  EXPECT_EQ(usage.listeners[0].address, "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(usage.listeners[0].pid, ::getpid());
  ::close(fd);
  EXPECT_EQ(inspect_port(port).status, PortStatus::Free);
}

}  // namespace
}  // namespace openclaw::cli::status
