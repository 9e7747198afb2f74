// Wall-clock milliseconds since the Unix epoch: the unit of every timestamp on the wire and
// in the state files (ts, createdAtMs, signedAt, updatedAtMs).
#pragma once

#include <chrono>
#include <cstdint>

namespace openclaw {

inline std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace openclaw
