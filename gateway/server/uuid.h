// crypto::random_uuid() for the server's hot paths (challenge nonces, connection and invoke
// ids), which have no error channel: a failing CSPRNG would leave nonces guessable, so the
// process stops rather than continue.
#pragma once

#include <string>

namespace openclaw::server {

std::string random_uuid();

}  // namespace openclaw::server
