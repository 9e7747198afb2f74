#include "server/state_write_monitor.h"

#include "core/state/write_health.h"

namespace openclaw::server {

StateWriteMonitor::StateWriteMonitor(boost::asio::io_context& io, std::filesystem::path directory,
                                     log::Logger logger, std::chrono::milliseconds interval)
    : timer_(io), directory_(std::move(directory)), logger_(std::move(logger)), interval_(interval) {}

void StateWriteMonitor::start() {
  stopped_ = false;
  schedule();
}

void StateWriteMonitor::stop() {
  stopped_ = true;
  timer_.cancel();
}

void StateWriteMonitor::schedule() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    check();
    schedule();
  });
}

void StateWriteMonitor::check() {
  auto& health = state::state_write_health();
  auto unwritable = health.unwritable();
  if (unwritable && !reported_unwritable_) {
    logger_.warn("state directory not writable; writes fail until it is (reads keep working)",
                 {{"store", unwritable->store}, {"code", unwritable->code}, {"path", unwritable->path}});
    reported_unwritable_ = true;
  }
  // Probe only while writes fail: a healthy directory is not written to for nothing.
  if (unwritable) (void)state::probe_state_directory(directory_);
  if (reported_unwritable_ && !health.unwritable()) {
    logger_.info("state directory writable again", {{"dir", directory_.string()}});
    reported_unwritable_ = false;
  }
}

}  // namespace openclaw::server
