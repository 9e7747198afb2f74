// The lines of a transcript as upstream writes them (its session manager's format, version
// 3), so that the real OpenClaw can read what this gateway wrote and the other way round:
//   {"type":"session","version":3,"id":<sessionId>,"timestamp":<ISO>,"cwd":<dir>}
//   {"type":"message","id":<8 hex>,"parentId":<previous entry id|null>,"timestamp":<ISO>,
//    "message":{"role", "content":[{"type":"text","text"}], "timestamp":<ms>, ...}}
// Assistant messages also carry provider, model, usage {input, output, cacheRead,
// cacheWrite, totalTokens, cost{...}}, stopReason and errorMessage.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "agents/session_store.h"

namespace openclaw::agents {

inline constexpr int kTranscriptVersion = 3;

// The first line of a new transcript.
nlohmann::json transcript_header(std::string_view session_id, std::int64_t now_ms,
                                 const std::string& cwd);

// The line recording `message` under entry id `id`, chained to the entry before it
// (`parent_id`, nullopt for the first). A zero message timestamp is taken as `now_ms`.
nlohmann::json transcript_message_entry(const TranscriptMessage& message, const std::string& id,
                                        const std::optional<std::string>& parent_id,
                                        std::int64_t now_ms);

// The message a transcript line records, or nullopt for anything else (the header, model
// changes, tool results, lines of another shape). Text is the concatenation of the
// message's text parts.
std::optional<TranscriptMessage> message_from_transcript_entry(const nlohmann::json& entry);

// The id of an entry that takes part in the parent chain (every line but the header), or
// nullopt.
std::optional<std::string> transcript_entry_id(const nlohmann::json& entry);

// One line of JSON without its newline; invalid UTF-8 (from a model) is replaced, never a
// reason to lose a message.
std::string render_transcript_line(const nlohmann::json& entry);

// "2026-04-13T12:34:56.789Z".
std::string iso_timestamp(std::int64_t ms);
// The same with '-' for ':' as upstream names archived transcripts:
// <sessionId>.jsonl.reset.2026-04-13T12-34-56.789Z.
std::string archive_timestamp(std::int64_t ms);

}  // namespace openclaw::agents
