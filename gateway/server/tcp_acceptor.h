// Opening a listening TCP socket the way both of the gateway's TCP listeners (the gateway
// port and the metrics port) want it: SO_REUSEADDR so a restart does not wait for TIME_WAIT,
// IPV6_V6ONLY so "::1" and "127.0.0.1" are separate listeners. Callers turn the error code
// into their own message (a port in use names its owner on the gateway port).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <memory>

namespace openclaw::server {

// A bound, listening acceptor on `endpoint`; nullptr with `ec` set when any step fails
// (ec == boost::asio::error::address_in_use when the port is taken).
std::shared_ptr<boost::asio::ip::tcp::acceptor> open_tcp_acceptor(
    boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
    boost::system::error_code& ec);

}  // namespace openclaw::server
