#include "core/log/sink.h"

#include <unistd.h>

#include <cerrno>

namespace openclaw::log {

void FdSink::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  // A pipe or terminal may take the line in pieces; finish it before releasing the lock.
  while (!line.empty()) {
    const ssize_t written = ::write(fd_, line.data(), line.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    line.remove_prefix(static_cast<std::size_t>(written));
  }
}

void StreamSink::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  stream_.write(line.data(), static_cast<std::streamsize>(line.size()));
  stream_.flush();
}

}  // namespace openclaw::log
