// Protocol version negotiation (spec §1.4). This gateway speaks v3 ([Apr]) and v4
// ([Latest]) and picks the highest version both sides share, so clients of either era
// connect; v4-only behaviour is switched on per socket from the negotiated number.
#pragma once

#include <optional>

#include "core/protocol/error_shape.h"

namespace openclaw::protocol {

inline constexpr int kCurrentProtocol = 4;
inline constexpr int kMinClientProtocol = 3;

// The version to speak with a client offering [min_protocol, max_protocol]:
// min(kCurrentProtocol, max_protocol) when that is within the client's range and at least
// kMinClientProtocol; nullopt when the ranges do not meet. (Upstream [Latest] accepts v3 only
// from nodes and probes; accepting it from everyone is this gateway's decision.)
std::optional<int> negotiate_protocol(int min_protocol, int max_protocol);

// INVALID_REQUEST "protocol mismatch" with details {code:"PROTOCOL_MISMATCH",
// clientMinProtocol, clientMaxProtocol, expectedProtocol:4, minimumProbeProtocol:3}, as the
// upstream gateway answers before closing 1002 "protocol mismatch".
ErrorShape protocol_mismatch_error(int client_min, int client_max);

}  // namespace openclaw::protocol
