// One agent run as clients watch it (spec §2.3, §1.13; upstream `server-chat.ts`,
// `chat-abort.ts`): `agent` events {runId, seq, stream, ts, data, sessionKey} for the
// lifecycle (start, end, error) and every piece of assistant text, and `chat` events
// {runId, sessionKey, seq, state, message?, ...} for the chat surfaces. `seq` counts the
// run's agent events; a chat event carries the seq of the agent event it belongs to.
//
// Chat deltas are throttled to one per 150 ms as upstream does (message stays cumulative;
// protocol-4 sockets also get `deltaText`, the text since the previous delta they were
// sent), and whatever the throttle held back is flushed before the final event, which is
// always sent. Events wait until release() so a client sees the RPC's acknowledgement
// before the run's first event.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/agent_runtime.h"

namespace openclaw::server {

class GatewayContext;

// Upstream's chat delta throttle.
inline constexpr std::int64_t kChatDeltaIntervalMs = 150;

class RunEventStream {
 public:
  // `chat_session_key` is the key chat events carry (what the client sent, as upstream
  // echoes it); `session_key` is the full key agent events carry.
  RunEventStream(GatewayContext& context, std::string run_id, std::string chat_session_key, std::string session_key);

  // Callbacks for AgentRuntime::start that feed this stream; `after_done` runs once the
  // run's last events have been broadcast, never before release() (the agent RPC sends its
  // final answer there, after the accepted one). Call before AgentRuntime::start.
  static agents::RunCallbacks callbacks(const std::shared_ptr<RunEventStream>& stream,
                                        std::function<void(const agents::RunOutcome&)> after_done = {});

  // Broadcasts the events held so far and every later one at once.
  void release();

  void on_delta(std::string_view delta, const std::string& cumulative);
  void on_done(const agents::RunOutcome& outcome);

 private:
  struct Pending {
    std::string event;
    nlohmann::json payload;
    std::optional<nlohmann::json> v4_payload;
    bool drop_if_slow = false;
  };

  void start_locked(std::int64_t now);
  void emit_end_locked(const agents::RunOutcome& outcome);
  void agent_event_locked(std::string_view stream, nlohmann::json data, std::int64_t now);
  void chat_delta_locked(std::int64_t now);
  void emit_locked(Pending event);
  nlohmann::json chat_base(std::string_view state) const;

  GatewayContext& context_;
  const std::string run_id_;
  const std::string chat_session_key_;
  const std::string session_key_;

  std::mutex mutex_;
  bool released_ = false;
  std::vector<Pending> held_;
  bool started_ = false;
  std::int64_t started_at_ = 0;
  std::uint64_t seq_ = 0;
  std::string text_;             // all assistant text so far
  std::size_t sent_length_ = 0;  // how much of it the last chat delta carried
  std::int64_t last_delta_at_ = 0;
  std::function<void(const agents::RunOutcome&)> after_done_;  // set before the run starts
  std::optional<agents::RunOutcome> ended_before_release_;
};

// The assistant message chat events and chat.history carry:
// {role:"assistant", content:[{type:"text", text}], timestamp}.
nlohmann::json assistant_message(const std::string& text, std::int64_t timestamp);

// Token usage as upstream's transcript messages write it:
// {input, output, cacheRead, cacheWrite, totalTokens}.
nlohmann::json usage_json(const providers::TokenUsage& usage);

}  // namespace openclaw::server
