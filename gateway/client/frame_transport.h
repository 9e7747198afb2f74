// One WebSocket to the gateway, driven synchronously with deadlines: over TCP (ws://), TLS
// (wss://, verified against a CA bundle with SNI and a host-name check, or pinned by
// certificate fingerprint) or the admin Unix socket. A read is always outstanding once the
// socket is open, so waiting for a frame can time out without disturbing the stream, and
// pings are answered while the caller is busy elsewhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "client/gateway_client.h"

namespace openclaw::client {

class FrameTransport {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects and upgrades to WebSocket before `deadline`. Errors (operator-facing, no
  // secrets): Unreachable for DNS, refused/reset/no such socket, TLS and upgrade failures,
  // naming the target; Timeout with an empty message (the caller knows what it waited for).
  static ClientResult<std::unique_ptr<FrameTransport>> open(const ConnectOptions& options, Clock::time_point deadline);

  virtual ~FrameTransport() = default;

  // The next text frame. Timeout (empty message) leaves the connection usable; Closed when
  // the gateway closed it (close_code/close_reason set; 1006 when it vanished without a close
  // frame).
  virtual ClientResult<std::string> read(Clock::time_point deadline) = 0;

  // Sends one text frame. Any failure is fatal for the connection.
  virtual ClientResult<void> write(std::string text, Clock::time_point deadline) = 0;

  // Sends a close frame with `code` and waits up to `grace` for the gateway's answer, then
  // drops the socket. Safe to call more than once and after the gateway closed.
  virtual void close(std::uint16_t code, std::chrono::milliseconds grace) = 0;
};

}  // namespace openclaw::client
