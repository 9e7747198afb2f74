// A small blocking HTTP/1.1 server on 127.0.0.1 for HttpsClient tests: each accepted
// connection runs the test's handler on its own thread, over plain TCP or TLS (OpenSSL on
// the raw socket), so a test scripts exactly what the "provider" sends and when.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace openclaw::providers::test_support {

struct ReceivedRequest {
  std::string request_line;                    // "POST /v1/chat/completions HTTP/1.1"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

inline std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A listening socket on 127.0.0.1 with a kernel-chosen port.
inline int listen_on_loopback(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 64) != 0) {
    ::close(fd);
    throw std::runtime_error("bind/listen on 127.0.0.1");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

// One accepted connection, as the handler sees it.
class ServerConnection {
 public:
  ServerConnection(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~ServerConnection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    ::close(fd_);
  }

  // Reads one request (head, then a Content-Length body). nullopt when the client closed
  // the connection or sent nothing within 5 s.
  std::optional<ReceivedRequest> read_request() {
    std::size_t head_end;
    while ((head_end = buffered_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    ReceivedRequest request;
    const std::string head = buffered_.substr(0, head_end);
    buffered_.erase(0, head_end + 4);
    std::size_t line_end = head.find("\r\n");
    request.request_line = head.substr(0, line_end);
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line =
          head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      request.headers[lowercase(line.substr(0, colon))] = value;
    }
    const auto length = request.headers.find("content-length");
    const std::size_t body_size = length == request.headers.end() ? 0 : std::stoul(length->second);
    while (buffered_.size() < body_size) {
      if (!fill()) return std::nullopt;
    }
    request.body = buffered_.substr(0, body_size);
    buffered_.erase(0, body_size);
    return request;
  }

  bool write(std::string_view bytes) {
    while (!bytes.empty()) {
      const long sent = ssl_ != nullptr
                            ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                            : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // A complete response with a Content-Length body.
  bool respond(int status, std::string_view body, std::string_view extra_headers = "") {
    return write("HTTP/1.1 " + std::to_string(status) +
                 " Status\r\nContent-Type: application/json\r\n" + std::string(extra_headers) +
                 "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body));
  }

  // True when the client closes the connection (or resets it) within `limit`.
  bool wait_for_close(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd entry{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (::poll(&entry, 1, static_cast<int>(std::max<long>(left.count(), 1))) <= 0) continue;
      char byte[256];
      const long got =
          ssl_ != nullptr ? SSL_read(ssl_, byte, sizeof byte) : ::recv(fd_, byte, sizeof byte, 0);
      if (got <= 0) return true;
    }
    return false;
  }

  // Closes the connection now (the handler may keep running).
  void close() { ::shutdown(fd_, SHUT_RDWR); }

  // The socket, for a handler that relays raw bytes (plain TCP only).
  int fd() const { return fd_; }

 private:
  bool fill() {
    char chunk[4096];
    const long got =
        ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk) : ::recv(fd_, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffered_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  int fd_;
  SSL* ssl_;
  std::string buffered_;
};

class TestHttpServer {
 public:
  using Handler = std::function<void(ServerConnection&)>;

  // Serves `handler` on 127.0.0.1; over TLS when `tls` is given.
  explicit TestHttpServer(Handler handler, std::shared_ptr<SSL_CTX> tls = nullptr)
      : handler_(std::move(handler)), tls_(std::move(tls)) {
    // OpenSSL writes to the raw socket with write(), which raises SIGPIPE when the client
    // has already closed (the client's own sockets send with MSG_NOSIGNAL).
    ::signal(SIGPIPE, SIG_IGN);
    listener_ = listen_on_loopback(port_);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~TestHttpServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    {
      std::lock_guard lock(mutex_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& worker : workers_) worker.join();
    ::close(listener_);
  }

  std::uint16_t port() const { return port_; }
  std::string url(std::string_view path = "/") const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
           std::string(path);
  }
  // TCP connections accepted so far.
  int accepted() const { return accepted_.load(); }
  // TLS handshakes that failed (the client refused the certificate, say).
  int failed_handshakes() const { return failed_handshakes_.load(); }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) {
        if (stopping_) return;
        continue;
      }
      ++accepted_;
      timeval timeout{5, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      const int yes = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      std::lock_guard lock(mutex_);
      open_fds_.push_back(fd);
      workers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    SSL* ssl = nullptr;
    if (tls_) {
      ssl = SSL_new(tls_.get());
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) != 1) {
        ++failed_handshakes_;
        forget(fd);
        SSL_free(ssl);
        ::close(fd);
        return;
      }
    }
    {
      ServerConnection connection(fd, ssl);
      handler_(connection);
      forget(fd);
    }
  }

  void forget(int fd) {
    std::lock_guard lock(mutex_);
    std::erase(open_fds_, fd);
  }

  Handler handler_;
  std::shared_ptr<SSL_CTX> tls_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> failed_handshakes_{0};
  std::mutex mutex_;
  std::vector<int> open_fds_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace openclaw::providers::test_support
