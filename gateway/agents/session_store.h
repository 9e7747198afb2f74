// The sessions of every agent, in upstream's file layout (spec §4): the index
// agents/<agentId>/sessions/sessions.json (an object keyed by full session key, written
// atomically 0600) and one transcript per session, <sessionId>.jsonl, appended durably
// (fsync before an append returns). One writer per session at a time; different sessions
// are written in parallel. A transcript line that was acknowledged survives a crash; a torn
// last line (power cut mid-write) is skipped on read, never fatal.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agents/session_key.h"
#include "core/state/layout.h"
#include "core/util/result.h"
#include "providers/chat_model.h"

namespace openclaw::agents {

// One entry of sessions.json (upstream's SessionEntry fields this gateway maintains; unknown
// fields written by others are kept as they are in `extra`).
struct SessionEntry {
  std::string key;  // full key
  std::string session_id;  // UUID; names the transcript file
  std::int64_t updated_at = 0;  // ms since epoch
  std::optional<std::string> label;
  std::optional<std::string> display_name;
  std::optional<std::string> model;           // last model id that answered
  std::optional<std::string> model_provider;  // its provider
  std::int64_t input_tokens = 0;   // accumulated
  std::int64_t output_tokens = 0;
  std::int64_t total_tokens = 0;
  std::optional<std::string> thinking_level;
  bool aborted_last_run = false;
  nlohmann::json extra = nlohmann::json::object();

  nlohmann::json to_json() const;  // the sessions.json value
};

// One message line of a transcript.
struct TranscriptMessage {
  std::string id;  // unique within the transcript; append() assigns one when empty
  providers::Role role = providers::Role::User;
  std::string text;
  std::int64_t timestamp = 0;  // ms since epoch
  // Assistant messages: who answered, usage and why it stopped; errors and aborts are
  // recorded too (stop_reason "error" / "aborted", error_message set).
  std::optional<providers::ModelRef> model;
  std::optional<providers::TokenUsage> usage;
  std::optional<std::string> stop_reason;
  std::optional<std::string> error_message;
  std::optional<std::string> run_id;  // written as the message's idempotencyKey, as upstream does
  // 1-based position among the transcript's messages; set by history(), 0 otherwise.
  std::int64_t seq = 0;

  // The message as chat.history and chat events carry it:
  // {role, content:[{type:"text", text}], timestamp, ...}, plus __openclaw:{id, seq} when
  // seq is set (what upstream's chat.history attaches).
  nlohmann::json to_wire() const;
};

// A fresh transcript entry id (8 hex characters, as upstream's session manager makes them),
// for callers that need a message's id before appending it (chat.inject's messageId).
// append() assigns one itself when TranscriptMessage::id is empty.
std::string new_transcript_entry_id();

class SessionStore {
 public:
  explicit SessionStore(state::StateLayout layout);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // The entry for `key`, creating it (new sessionId, transcript with its header line) when
  // absent. Fails naming the file when the index or directory cannot be read or written
  // (e.g. disk full): nothing is half-written.
  Result<SessionEntry> open(const SessionKey& key);
  std::optional<SessionEntry> find(const SessionKey& key) const;

  // Appends one message to the session's transcript (opening the session if needed) and
  // bumps updatedAt; durable when it returns ok. An empty message id gets a fresh one; a
  // zero timestamp becomes now. A failure (disk full) leaves the transcript as it was and
  // names the file. A failure to bump updatedAt alone is not reported: the message is
  // recorded, and the next index write (record_usage) reports the condition.
  Status append(const SessionKey& key, const TranscriptMessage& message);
  // Adds usage to the entry's token counters and records the model that answered.
  Status record_usage(const SessionKey& key, const providers::ModelRef& model, const providers::TokenUsage& usage);
  Status set_aborted_last_run(const SessionKey& key, bool aborted);
  // The end of a run in one index write: bumps updatedAt, sets abortedLastRun, and (when a
  // model answered) adds its usage and records it as the session's model.
  Status record_run_end(const SessionKey& key, const std::optional<providers::ModelRef>& model,
                        const providers::TokenUsage& usage, bool aborted);

  // The last `limit` messages, oldest first, each with its seq (empty for an unknown
  // session). Lines that are not user/assistant/system messages (torn, tool results, model
  // changes) are skipped. Fails naming the file when the transcript cannot be read.
  Result<std::vector<TranscriptMessage>> history(const SessionKey& key, std::size_t limit) const;

  // Entries of one agent, or every agent under agents/ when `agent_id` is empty; most
  // recently updated first.
  std::vector<SessionEntry> list(std::string_view agent_id = {}) const;

  // Starts a new session id for `key` (the old transcript stays on disk, renamed
  // <oldId>.jsonl.reset.<ts> as upstream does); returns the new entry. Settings (label,
  // thinkingLevel, unknown fields) are kept; token counters, abortedLastRun and fields tied
  // to the old transcript (sessionFile, cacheRead, ...) start over. An unknown key is created.
  Result<SessionEntry> reset(const SessionKey& key);
  // Removes the entry; with `delete_transcript` its transcript is also moved out of the way
  // as upstream does (renamed <id>.jsonl.deleted.<ts>, so an operator can still recover it).
  // false: no such key.
  Result<bool> remove(const SessionKey& key, bool delete_transcript);

 private:
  struct AgentIndex;
  AgentIndex& index_for(const std::string& agent_id) const;

  state::StateLayout layout_;
  mutable std::mutex indexes_mutex_;
  mutable std::map<std::string, std::unique_ptr<AgentIndex>> indexes_;
};

}  // namespace openclaw::agents
