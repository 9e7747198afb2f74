#include "server/state_worker.h"

namespace openclaw::server {

StateWorker::~StateWorker() {
  pool_.stop();
  pool_.join();
}

}  // namespace openclaw::server
