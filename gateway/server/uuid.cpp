#include "server/uuid.h"

#include <cstdlib>

#include "core/crypto/random.h"

namespace openclaw::server {

std::string random_uuid() {
  auto id = crypto::random_uuid();
  if (!id) std::abort();
  return *id;
}

}  // namespace openclaw::server
