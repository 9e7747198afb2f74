#include "providers/http/connection.h"

#include <sys/socket.h>

#include <cerrno>

namespace openclaw::providers {

void Connection::start_tls(std::shared_ptr<boost::asio::ssl::context> context) {
  context_ = std::move(context);
  tls_.emplace(std::move(*plain_), *context_);
  plain_.reset();
}

void Connection::close() {
  boost::system::error_code ignored;
  socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
}

bool Connection::looks_reusable() {
  auto& lowest = socket();
  if (!lowest.is_open()) return false;
  char byte = 0;
  const ssize_t peeked = ::recv(lowest.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
  return false;  // 0: the peer closed; > 0: bytes nobody asked for
}

}  // namespace openclaw::providers
