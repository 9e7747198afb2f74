#include "server/rpc/agent_rpc_params.h"

#include <gtest/gtest.h>

#include <string>

namespace openclaw::server::rpc {
namespace {

using nlohmann::json;

json chat_send(json extra = json::object()) {
  json params = {{"sessionKey", "main"}, {"message", "hello"}, {"idempotencyKey", "run-1"}};
  params.update(extra);
  return params;
}

template <class T>
std::string error_of(const Parsed<T>& parsed) {
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, "INVALID_REQUEST");
  return parsed.error().message;
}

TEST(ChatSendParams, ReadsTheFields) {
  auto parsed = parse_chat_send(chat_send({{"timeoutMs", 5000}, {"thinking", "low"}, {"deliver", false}}));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->session_key, "main");
  EXPECT_EQ(parsed->message, "hello");
  EXPECT_EQ(parsed->idempotency_key, "run-1");
  EXPECT_EQ(parsed->timeout_ms, 5000);
  EXPECT_FALSE(parsed->has_attachments);
}

TEST(ChatSendParams, UnknownMemberIsNamed) {
  EXPECT_EQ(error_of(parse_chat_send(chat_send({{"model", "openai/gpt-4o"}}))),
            "invalid chat.send params: at root: unexpected property 'model'");
}

TEST(ChatSendParams, MissingRequiredMembersAreNamedInSchemaOrder) {
  EXPECT_EQ(error_of(parse_chat_send(json::object())),
            "invalid chat.send params: must have required property 'sessionKey'; must have required property "
            "'message'; must have required property 'idempotencyKey'");
  EXPECT_EQ(error_of(parse_chat_send(nullptr)),
            "invalid chat.send params: must have required property 'sessionKey'; must have required property "
            "'message'; must have required property 'idempotencyKey'");
}

TEST(ChatSendParams, WrongTypesAndLimitsNameTheFieldNotTheValue) {
  const std::string secret_looking = "sk-should-never-be-echoed";
  const std::string message = error_of(parse_chat_send(chat_send({{"message", 42}, {"idempotencyKey", ""}})));
  EXPECT_EQ(message,
            "invalid chat.send params: at /message: must be string; at /idempotencyKey: must NOT have fewer than 1 "
            "characters");
  const std::string too_long = error_of(parse_chat_send(chat_send({{"sessionKey", std::string(513, 'k')}})));
  EXPECT_EQ(too_long, "invalid chat.send params: at /sessionKey: must NOT have more than 512 characters");
  const std::string negative = error_of(parse_chat_send(chat_send({{"timeoutMs", -1}, {"deliver", secret_looking}})));
  EXPECT_EQ(negative, "invalid chat.send params: at /deliver: must be boolean; at /timeoutMs: must be >= 0");
  EXPECT_EQ(negative.find(secret_looking), std::string::npos);
}

TEST(ChatSendParams, AttachmentsMustBeAnArray) {
  EXPECT_EQ(error_of(parse_chat_send(chat_send({{"attachments", "x"}}))),
            "invalid chat.send params: at /attachments: must be array");
  auto parsed = parse_chat_send(chat_send({{"attachments", json::array({{{"type", "image"}}})}}));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->has_attachments);
}

TEST(ChatSendParams, ParamsThatAreNotAnObject) {
  EXPECT_EQ(error_of(parse_chat_send(json::array())), "invalid chat.send params: must be object");
}

TEST(ChatHistoryParams, LimitAndMaxCharsAreBounded) {
  auto parsed = parse_chat_history({{"sessionKey", "agent:main:main"}, {"limit", 10}, {"maxChars", 500}});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->limit, 10);
  EXPECT_EQ(parsed->max_chars, 500);
  EXPECT_EQ(error_of(parse_chat_history({{"sessionKey", "main"}, {"limit", 1001}})),
            "invalid chat.history params: at /limit: must be <= 1000");
  EXPECT_EQ(error_of(parse_chat_history({{"sessionKey", "main"}, {"limit", 0}})),
            "invalid chat.history params: at /limit: must be >= 1");
  EXPECT_EQ(error_of(parse_chat_history({{"sessionKey", "main"}, {"limit", 2.5}})),
            "invalid chat.history params: at /limit: must be integer");
  EXPECT_EQ(error_of(parse_chat_history({{"sessionKey", "main"}, {"maxChars", 500'001}})),
            "invalid chat.history params: at /maxChars: must be <= 500000");
}

TEST(ChatAbortParams, RunIdIsOptionalButNotEmpty) {
  auto parsed = parse_chat_abort({{"sessionKey", "main"}});
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->run_id);
  EXPECT_EQ(error_of(parse_chat_abort({{"sessionKey", "main"}, {"runId", ""}})),
            "invalid chat.abort params: at /runId: must NOT have fewer than 1 characters");
}

TEST(AgentParams, ReadsTheFieldsTheRunUses) {
  auto parsed = parse_agent({{"message", "hi"},
                             {"idempotencyKey", "k"},
                             {"agentId", "main"},
                             {"sessionKey", "agent:main:work"},
                             {"provider", "openai"},
                             {"model", "gpt-4o"},
                             {"extraSystemPrompt", "be brief"},
                             {"timeout", 30},
                             {"deliver", false},
                             {"channel", "webchat"},
                             {"label", "x"}});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->agent_id, "main");
  EXPECT_EQ(parsed->session_key, "agent:main:work");
  EXPECT_EQ(parsed->provider, "openai");
  EXPECT_EQ(parsed->model, "gpt-4o");
  EXPECT_EQ(parsed->extra_system_prompt, "be brief");
  EXPECT_EQ(parsed->timeout_seconds, 30);
}

TEST(AgentParams, MessageMustNotBeEmptyAndUnknownMembersAreRefused) {
  EXPECT_EQ(error_of(parse_agent({{"message", ""}, {"idempotencyKey", "k"}})),
            "invalid agent params: at /message: must NOT have fewer than 1 characters");
  EXPECT_EQ(error_of(parse_agent({{"message", "x"}, {"idempotencyKey", "k"}, {"temperature", 1}})),
            "invalid agent params: at root: unexpected property 'temperature'");
  EXPECT_EQ(error_of(parse_agent({{"message", "x"}})),
            "invalid agent params: must have required property 'idempotencyKey'");
}

TEST(AgentWaitParams, TimeoutIsNonNegative) {
  auto parsed = parse_agent_wait({{"runId", "r"}, {"timeoutMs", 0}});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->timeout_ms, 0);
  EXPECT_EQ(error_of(parse_agent_wait({{"runId", "r"}, {"timeoutMs", -5}})),
            "invalid agent.wait params: at /timeoutMs: must be >= 0");
}

TEST(SessionsParams, ListPreviewResetDelete) {
  auto list = parse_sessions_list({{"limit", 5}, {"includeDerivedTitles", true}, {"search", "work"}});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->limit, 5);
  EXPECT_TRUE(list->include_derived_titles);
  EXPECT_EQ(list->search, "work");
  EXPECT_TRUE(parse_sessions_list(nullptr));
  EXPECT_EQ(error_of(parse_sessions_list({{"includeGlobal", "yes"}})),
            "invalid sessions.list params: at /includeGlobal: must be boolean");

  auto preview = parse_sessions_preview({{"keys", {"main", "agent:main:work"}}, {"maxChars", 40}});
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->keys.size(), 2u);
  EXPECT_EQ(error_of(parse_sessions_preview({{"keys", {"main", 3}}})),
            "invalid sessions.preview params: at /keys/1: must be string");
  EXPECT_EQ(error_of(parse_sessions_preview({{"keys", {"main"}}, {"maxChars", 10}})),
            "invalid sessions.preview params: at /maxChars: must be >= 20");

  auto reset = parse_sessions_reset({{"key", "main"}, {"reason", "new"}});
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->reason, "new");
  EXPECT_EQ(error_of(parse_sessions_reset({{"key", "main"}, {"reason", "wipe"}})),
            "invalid sessions.reset params: at /reason: must be equal to one of the allowed values");

  auto removed = parse_sessions_delete({{"key", "agent:main:work"}});
  ASSERT_TRUE(removed);
  EXPECT_TRUE(removed->delete_transcript);
  auto kept = parse_sessions_delete({{"key", "agent:main:work"}, {"deleteTranscript", false}});
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->delete_transcript);
  EXPECT_EQ(error_of(parse_sessions_delete({{"deleteTranscript", true}})),
            "invalid sessions.delete params: must have required property 'key'");
}

}  // namespace
}  // namespace openclaw::server::rpc
