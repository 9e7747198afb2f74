// Watches the state directory's write health (core/state/write_health.h) while the gateway
// runs: logs when it becomes unwritable (warn, once, naming the store, the file and the
// errno: ENOSPC, EROFS, EACCES, ...) and when it takes writes again, and while it is
// unwritable probes it every `interval` with a small write, so readiness (/readyz) and
// openclaw_state_writable recover when space returns even if nothing else writes.
// Runs on the io_context; start() and stop() from the thread that runs `gateway run`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>

#include "core/log/logger.h"

namespace openclaw::server {

class StateWriteMonitor {
 public:
  StateWriteMonitor(boost::asio::io_context& io, std::filesystem::path directory, log::Logger logger,
                    std::chrono::milliseconds interval = std::chrono::seconds(2));

  void start();
  void stop();

 private:
  void schedule();
  void check();

  boost::asio::steady_timer timer_;
  std::filesystem::path directory_;
  log::Logger logger_;
  std::chrono::milliseconds interval_;
  bool reported_unwritable_ = false;
  bool stopped_ = false;
};

}  // namespace openclaw::server
