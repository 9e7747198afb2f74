#include "server/tcp_acceptor.h"

#include <boost/asio/ip/v6_only.hpp>

namespace openclaw::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::shared_ptr<tcp::acceptor> open_tcp_acceptor(asio::io_context& io,
                                                 const tcp::endpoint& endpoint,
                                                 boost::system::error_code& ec) {
  ec.clear();
  auto acceptor = std::make_shared<tcp::acceptor>(io);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec && endpoint.address().is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor->close(ignored);
    return nullptr;
  }
  return acceptor;
}

}  // namespace openclaw::server
