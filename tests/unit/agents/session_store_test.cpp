// The session store as a client sees it through the RPCs, and its files as the real OpenClaw
// reads them: sessions.json entries, transcript lines, reset and delete, lists across agents.
#include "agents/session_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>

#include "test_support.h"

namespace openclaw::agents {
namespace {

using nlohmann::json;
using testing::lines_of;
using testing::ScratchStateDir;
namespace fs = std::filesystem;

const SessionKey kMain{"main", "main"};

TranscriptMessage user_message(std::string text, std::int64_t timestamp = 1'700'000'000'000) {
  TranscriptMessage message;
  message.role = providers::Role::User;
  message.text = std::move(text);
  message.timestamp = timestamp;
  return message;
}

TranscriptMessage assistant_message(std::string text) {
  TranscriptMessage message;
  message.role = providers::Role::Assistant;
  message.text = std::move(text);
  message.timestamp = 1'700'000'001'000;
  message.model = providers::ModelRef{"anthropic", "claude-sonnet-4"};
  message.usage = providers::TokenUsage{12, 5, 0, 0};
  message.stop_reason = "stop";
  message.run_id = "run-1";
  return message;
}

class SessionStoreTest : public ::testing::Test {
 protected:
  json index(const std::string& agent = "main") const {
    return json::parse(dir_.read(fs::path("agents") / agent / "sessions" / "sessions.json"));
  }
  std::string transcript(const std::string& session_id, const std::string& agent = "main") const {
    return dir_.read(fs::path("agents") / agent / "sessions" / (session_id + ".jsonl"));
  }
  fs::path sessions_dir(const std::string& agent = "main") const {
    return dir_.root() / "agents" / agent / "sessions";
  }
  std::vector<std::string> files_in_sessions_dir() const {
    std::vector<std::string> names;
    for (const auto& item : fs::directory_iterator(sessions_dir()))
      names.push_back(item.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  static mode_t mode_of(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 0777;
  }

  ScratchStateDir dir_;
  SessionStore store_{dir_.layout()};
};

TEST_F(SessionStoreTest, OpenCreatesTheEntryAndATranscriptWithItsHeader) {
  auto entry = store_.open(kMain);
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->key, "agent:main:main");
  EXPECT_TRUE(std::regex_match(
      entry->session_id,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_GT(entry->updated_at, 0);

  json on_disk = index()["agent:main:main"];
  EXPECT_EQ(on_disk["sessionId"], entry->session_id);
  EXPECT_EQ(on_disk["updatedAt"], entry->updated_at);

  const auto lines = lines_of(transcript(entry->session_id));
  ASSERT_EQ(lines.size(), 1u);
  json header = json::parse(lines[0]);
  EXPECT_EQ(header["type"], "session");
  EXPECT_EQ(header["version"], 3);
  EXPECT_EQ(header["id"], entry->session_id);
  EXPECT_TRUE(std::regex_match(header["timestamp"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_TRUE(header["cwd"].is_string());

  EXPECT_EQ(mode_of(sessions_dir() / "sessions.json"), 0600u);
  EXPECT_EQ(mode_of(sessions_dir() / (entry->session_id + ".jsonl")), 0600u);
  EXPECT_EQ(mode_of(sessions_dir()), 0700u);
  EXPECT_EQ(mode_of(dir_.root() / "agents" / "main"), 0700u);
}

TEST_F(SessionStoreTest, OpeningAgainReturnsTheSameSession) {
  auto first = store_.open(kMain);
  auto second = store_.open(kMain);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->session_id, second->session_id);
  EXPECT_EQ(store_.find(kMain)->session_id, first->session_id);
  EXPECT_FALSE(store_.find(SessionKey{"main", "other"}));
}

TEST_F(SessionStoreTest, AppendedMessagesSurviveAReopenOfTheStore) {
  ASSERT_TRUE(store_.append(kMain, user_message("hello")));
  ASSERT_TRUE(store_.append(kMain, assistant_message("hi there")));

  SessionStore reopened(dir_.layout());
  auto history = reopened.history(kMain, 100);
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].role, providers::Role::User);
  EXPECT_EQ((*history)[0].text, "hello");
  EXPECT_EQ((*history)[0].timestamp, 1'700'000'000'000);
  EXPECT_EQ((*history)[0].seq, 1);
  const auto& answer = (*history)[1];
  EXPECT_EQ(answer.role, providers::Role::Assistant);
  EXPECT_EQ(answer.text, "hi there");
  EXPECT_EQ(answer.model, (providers::ModelRef{"anthropic", "claude-sonnet-4"}));
  ASSERT_TRUE(answer.usage);
  EXPECT_EQ(answer.usage->input, 12);
  EXPECT_EQ(answer.usage->output, 5);
  EXPECT_EQ(answer.stop_reason, "stop");
  EXPECT_EQ(answer.run_id, "run-1");
  EXPECT_EQ(answer.seq, 2);
  EXPECT_FALSE(answer.id.empty());
}

TEST_F(SessionStoreTest, TranscriptLinesHaveUpstreamsShapeAndFormAParentChain) {
  ASSERT_TRUE(store_.append(kMain, user_message("hello")));
  ASSERT_TRUE(store_.append(kMain, assistant_message("hi there")));
  const auto lines = lines_of(transcript(store_.find(kMain)->session_id));
  ASSERT_EQ(lines.size(), 3u);
  json first = json::parse(lines[1]);
  json second = json::parse(lines[2]);

  EXPECT_EQ(first["type"], "message");
  EXPECT_TRUE(std::regex_match(first["id"].get<std::string>(), std::regex("[0-9a-f]{8}")));
  EXPECT_TRUE(first["parentId"].is_null());
  EXPECT_EQ(first["timestamp"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(
      first["message"],
      json::parse(
          R"({"role":"user","content":[{"type":"text","text":"hello"}],"timestamp":1700000000000})"));

  EXPECT_EQ(second["parentId"], first["id"]);
  json& answer = second["message"];
  EXPECT_EQ(answer["role"], "assistant");
  EXPECT_EQ(answer["content"], json::parse(R"([{"type":"text","text":"hi there"}])"));
  EXPECT_EQ(answer["provider"], "anthropic");
  EXPECT_EQ(answer["model"], "claude-sonnet-4");
  EXPECT_EQ(answer["usage"]["input"], 12);
  EXPECT_EQ(answer["usage"]["output"], 5);
  EXPECT_EQ(answer["usage"]["totalTokens"], 17);
  EXPECT_EQ(answer["usage"]["cost"]["total"], 0);
  EXPECT_EQ(answer["stopReason"], "stop");
  EXPECT_EQ(answer["idempotencyKey"], "run-1");
  EXPECT_EQ(answer["timestamp"], 1'700'000'001'000);
}

TEST_F(SessionStoreTest, ErrorsAndAbortsAreRecordedOnTheAssistantMessage) {
  auto failed = assistant_message("partial");
  failed.stop_reason = "error";
  failed.error_message = "anthropic/claude-sonnet-4: 529 overloaded";
  ASSERT_TRUE(store_.append(kMain, failed));
  auto history = store_.history(kMain, 10);
  ASSERT_TRUE(history && history->size() == 1);
  EXPECT_EQ(history->front().stop_reason, "error");
  EXPECT_EQ(history->front().error_message, "anthropic/claude-sonnet-4: 529 overloaded");
}

TEST_F(SessionStoreTest, ToWireIsTheChatHistoryMessageShape) {
  ASSERT_TRUE(store_.append(kMain, user_message("hello")));
  auto history = store_.history(kMain, 10);
  ASSERT_TRUE(history && history->size() == 1);
  json wire = history->front().to_wire();
  EXPECT_EQ(wire["role"], "user");
  EXPECT_EQ(wire["content"], json::parse(R"([{"type":"text","text":"hello"}])"));
  EXPECT_EQ(wire["timestamp"], 1'700'000'000'000);
  EXPECT_EQ(wire["__openclaw"]["id"], history->front().id);
  EXPECT_EQ(wire["__openclaw"]["seq"], 1);
  EXPECT_FALSE(user_message("fresh").to_wire().contains("__openclaw"));
}

TEST_F(SessionStoreTest, HistoryReturnsTheLastMessagesOldestFirst) {
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(store_.append(kMain, user_message("m" + std::to_string(i))));
  auto history = store_.history(kMain, 2);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].text, "m4");
  EXPECT_EQ((*history)[0].seq, 4);
  EXPECT_EQ((*history)[1].text, "m5");
  EXPECT_TRUE(store_.history(SessionKey{"main", "nobody"}, 10)->empty());
}

TEST_F(SessionStoreTest, CallerChosenIdsAreKept) {
  auto message = user_message("injected");
  message.id = "c0ffee00";
  ASSERT_TRUE(store_.append(kMain, message));
  EXPECT_EQ(store_.history(kMain, 1)->front().id, "c0ffee00");
  EXPECT_EQ(new_transcript_entry_id().size(), 8u);
  EXPECT_NE(new_transcript_entry_id(), new_transcript_entry_id());
}

TEST_F(SessionStoreTest, ATornLastLineIsSkippedAndCutBeforeTheNextAppend) {
  ASSERT_TRUE(store_.append(kMain, user_message("one")));
  ASSERT_TRUE(store_.append(kMain, user_message("two")));
  const std::string session_id = store_.find(kMain)->session_id;
  const auto file = fs::path("agents/main/sessions") / (session_id + ".jsonl");
  dir_.write(file, dir_.read(file) + R"({"type":"message","id":"deadbeef","message":{"role":"us)");

  SessionStore after_crash(dir_.layout());
  auto history = after_crash.history(kMain, 10);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->back().text, "two");

  ASSERT_TRUE(after_crash.append(kMain, user_message("three")));
  const auto lines = lines_of(dir_.read(file));
  ASSERT_EQ(lines.size(), 4u);
  for (const auto& line : lines) {
    json entry;
    EXPECT_NO_THROW(entry = json::parse(line)) << line;
  }
  EXPECT_EQ(json::parse(lines[3])["parentId"], json::parse(lines[2])["id"]);
  EXPECT_EQ(after_crash.history(kMain, 10)->back().text, "three");
}

TEST_F(SessionStoreTest, AMissingTranscriptIsStartedAgainWithItsHeader) {
  const auto entry = store_.open(kMain);
  ASSERT_TRUE(entry);
  fs::remove(sessions_dir() / (entry->session_id + ".jsonl"));
  ASSERT_TRUE(store_.append(kMain, user_message("again")));
  const auto lines = lines_of(transcript(entry->session_id));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[0])["type"], "session");
  EXPECT_EQ(json::parse(lines[0])["id"], entry->session_id);
}

TEST_F(SessionStoreTest, TheTranscriptIsTheTruthWhenTheIndexMissedAnUpdate) {
  ASSERT_TRUE(store_.append(kMain, user_message("before")));
  const auto index_file = fs::path("agents/main/sessions/sessions.json");
  const std::string index_before = dir_.read(index_file);
  ASSERT_TRUE(store_.append(kMain, user_message("after")));
  // A crash after the transcript append but before the index write: the old index stays.
  dir_.write(index_file, index_before);

  SessionStore restarted(dir_.layout());
  auto history = restarted.history(kMain, 10);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->back().text, "after");
  ASSERT_TRUE(restarted.append(kMain, user_message("next")));
  EXPECT_EQ(restarted.history(kMain, 10)->size(), 3u);
}

TEST_F(SessionStoreTest, TheEndOfARunBumpsUpdatedAtAndRecordsTheAbort) {
  auto entry = store_.open(kMain);
  ASSERT_TRUE(entry);
  json document = index();
  document["agent:main:main"]["updatedAt"] = 5;
  dir_.write("agents/main/sessions/sessions.json", document.dump());
  ASSERT_TRUE(store_.append(kMain, user_message("hello")));
  ASSERT_TRUE(store_.record_run_end(kMain, std::nullopt, providers::TokenUsage{}, true));
  EXPECT_TRUE(store_.find(kMain)->aborted_last_run);
  EXPECT_EQ(store_.find(kMain)->input_tokens, 0);
  EXPECT_GE(store_.find(kMain)->updated_at, entry->updated_at);
  EXPECT_GT(store_.find(kMain)->updated_at, 5);
}

TEST_F(SessionStoreTest, UsageAccumulatesAndNamesTheModelThatAnswered) {
  ASSERT_TRUE(
      store_.record_usage(kMain, {"openai", "gpt-4o"}, providers::TokenUsage{100, 20, 0, 0}));
  ASSERT_TRUE(store_.record_usage(kMain, {"anthropic", "claude-sonnet-4"},
                                  providers::TokenUsage{50, 10, 5, 0}));
  auto entry = store_.find(kMain);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->input_tokens, 150);
  EXPECT_EQ(entry->output_tokens, 30);
  EXPECT_EQ(entry->total_tokens, 185);
  EXPECT_EQ(entry->model, "claude-sonnet-4");
  EXPECT_EQ(entry->model_provider, "anthropic");
  json on_disk = index()["agent:main:main"];
  EXPECT_EQ(on_disk["inputTokens"], 150);
  EXPECT_EQ(on_disk["outputTokens"], 30);
  EXPECT_EQ(on_disk["totalTokens"], 185);
  EXPECT_EQ(on_disk["modelProvider"], "anthropic");
}

TEST_F(SessionStoreTest, AbortedLastRunIsRecorded) {
  ASSERT_TRUE(store_.set_aborted_last_run(kMain, true));
  EXPECT_TRUE(store_.find(kMain)->aborted_last_run);
  EXPECT_EQ(index()["agent:main:main"]["abortedLastRun"], true);
  ASSERT_TRUE(store_.set_aborted_last_run(kMain, false));
  EXPECT_FALSE(store_.find(kMain)->aborted_last_run);
}

TEST_F(SessionStoreTest, FieldsWrittenByOthersAreKept) {
  const json written = {{"agent:main:main",
                         {{"sessionId", "11111111-2222-4333-8444-555555555555"},
                          {"updatedAt", 1000},
                          {"label", "Desk"},
                          {"channel", "telegram"},
                          {"origin", {{"provider", "telegram"}, {"chatType", "direct"}}},
                          {"displayName", 7},
                          {"skillsSnapshot", {{"prompt", "..."}}}}},
                        {"agent:main:telegram:group:9",
                         {{"sessionId", "abc"}, {"updatedAt", 2000}, {"subject", "Team"}}},
                        {"legacy-key", "not an entry"}};
  dir_.write("agents/main/sessions/sessions.json", written.dump(2));

  auto entry = store_.find(kMain);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->label, "Desk");
  EXPECT_FALSE(entry->display_name);  // a number is not a display name, but it is kept
  EXPECT_EQ(entry->extra["channel"], "telegram");

  ASSERT_TRUE(store_.record_usage(kMain, {"openai", "gpt-4o"}, providers::TokenUsage{1, 1, 0, 0}));
  json after = index();
  json& main = after["agent:main:main"];
  EXPECT_EQ(main["channel"], "telegram");
  EXPECT_EQ(main["origin"], written["agent:main:main"]["origin"]);
  EXPECT_EQ(main["displayName"], 7);
  EXPECT_EQ(main["skillsSnapshot"], written["agent:main:main"]["skillsSnapshot"]);
  EXPECT_EQ(main["label"], "Desk");
  EXPECT_EQ(main["inputTokens"], 1);
  EXPECT_EQ(after["agent:main:telegram:group:9"], written["agent:main:telegram:group:9"]);
  EXPECT_EQ(after["legacy-key"], "not an entry");
}

TEST_F(SessionStoreTest, ARewriteByAnotherProcessIsSeenWithoutRestart) {
  ASSERT_TRUE(store_.open(kMain));
  json document = index();
  document["agent:main:main"]["label"] = "Renamed elsewhere";
  dir_.write("agents/main/sessions/sessions.json.tmp", document.dump(2));
  fs::rename(sessions_dir() / "sessions.json.tmp", sessions_dir() / "sessions.json");
  EXPECT_EQ(store_.find(kMain)->label, "Renamed elsewhere");
}

TEST_F(SessionStoreTest, UpstreamsSessionFileNamesTheTranscriptInTheSessionsDirectory) {
  dir_.write(
      "agents/main/sessions/sessions.json",
      R"({"agent:main:main":{"sessionId":"abc","updatedAt":1,"sessionFile":"/old/home/.openclaw/agents/main/sessions/abc-topic-7.jsonl"}})");
  dir_.write("agents/main/sessions/abc-topic-7.jsonl",
             "{\"type\":\"session\",\"version\":3,\"id\":\"abc\"}\n"
             "{\"type\":\"message\",\"id\":\"a1\",\"parentId\":null,\"message\":{\"role\":\"user\","
             "\"content\":\"from "
             "topic\",\"timestamp\":5}}\n");
  auto history = store_.history(kMain, 10);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().text, "from topic");
}

TEST_F(SessionStoreTest, ResetStartsANewSessionAndArchivesTheOldTranscriptAsUpstreamNamesIt) {
  ASSERT_TRUE(store_.append(kMain, user_message("old")));
  ASSERT_TRUE(
      store_.record_usage(kMain, {"openai", "gpt-4o"}, providers::TokenUsage{10, 10, 0, 0}));
  json document = index();
  document["agent:main:main"]["label"] = "Desk";
  document["agent:main:main"]["thinkingLevel"] = "high";
  dir_.write("agents/main/sessions/sessions.json", document.dump());
  const std::string old_id = store_.find(kMain)->session_id;

  auto fresh = store_.reset(kMain);
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_NE(fresh->session_id, old_id);
  EXPECT_EQ(fresh->label, "Desk");
  EXPECT_EQ(fresh->thinking_level, "high");
  EXPECT_EQ(fresh->input_tokens, 0);
  EXPECT_EQ(fresh->total_tokens, 0);
  EXPECT_EQ(store_.find(kMain)->session_id, fresh->session_id);
  EXPECT_TRUE(store_.history(kMain, 10)->empty());

  const auto files = files_in_sessions_dir();
  ASSERT_EQ(files.size(), 3u);
  EXPECT_TRUE(std::regex_match(
      files[0] + "|" + files[1] + "|" + files[2],
      std::regex(".*" + old_id + R"(\.jsonl\.reset\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z.*)")))
      << files[0] << " " << files[1] << " " << files[2];
  EXPECT_TRUE(fs::exists(sessions_dir() / (fresh->session_id + ".jsonl")));
  EXPECT_FALSE(fs::exists(sessions_dir() / (old_id + ".jsonl")));

  ASSERT_TRUE(store_.append(kMain, user_message("new")));
  const auto lines = lines_of(transcript(fresh->session_id));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(json::parse(lines[1])["parentId"].is_null());
}

TEST_F(SessionStoreTest, ResettingAnUnknownSessionCreatesIt) {
  auto fresh = store_.reset(SessionKey{"main", "new"});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(store_.find(SessionKey{"main", "new"})->session_id, fresh->session_id);
}

TEST_F(SessionStoreTest, RemoveDropsTheEntryAndOptionallyArchivesTheTranscript) {
  const SessionKey kept{"main", "kept"};
  const SessionKey gone{"main", "gone"};
  ASSERT_TRUE(store_.append(kept, user_message("a")));
  ASSERT_TRUE(store_.append(gone, user_message("b")));
  const std::string kept_id = store_.find(kept)->session_id;
  const std::string gone_id = store_.find(gone)->session_id;

  EXPECT_EQ(store_.remove(SessionKey{"main", "nobody"}, true), false);
  EXPECT_EQ(store_.remove(kept, false), true);
  EXPECT_EQ(store_.remove(gone, true), true);
  EXPECT_FALSE(store_.find(kept));
  EXPECT_FALSE(index().contains("agent:main:gone"));
  EXPECT_TRUE(fs::exists(sessions_dir() / (kept_id + ".jsonl")));
  EXPECT_FALSE(fs::exists(sessions_dir() / (gone_id + ".jsonl")));
  bool archived = false;
  for (const auto& name : files_in_sessions_dir())
    archived |= name.starts_with(gone_id + ".jsonl.deleted.");
  EXPECT_TRUE(archived);
  EXPECT_EQ(store_.remove(gone, true), false);
}

TEST_F(SessionStoreTest, ListSpansAgentsMostRecentFirst) {
  dir_.write(
      "agents/main/sessions/sessions.json",
      R"({"agent:main:main":{"sessionId":"a","updatedAt":300},"agent:main:old":{"sessionId":"b","updatedAt":100}})");
  dir_.write("agents/ops/sessions/sessions.json",
             R"({"agent:ops:main":{"sessionId":"c","updatedAt":200}})");
  dir_.write("agents/Not Valid/sessions/sessions.json",
             R"({"x":{"sessionId":"d","updatedAt":999}})");

  std::vector<std::string> keys;
  for (const auto& entry : store_.list()) keys.push_back(entry.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"agent:main:main", "agent:ops:main", "agent:main:old"}));

  const auto ops = store_.list("ops");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].session_id, "c");
  EXPECT_TRUE(store_.list("nobody").empty());
  EXPECT_EQ(store_.list("OPS").size(), 1u);
  EXPECT_TRUE(store_.list("../agents/main").empty());
}

TEST_F(SessionStoreTest, AnUnreadableIndexIsReportedAndLeftAlone) {
  dir_.write("agents/main/sessions/sessions.json", "{ this is not json");
  auto opened = store_.open(kMain);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find((sessions_dir() / "sessions.json").string() +
                                        " is not a JSON object"),
            std::string::npos)
      << opened.error().message;
  EXPECT_FALSE(store_.append(kMain, user_message("x")));
  EXPECT_EQ(dir_.read("agents/main/sessions/sessions.json"), "{ this is not json");
  EXPECT_TRUE(store_.list().empty());
}

}  // namespace
}  // namespace openclaw::agents
