// A tiny forward proxy on 127.0.0.1 for HttpsClient tests: it records each request head it
// receives, answers CONNECT by opening a tunnel to the named 127.0.0.1 port (or refusing
// with a status of the test's choosing), and answers any other request itself with
// "proxied", as a plain-HTTP proxy would after fetching the absolute URL.
#pragma once

#include <poll.h>

#include <string>
#include <vector>

#include "test_http_server.h"

namespace openclaw::providers::test_support {

class TestConnectProxy {
 public:
  // `refuse_with`: a status line such as "407 Proxy Authentication Required" to refuse
  // every CONNECT with; empty to tunnel.
  explicit TestConnectProxy(std::string refuse_with = "")
      : refuse_with_(std::move(refuse_with)),
        server_([this](ServerConnection& client) { serve(client); }) {}

  std::uint16_t port() const { return server_.port(); }
  int accepted() const { return server_.accepted(); }

  // The request heads received, each "request line\r\nheader: value\r\n..." (names as sent).
  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve(ServerConnection& client) {
    auto request = client.read_request();
    if (!request) return;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(*request);
    }
    if (!request->request_line.starts_with("CONNECT ")) {
      client.respond(200, "proxied", "Connection: close\r\n");
      return;
    }
    if (!refuse_with_.empty()) {
      client.write("HTTP/1.1 " + refuse_with_ + "\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    // "CONNECT 127.0.0.1:PORT HTTP/1.1"
    const std::string authority =
        request->request_line.substr(8, request->request_line.find(' ', 8) - 8);
    const auto port =
        static_cast<std::uint16_t>(std::stoi(authority.substr(authority.rfind(':') + 1)));
    const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      client.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
      ::close(upstream);
      return;
    }
    client.write("HTTP/1.1 200 Connection established\r\n\r\n");
    relay(client, upstream);
    ::close(upstream);
  }

  // Copies bytes both ways until either side closes.
  static void relay(ServerConnection& client, int upstream) {
    const int client_fd = client.fd();
    char buffer[16384];
    for (;;) {
      pollfd fds[2] = {{client_fd, POLLIN, 0}, {upstream, POLLIN, 0}};
      if (::poll(fds, 2, 5000) <= 0) return;
      for (int i = 0; i < 2; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const int from = i == 0 ? client_fd : upstream;
        const int to = i == 0 ? upstream : client_fd;
        const long got = ::recv(from, buffer, sizeof buffer, 0);
        if (got <= 0) return;
        if (::send(to, buffer, static_cast<std::size_t>(got), MSG_NOSIGNAL) != got) return;
      }
    }
  }

  std::string refuse_with_;
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
  TestHttpServer server_;
};

}  // namespace openclaw::providers::test_support
