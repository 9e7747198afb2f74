// OpenAI request bodies → what an agent run takes (spec §6): the chat completions
// `messages[]` and the OpenResponses `input` become a system prompt addition (system /
// developer messages), the earlier turns (history) and the message to answer (the last
// user turn). Images, files and tool turns are not carried.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "providers/chat_model.h"

namespace openclaw::server {

struct AgentPrompt {
  std::string message;                          // the last user turn, trimmed
  std::vector<providers::ChatMessage> history;  // earlier user/assistant turns, oldest first
  std::string system_prompt;                    // system/developer texts, joined by blank lines
};

// The text of a message `content`: a string as is, or the `text` of each part of type
// "text" / "input_text" / "output_text" (or a part's `input_text` string) joined by
// newlines; "" for anything else.
std::string content_text(const nlohmann::json& content);

// From chat completions `messages`: entries that are not objects, have no role, or no text
// are skipped; roles other than system/developer/user/assistant (tool, function) are not
// carried; turns after the last user message are dropped. Fails "Missing user message in
// `messages`." when no user message has text.
Result<AgentPrompt> prompt_from_chat_messages(const nlohmann::json& messages);

// From OpenResponses `input` (a string, or items of type "message" — the type may be
// left out — with role system/developer/user/assistant and string or part content) and
// `instructions` (placed before the system/developer texts). Other item types are not
// carried. Fails "Missing user message in `input`." when there is no user text.
Result<AgentPrompt> prompt_from_responses_input(const nlohmann::json& input, std::string_view instructions);

}  // namespace openclaw::server
