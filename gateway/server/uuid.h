// Random (version 4) UUID strings, as crypto.randomUUID() makes them: challenge nonces,
// connection ids, request ids.
#pragma once

#include <string>

namespace openclaw::server {

std::string random_uuid();

}  // namespace openclaw::server
