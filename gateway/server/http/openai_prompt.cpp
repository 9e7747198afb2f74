#include "server/http/openai_prompt.h"

#include "core/util/text.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

struct Turn {
  std::string role;  // "system", "user" or "assistant" ("developer" folded into "system")
  std::string text;
};

std::string string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// Splits turns into the prompt: system texts joined, the last user turn as the message,
// the user/assistant turns before it as history.
Result<AgentPrompt> assemble(const std::vector<Turn>& turns, std::vector<std::string> system_parts,
                             std::string_view missing_message) {
  AgentPrompt prompt;
  std::vector<const Turn*> conversation;
  for (const auto& turn : turns) {
    if (turn.role == "system") {
      system_parts.push_back(turn.text);
    } else {
      conversation.push_back(&turn);
    }
  }
  std::size_t last_user = conversation.size();
  for (std::size_t i = conversation.size(); i-- > 0;) {
    if (conversation[i]->role == "user") {
      last_user = i;
      break;
    }
  }
  if (last_user == conversation.size()) return fail(std::string(missing_message));
  for (std::size_t i = 0; i < last_user; ++i) {
    const auto role = conversation[i]->role == "assistant" ? providers::Role::Assistant : providers::Role::User;
    prompt.history.push_back(providers::ChatMessage{role, conversation[i]->text});
  }
  prompt.message = conversation[last_user]->text;
  for (const auto& part : system_parts) {
    if (part.empty()) continue;
    if (!prompt.system_prompt.empty()) prompt.system_prompt += "\n\n";
    prompt.system_prompt += part;
  }
  return prompt;
}

// The turn an OpenAI message object carries, or nullopt when it has no usable role or text.
std::optional<Turn> turn_of(const json& message) {
  if (!message.is_object()) return std::nullopt;
  std::string role(trim(string_field(message, "role")));
  if (role == "developer") role = "system";
  if (role != "system" && role != "user" && role != "assistant") return std::nullopt;
  const auto content = message.find("content");
  std::string text(content == message.end() ? std::string_view{} : trim(content_text(*content)));
  if (text.empty()) return std::nullopt;
  return Turn{std::move(role), std::move(text)};
}

}  // namespace

std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) return {};
  std::string text;
  for (const auto& part : content) {
    if (!part.is_object()) continue;
    const std::string type = string_field(part, "type");
    std::string piece;
    if (type == "text" || type == "input_text" || type == "output_text") piece = string_field(part, "text");
    if (piece.empty()) piece = string_field(part, "input_text");
    if (piece.empty()) continue;
    if (!text.empty()) text += "\n";
    text += piece;
  }
  return text;
}

Result<AgentPrompt> prompt_from_chat_messages(const json& messages) {
  std::vector<Turn> turns;
  if (messages.is_array()) {
    for (const auto& message : messages) {
      if (auto turn = turn_of(message)) turns.push_back(std::move(*turn));
    }
  }
  return assemble(turns, {}, "Missing user message in `messages`.");
}

Result<AgentPrompt> prompt_from_responses_input(const json& input, std::string_view instructions) {
  std::vector<std::string> system_parts;
  if (!trim(instructions).empty()) system_parts.emplace_back(trim(instructions));
  std::vector<Turn> turns;
  if (input.is_string()) {
    std::string text(trim(input.get<std::string>()));
    if (!text.empty()) turns.push_back(Turn{"user", std::move(text)});
  } else if (input.is_array()) {
    for (const auto& item : input) {
      if (!item.is_object()) continue;
      const std::string type = string_field(item, "type");
      if (!type.empty() && type != "message") continue;
      if (auto turn = turn_of(item)) turns.push_back(std::move(*turn));
    }
  }
  return assemble(turns, std::move(system_parts), "Missing user message in `input`.");
}

}  // namespace openclaw::server
