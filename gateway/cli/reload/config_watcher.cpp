#include "cli/reload/config_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace openclaw::cli::reload {
namespace {

namespace asio = boost::asio;

constexpr std::uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;

}  // namespace

struct ConfigWatcher::Impl : std::enable_shared_from_this<ConfigWatcher::Impl> {
  Impl(asio::io_context& io, log::Logger log, std::function<void()> callback)
      : strand(asio::make_strand(io)),
        descriptor(strand),
        timer(strand),
        logger(std::move(log)),
        on_change(std::move(callback)) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::posix::stream_descriptor descriptor;
  asio::steady_timer timer;
  log::Logger logger;
  std::function<void()> on_change;
  std::array<char, 8192> buffer{};
  bool stopped = false;  // on the strand

  // watch() runs on the caller's thread, so the first watch is in place before `gateway run`
  // says "ready"; the strand reads these under the mutex.
  std::mutex mutex;
  int inotify_fd = -1;
  std::chrono::milliseconds debounce{300};
  std::map<int, std::filesystem::path> directories;               // watch descriptor -> directory
  std::set<std::pair<std::filesystem::path, std::string>> names;  // (directory, file name)

  // REQUIRES: `mutex` held.
  void apply(const std::vector<std::filesystem::path>& files) {
    if (inotify_fd < 0) return;
    std::set<std::filesystem::path> wanted_directories;
    names.clear();
    for (const auto& file : files) {
      const auto absolute = file.lexically_normal();
      wanted_directories.insert(absolute.parent_path());
      names.insert({absolute.parent_path(), absolute.filename().string()});
    }
    for (auto it = directories.begin(); it != directories.end();) {
      if (wanted_directories.contains(it->second)) {
        ++it;
        continue;
      }
      ::inotify_rm_watch(inotify_fd, it->first);
      it = directories.erase(it);
    }
    for (const auto& directory : wanted_directories) {
      const int wd = ::inotify_add_watch(inotify_fd, directory.c_str(), kEvents);
      if (wd < 0) {
        logger.debug("not watching a directory for config reload",
                     {{"directory", directory.string()}, {"error", std::strerror(errno)}});
        continue;
      }
      directories[wd] = directory;
    }
  }

  void read() {
    descriptor.async_read_some(
        asio::buffer(buffer),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t size) {
          if (ec || self->stopped) return;
          self->on_events(size);
          self->read();
        });
  }

  void on_events(std::size_t size) {
    bool relevant = false;
    std::unique_lock lock(mutex);
    for (std::size_t offset = 0; offset + sizeof(inotify_event) <= size;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + offset);
      offset += sizeof(inotify_event) + event->len;
      if (event->mask & IN_IGNORED) {
        directories.erase(event->wd);  // the directory went away
        continue;
      }
      const auto directory = directories.find(event->wd);
      if (directory == directories.end() || event->len == 0) continue;
      if (names.contains({directory->second, std::string(event->name)})) relevant = true;
    }
    const auto wait = debounce;
    lock.unlock();
    if (!relevant) return;
    timer.expires_after(wait);
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped) return;
      self->on_change();
    });
  }
};

ConfigWatcher::ConfigWatcher(asio::io_context& io, log::Logger logger,
                             std::function<void()> on_change)
    : impl_(std::make_shared<Impl>(io, std::move(logger), std::move(on_change))) {}

ConfigWatcher::~ConfigWatcher() { stop(); }

Status ConfigWatcher::start() {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return fail(std::string("cannot watch the config file (inotify): ") + std::strerror(errno));
  boost::system::error_code ec;
  impl_->descriptor.assign(fd, ec);
  if (ec) {
    ::close(fd);
    return fail("cannot watch the config file (inotify): " + ec.message());
  }
  {
    std::lock_guard lock(impl_->mutex);
    impl_->inotify_fd = fd;
  }
  asio::post(impl_->strand, [impl = impl_] { impl->read(); });
  return {};
}

void ConfigWatcher::watch(std::vector<std::filesystem::path> files,
                          std::chrono::milliseconds debounce) {
  std::lock_guard lock(impl_->mutex);
  impl_->debounce = debounce;
  impl_->apply(files);
}

void ConfigWatcher::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    if (impl->stopped) return;
    impl->stopped = true;
    impl->timer.cancel();
    {
      std::lock_guard lock(impl->mutex);
      impl->inotify_fd = -1;
      impl->directories.clear();
    }
    boost::system::error_code ignored;
    impl->descriptor.close(ignored);
  });
}

}  // namespace openclaw::cli::reload
