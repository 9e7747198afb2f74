#include "core/protocol/protocol_version.h"

#include <gtest/gtest.h>

namespace openclaw::protocol {
namespace {

TEST(NegotiateProtocol, PicksTheHighestSharedVersion) {
  EXPECT_EQ(negotiate_protocol(3, 4), 4);  // what the CLI and most third-party clients send
  EXPECT_EQ(negotiate_protocol(4, 4), 4);  // Swift/Kotlin apps send min = max
  EXPECT_EQ(negotiate_protocol(3, 5), 4);
  EXPECT_EQ(negotiate_protocol(1, 10), 4);
}

TEST(NegotiateProtocol, SpeaksVersion3ToOlderClients) {
  EXPECT_EQ(negotiate_protocol(3, 3), 3);
  EXPECT_EQ(negotiate_protocol(2, 3), 3);
  EXPECT_EQ(negotiate_protocol(1, 3), 3);
}

TEST(NegotiateProtocol, RefusesRangesThatDoNotMeet) {
  EXPECT_FALSE(negotiate_protocol(5, 5).has_value());  // too new
  EXPECT_FALSE(negotiate_protocol(1, 2).has_value());  // too old
  EXPECT_FALSE(negotiate_protocol(4, 3).has_value());  // empty range
}

TEST(ProtocolMismatchError, MatchesTheSampleRejection) {
  // handshake-negative-samples.json, "protocol v5 only (min=max=5)".
  const ErrorShape error = protocol_mismatch_error(5, 5);
  EXPECT_EQ(error.to_json(), nlohmann::json::parse(R"({
    "code": "INVALID_REQUEST", "message": "protocol mismatch",
    "details": {"code": "PROTOCOL_MISMATCH", "clientMinProtocol": 5, "clientMaxProtocol": 5,
                "expectedProtocol": 4, "minimumProbeProtocol": 3}})"));
  EXPECT_EQ(protocol_mismatch_error(1, 2).details["clientMaxProtocol"], 2);
}

}  // namespace
}  // namespace openclaw::protocol
