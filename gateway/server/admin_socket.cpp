#include "server/admin_socket.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/strand.hpp>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <system_error>

#include "server/http/http_session.h"

namespace openclaw::server {
namespace {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

// sun_path holds the path and its terminating NUL.
constexpr std::size_t kMaxSocketPathBytes = sizeof(sockaddr_un::sun_path) - 1;
// Remembered refused uids, so a client retrying in a loop logs once; bounded.
constexpr std::size_t kMaxRememberedUids = 1024;
// The failure reason counted for refused peers (openclaw_auth_failures_total{reason}).
constexpr std::string_view kRefusedReason = "admin_socket_peer_uid";

std::string system_reason(int error) { return std::generic_category().message(error); }

enum class Occupant { Nothing, StaleSocket, LiveSocket, NotASocket };

// What is at `path` now: nothing; a socket file nobody accepts on (its gateway is gone); a
// socket someone accepts on; or some other file. Fails when that cannot be told.
Result<Occupant> inspect(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Occupant::Nothing;
    return fail("cannot inspect " + path.string() + ": " + system_reason(errno));
  }
  if (!S_ISSOCK(info.st_mode)) return Occupant::NotASocket;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return fail("cannot create a Unix socket: " + system_reason(errno));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.native().size());
  const int connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  const int error = errno;
  ::close(fd);
  if (connected == 0) return Occupant::LiveSocket;
  // A full backlog (EAGAIN) still means a process is listening.
  if (error == EAGAIN || error == EINPROGRESS) return Occupant::LiveSocket;
  if (error == ECONNREFUSED) return Occupant::StaleSocket;
  if (error == ENOENT) return Occupant::Nothing;
  return fail("cannot check the existing admin socket " + path.string() + ": " +
              system_reason(error));
}

}  // namespace

struct AdminSocketListener::Impl {
  Impl(asio::io_context& io_context, GatewayContext& gateway) : io(io_context), context(gateway) {}

  asio::io_context& io;
  GatewayContext& context;
  std::unique_ptr<local::acceptor> acceptor;
  std::filesystem::path path;
  // The socket file we created, so stop() never removes one that replaced it.
  dev_t device = 0;
  ino_t inode = 0;
  uid_t owner_uid = 0;  // owner of the state directory
  std::atomic<bool> stopping{false};
  std::mutex refused_mutex;
  std::set<uid_t> refused_uids;

  void accept() {
    acceptor->async_accept(asio::make_strand(io),
                           [this](boost::system::error_code ec, local::socket socket) {
                             if (ec == asio::error::operation_aborted || stopping) return;
                             if (!ec) on_accept(std::move(socket));
                             accept();
                           });
  }

  void on_accept(local::socket socket) {
    ucred peer{};
    socklen_t length = sizeof(peer);
    if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0) {
      context.logger().warn("admin socket: cannot read the peer's credentials; closing",
                            {{"error", system_reason(errno)}});
      return;  // the socket closes as it goes out of scope
    }
    if (peer.uid != 0 && peer.uid != owner_uid) return refuse(socket, peer);
    context.logger().debug("admin socket connection", {{"uid", peer.uid}, {"pid", peer.pid}});
    start_admin_socket_http_session(AdminSocketStream(std::move(socket)), context);
  }

  // Tells the peer why in one short HTTP answer (a client sees "403 ... uid N may not use
  // this socket" rather than a bare reset), then closes. The write never blocks: a peer
  // that does not read loses the explanation, not our time.
  void refuse(local::socket& socket, const ucred& peer) {
    const std::string body = "admin socket: uid " + std::to_string(peer.uid) +
                             " may not use it (only root and the state directory's owner, uid " +
                             std::to_string(owner_uid) + ")\n";
    const std::string answer = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"
                               "Connection: close\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)::send(socket.native_handle(), answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    context.metrics().auth_failure(kRefusedReason);
    bool first_time = false;
    {
      std::lock_guard lock(refused_mutex);
      if (refused_uids.size() >= kMaxRememberedUids) refused_uids.clear();
      first_time = refused_uids.insert(peer.uid).second;
    }
    if (first_time) {
      context.logger().warn(
          "admin socket: refused a peer that is neither root nor the state directory's owner",
          {{"uid", peer.uid},
           {"pid", peer.pid},
           {"ownerUid", owner_uid},
           {"path", context.settings()->layout.admin_socket().string()}});
    }
  }

  Status bind(const std::filesystem::path& target) {
    struct stat state_dir {};
    const auto root = context.settings()->layout.root();
    if (::stat(root.c_str(), &state_dir) != 0) {
      return fail("cannot inspect the state directory " + root.string() + ": " +
                  system_reason(errno));
    }
    auto occupant = inspect(target);
    if (!occupant) return std::unexpected(occupant.error());
    switch (*occupant) {
      case Occupant::LiveSocket:
        return fail("another gateway is already serving the admin socket " + target.string() +
                    " (same state directory " + root.string() + "); stop it first");
      case Occupant::NotASocket:
        return fail("cannot create the admin socket " + target.string() +
                    ": a file that is not a socket is in the way; move it aside");
      case Occupant::StaleSocket:
        if (::unlink(target.c_str()) != 0 && errno != ENOENT) {
          return fail("cannot remove the stale admin socket " + target.string() + ": " +
                      system_reason(errno));
        }
        context.logger().info("replaced a stale admin socket left by a gateway that is gone",
                              {{"path", target.string()}});
        break;
      case Occupant::Nothing:
        break;
    }

    auto next = std::make_unique<local::acceptor>(io);
    boost::system::error_code ec;
    next->open(local(), ec);
    if (!ec) {
      // The file is created 0600 by bind itself: no moment where others could connect.
      const mode_t previous = ::umask(0177);
      next->bind(local::endpoint(target.string()), ec);
      ::umask(previous);
      if (ec == asio::error::address_in_use) {
        return fail("another gateway is already serving the admin socket " + target.string() +
                    "; stop it first");
      }
    }
    if (!ec) next->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return fail("cannot listen on the admin socket " + target.string() + ": " + ec.message());
    struct stat created {};
    if (::lstat(target.c_str(), &created) == 0) {
      device = created.st_dev;
      inode = created.st_ino;
    }
    owner_uid = state_dir.st_uid;
    acceptor = std::move(next);
    path = target;
    return {};
  }
};

AdminSocketListener::AdminSocketListener(asio::io_context& io, GatewayContext& context)
    : impl_(std::make_unique<Impl>(io, context)) {}

AdminSocketListener::~AdminSocketListener() { stop(); }

Status AdminSocketListener::start() {
  const auto target = impl_->context.settings()->layout.admin_socket();
  if (target.native().size() > kMaxSocketPathBytes) {
    impl_->context.logger().warn(
        "the admin socket path is too long for a Unix socket (" +
            std::to_string(target.native().size()) + " bytes, at most " +
            std::to_string(kMaxSocketPathBytes) +
            "); running without the admin socket: use a shorter state directory path",
        {{"path", target.string()}, {"length", target.native().size()}});
    return {};
  }
  if (auto bound = impl_->bind(target); !bound) return bound;
  impl_->accept();
  impl_->context.logger().info("admin socket on unix:" + impl_->path.string(),
                               {{"path", impl_->path.string()}});
  return {};
}

void AdminSocketListener::stop() {
  if (!impl_->acceptor || impl_->stopping.exchange(true)) return;
  boost::system::error_code ignored;
  impl_->acceptor->close(ignored);
  struct stat current {};
  if (::lstat(impl_->path.c_str(), &current) == 0 && current.st_dev == impl_->device &&
      current.st_ino == impl_->inode) {
    (void)::unlink(impl_->path.c_str());
  }
  impl_->path.clear();
  // The acceptor object stays until destruction: a cancelled accept may still reference it.
}

const std::filesystem::path& AdminSocketListener::path() const { return impl_->path; }

}  // namespace openclaw::server
