// assemble_system_prompt (declared in agent_catalog.h): the workspace files an agent answers
// from, capped the way upstream caps its bootstrap files (20,000 characters a file, keeping
// 70% from the head and 20% from the tail; 150,000 in all).
#include <array>
#include <string>

#include "agents/agent_catalog.h"
#include "core/state/file_reader.h"
#include "core/util/text.h"

namespace openclaw::agents {
namespace {

constexpr std::array<std::string_view, 4> kPromptFiles = {"AGENTS.md", "SOUL.md", "IDENTITY.md",
                                                          "USER.md"};
constexpr std::size_t kMaxFileChars = 20'000;
constexpr std::size_t kMaxTotalChars = 150'000;
// Below this, what is left of the total budget is too little to be worth a section.
constexpr std::size_t kMinFileBudgetChars = 64;
// Larger files are not prompt material (upstream skips them too).
constexpr std::uintmax_t kMaxFileBytes = 2 * 1024 * 1024;

// Characters are Unicode code points of UTF-8 text, so a cut never splits a character.
bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t count_chars(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += is_continuation_byte(c) ? 0 : 1;
  return count;
}

std::string_view first_chars(std::string_view text, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_continuation_byte(text[i]) && seen++ == chars) return text.substr(0, i);
  }
  return text;
}

std::string_view last_chars(std::string_view text, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = text.size(); i-- > 0;) {
    if (!is_continuation_byte(text[i]) && ++seen == chars) return text.substr(i);
  }
  return text;
}

std::string_view trim_end(std::string_view text) {
  const auto last = text.find_last_not_of(" \t\r\n");
  return last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
}

// `text` within kMaxFileChars: the head and the tail with a note between them saying what
// was left out, so the model knows the file goes on.
std::string cap_file_text(std::string_view text, std::string_view file_name) {
  const std::size_t chars = count_chars(text);
  if (chars <= kMaxFileChars) return std::string(text);
  const std::size_t head = kMaxFileChars * 7 / 10;
  const std::size_t tail = kMaxFileChars * 2 / 10;
  std::string capped(first_chars(text, head));
  capped += "\n\n[... " + std::string(file_name) + " truncated: kept the first " +
            std::to_string(head) + " and the last " + std::to_string(tail) + " of " +
            std::to_string(chars) + " characters ...]\n\n";
  capped += last_chars(text, tail);
  return capped;
}

}  // namespace

std::string assemble_system_prompt(const AgentProfile& agent, std::string_view extra) {
  std::string prompt;
  std::size_t budget = kMaxTotalChars;
  for (std::string_view file_name : kPromptFiles) {
    auto content = state::read_file_limited(agent.workspace / file_name, kMaxFileBytes);
    if (!content) continue;
    const std::string_view text = trim_end(*content);
    if (trim(text).empty()) continue;
    if (budget < kMinFileBudgetChars) break;

    std::string section = cap_file_text(text, file_name);
    std::size_t section_chars = count_chars(section);
    if (section_chars > budget) {
      section = std::string(first_chars(section, budget)) +
                "\n\n[... truncated: the workspace files exceed " + std::to_string(kMaxTotalChars) +
                " characters ...]";
      section_chars = budget;
    }
    budget -= section_chars;

    if (!prompt.empty()) prompt += "\n\n";
    prompt += "## " + std::string(file_name) + "\n\n" + section;
  }
  if (!trim(extra).empty()) {
    if (!prompt.empty()) prompt += "\n\n";
    prompt += extra;
  }
  return prompt;
}

}  // namespace openclaw::agents
