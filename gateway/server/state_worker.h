// StateWorker: one thread for the work that waits on the disk, so that the I/O threads never
// do. A connect that presents a device may write devices/paired.json (a whole-file atomic
// write with fsync, which grows with every paired device); on an I/O thread, a burst of new
// devices stalled every other socket, /healthz included, behind those writes.
//
// One thread, because the pairing store serialises its writes on its own mutex anyway: a
// second thread would only wait there. Work runs in the order it was queued.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <utility>

namespace openclaw::server {

class StateWorker {
 public:
  StateWorker() = default;
  StateWorker(const StateWorker&) = delete;
  StateWorker& operator=(const StateWorker&) = delete;
  // Work still queued is dropped (its completion never runs); work in progress finishes.
  ~StateWorker();

  // Runs `work()` on the worker thread, then `done(result)` on `executor` (a session's
  // strand). Until `done` has run, the executor's io_context counts it as outstanding work,
  // so io_context::run() does not return in between.
  template <class Executor, class Work, class Done>
  void run(const Executor& executor, Work work, Done done) {
    boost::asio::post(pool_, [guard = boost::asio::make_work_guard(executor), work = std::move(work),
                              done = std::move(done)]() mutable {
      auto result = work();
      boost::asio::post(guard.get_executor(),
                        [result = std::move(result), done = std::move(done)]() mutable { done(std::move(result)); });
    });
  }

 private:
  boost::asio::thread_pool pool_{1};
};

}  // namespace openclaw::server
