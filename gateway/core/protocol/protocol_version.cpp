#include "core/protocol/protocol_version.h"

#include <algorithm>

namespace openclaw::protocol {

std::optional<int> negotiate_protocol(int min_protocol, int max_protocol) {
  const int chosen = std::min(kCurrentProtocol, max_protocol);
  if (chosen < min_protocol || chosen < kMinClientProtocol) return std::nullopt;
  return chosen;
}

ErrorShape protocol_mismatch_error(int client_min, int client_max) {
  return ErrorShape{kInvalidRequest,
                    "protocol mismatch",
                    {{"code", "PROTOCOL_MISMATCH"},
                     {"clientMinProtocol", client_min},
                     {"clientMaxProtocol", client_max},
                     {"expectedProtocol", kCurrentProtocol},
                     {"minimumProbeProtocol", kMinClientProtocol}},
                    std::nullopt,
                    std::nullopt};
}

}  // namespace openclaw::protocol
