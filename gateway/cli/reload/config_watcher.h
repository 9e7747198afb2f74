// Notices edits of the config file and of the secret files it points at, and calls back once
// things have settled (gateway.reload.debounceMs, spec §5.2). Editors, `openclaw config set`
// and `openclaw-provision token rotate` replace files by renaming a temporary file over them,
// which a watch on the file itself would miss (the watched inode is gone), so this watches
// the files' directories with inotify and filters by name: a write that is closed, a rename
// onto or away from the name, a create and a delete all count. A directory that does not
// exist is skipped until the next watch(); SIGHUP covers what this cannot see ($include
// files, a ConfigMap symlink swap).
//
// Everything runs on one strand of the io_context, so `on_change` never runs twice at once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "core/log/logger.h"
#include "core/util/result.h"

namespace openclaw::cli::reload {

class ConfigWatcher {
 public:
  ConfigWatcher(boost::asio::io_context& io, log::Logger logger, std::function<void()> on_change);
  ~ConfigWatcher();
  ConfigWatcher(const ConfigWatcher&) = delete;
  ConfigWatcher& operator=(const ConfigWatcher&) = delete;

  // Opens the inotify instance and starts reading it. Fails when inotify is unavailable
  // (the gateway then runs without a file watch; SIGHUP still reloads).
  Status start();

  // Watches exactly `files` from now on (in place when this returns), calling back
  // `debounce` after the last change. Safe from any thread.
  void watch(std::vector<std::filesystem::path> files, std::chrono::milliseconds debounce);

  // Stops reading and cancels a pending callback. Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace openclaw::cli::reload
