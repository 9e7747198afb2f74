// The params of the chat, agent and sessions RPCs, read against upstream's closed TypeBox
// schemas (spec §2.3, `schema/logs-chat.ts`, `agent.ts`, `sessions.ts`): an unknown member,
// a missing required one or a wrong type answers INVALID_REQUEST
// "invalid <method> params: at /<field>: must be string" (or "at root: unexpected property
// 'x'"), naming the field and never echoing its value. Only the shape is checked here;
// session keys, agent ids and model refs are resolved against the config by the handlers.
// Also the UNAVAILABLE answer all of these methods share.
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/error_shape.h"

namespace openclaw::server::rpc {

template <class T>
using Parsed = std::expected<T, protocol::ErrorShape>;

// What every one of these methods answers on a gateway whose agents are not wired:
// UNAVAILABLE "agents are not available on this gateway".
protocol::ErrorShape agents_unavailable();

inline constexpr std::size_t kMaxChatSessionKeyLength = 512;
inline constexpr std::int64_t kMaxHistoryLimit = 1000;
inline constexpr std::int64_t kMaxHistoryChars = 500'000;

struct ChatSendParams {
  std::string session_key;
  std::string message;
  std::string idempotency_key;
  std::optional<std::int64_t> timeout_ms;
  bool has_attachments = false;
};
// chat.send {sessionKey (1..512), message, thinking?, deliver?, originatingChannel?,
// originatingTo?, originatingAccountId?, originatingThreadId?, attachments?[], timeoutMs?,
// systemInputProvenance?, systemProvenanceReceipt?, idempotencyKey}.
Parsed<ChatSendParams> parse_chat_send(const nlohmann::json& params);

struct ChatHistoryParams {
  std::string session_key;
  std::optional<std::int64_t> limit;      // 1..1000
  std::optional<std::int64_t> max_chars;  // 1..500000
};
Parsed<ChatHistoryParams> parse_chat_history(const nlohmann::json& params);

struct ChatAbortParams {
  std::string session_key;
  std::optional<std::string> run_id;
};
Parsed<ChatAbortParams> parse_chat_abort(const nlohmann::json& params);

struct AgentParams {
  std::string message;
  std::string idempotency_key;
  std::optional<std::string> agent_id;
  std::optional<std::string> session_key;
  std::optional<std::string> session_id;
  std::optional<std::string> provider;
  std::optional<std::string> model;
  std::optional<std::string> extra_system_prompt;
  std::optional<std::int64_t> timeout_seconds;
  std::optional<std::string> label;
};
// agent {message (non-empty), idempotencyKey, agentId?, provider?, model?, to?, replyTo?,
// sessionId?, sessionKey?, thinking?, deliver?, attachments?, channel?, replyChannel?,
// accountId?, replyAccountId?, threadId?, groupId?, groupChannel?, groupSpace?, timeout?,
// bestEffortDeliver?, lane?, extraSystemPrompt?, internalEvents?, inputProvenance?, label?}.
Parsed<AgentParams> parse_agent(const nlohmann::json& params);

struct AgentWaitParams {
  std::string run_id;
  std::optional<std::int64_t> timeout_ms;
};
Parsed<AgentWaitParams> parse_agent_wait(const nlohmann::json& params);

struct SessionsListParams {
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> active_minutes;
  bool include_global = false;
  bool include_unknown = false;
  bool include_derived_titles = false;
  bool include_last_message = false;
  std::optional<std::string> label;
  std::optional<std::string> spawned_by;
  std::optional<std::string> agent_id;
  std::optional<std::string> search;
};
Parsed<SessionsListParams> parse_sessions_list(const nlohmann::json& params);

struct SessionsPreviewParams {
  std::vector<std::string> keys;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> max_chars;
};
Parsed<SessionsPreviewParams> parse_sessions_preview(const nlohmann::json& params);

struct SessionsResetParams {
  std::string key;
  std::optional<std::string> reason;  // "new" | "reset"
};
Parsed<SessionsResetParams> parse_sessions_reset(const nlohmann::json& params);

struct SessionsDeleteParams {
  std::string key;
  bool delete_transcript = true;  // upstream's default
};
Parsed<SessionsDeleteParams> parse_sessions_delete(const nlohmann::json& params);

}  // namespace openclaw::server::rpc
