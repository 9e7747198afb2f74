#include "server/http/openai_prompt.h"

#include <gtest/gtest.h>

namespace openclaw::server {
namespace {

using nlohmann::json;
using providers::Role;

TEST(OpenAiPromptTest, LastUserMessageIsTheMessageAndEarlierTurnsTheHistory) {
  auto prompt = prompt_from_chat_messages(json::parse(R"([
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "What is 2+2?"},
    {"role": "assistant", "content": "4"},
    {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
    {"role": "user", "content": "  And 3+3?  "}
  ])"));
  ASSERT_TRUE(prompt) << prompt.error().message;
  EXPECT_EQ(prompt->message, "And 3+3?");
  ASSERT_EQ(prompt->history.size(), 2u);
  EXPECT_EQ(prompt->history[0].role, Role::User);
  EXPECT_EQ(prompt->history[0].text, "What is 2+2?");
  EXPECT_EQ(prompt->history[1].role, Role::Assistant);
  EXPECT_EQ(prompt->history[1].text, "4");
  EXPECT_EQ(prompt->system_prompt, "Be brief.\n\nAnswer in French.");
}

TEST(OpenAiPromptTest, ContentPartsAreJoinedAndNonTextPartsIgnored) {
  const auto content = json::parse(R"([
    {"type": "text", "text": "first"},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    {"type": "input_text", "text": "second"},
    {"input_text": "third"},
    "not an object"
  ])");
  EXPECT_EQ(content_text(content), "first\nsecond\nthird");
  EXPECT_EQ(content_text(json("plain")), "plain");
  EXPECT_EQ(content_text(json(42)), "");
}

TEST(OpenAiPromptTest, ToolTurnsMalformedEntriesAndTrailingAssistantTurnsAreNotCarried) {
  auto prompt = prompt_from_chat_messages(json::parse(R"([
    "junk", {"content": "no role"}, {"role": "user", "content": ""},
    {"role": "user", "content": "hello"},
    {"role": "tool", "content": "tool output", "tool_call_id": "x"},
    {"role": "assistant", "content": "trailing"}
  ])"));
  ASSERT_TRUE(prompt);
  EXPECT_EQ(prompt->message, "hello");
  EXPECT_TRUE(prompt->history.empty());
  EXPECT_EQ(prompt->system_prompt, "");
}

TEST(OpenAiPromptTest, MissingUserMessageIsUpstreamsError) {
  for (const char* messages : {"[]", R"([{"role": "system", "content": "only system"}])",
                               R"([{"role": "user", "content": "   "}])", R"("not an array")", "null"}) {
    auto prompt = prompt_from_chat_messages(json::parse(messages));
    ASSERT_FALSE(prompt) << messages;
    EXPECT_EQ(prompt.error().message, "Missing user message in `messages`.");
  }
}

TEST(OpenAiPromptTest, ResponsesInputAsStringOrItems) {
  auto text = prompt_from_responses_input(json("Hi there"), "You are terse.");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->message, "Hi there");
  EXPECT_EQ(text->system_prompt, "You are terse.");

  auto items = prompt_from_responses_input(json::parse(R"([
    {"type": "message", "role": "developer", "content": "Rule one."},
    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "first question"}]},
    {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "first answer"}]},
    {"type": "function_call_output", "call_id": "c1", "output": "42"},
    {"role": "user", "content": "second question"}
  ])"),
                                           "Instructions.");
  ASSERT_TRUE(items) << items.error().message;
  EXPECT_EQ(items->message, "second question");
  ASSERT_EQ(items->history.size(), 2u);
  EXPECT_EQ(items->history[1].text, "first answer");
  EXPECT_EQ(items->system_prompt, "Instructions.\n\nRule one.") << "instructions come first";

  auto missing = prompt_from_responses_input(json::parse(R"([{"type": "message", "role": "assistant",
                                                              "content": "only me"}])"),
                                             "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "Missing user message in `input`.");
}

}  // namespace
}  // namespace openclaw::server
