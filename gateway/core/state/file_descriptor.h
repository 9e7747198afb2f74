// FileDescriptor: owns a POSIX file descriptor and closes it on every exit path.
#pragma once

#include <unistd.h>

namespace openclaw::state {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }

  int get() const { return fd_; }

  // Closes now and returns close(2)'s result: after a write, a failing close can be the
  // only report of a deferred write error, so writers must see it.
  int close_now() {
    int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

}  // namespace openclaw::state
