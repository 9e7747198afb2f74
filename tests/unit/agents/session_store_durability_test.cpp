// The session store under stress and failure: parallel writers (one session and many), a
// disk that refuses writes, and a directory that cannot be created. Runs as root in CI,
// where permission bits do not stop writes, so the failures are made with a file size
// limit (EFBIG, the same path as ENOSPC) and a file where a directory belongs.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "agents/session_store.h"
#include "test_support.h"

namespace openclaw::agents {
namespace {

using nlohmann::json;
using testing::lines_of;
using testing::ScratchStateDir;
using testing::WriteSizeCap;
namespace fs = std::filesystem;

const SessionKey kMain{"main", "main"};

TranscriptMessage text_message(std::string text) {
  TranscriptMessage message;
  message.role = providers::Role::User;
  message.text = std::move(text);
  return message;
}

class SessionStoreDurabilityTest : public ::testing::Test {
 protected:
  std::string transcript_of(const SessionKey& key) const {
    return dir_.read(fs::path("agents") / key.agent_id / "sessions" /
                     (store_.find(key)->session_id + ".jsonl"));
  }
  fs::path sessions_dir() const { return dir_.root() / "agents" / "main" / "sessions"; }

  ScratchStateDir dir_;
  SessionStore store_{dir_.layout()};
};

TEST_F(SessionStoreDurabilityTest, ConcurrentAppendsToOneSessionGiveWholeLinesInOneChain) {
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Long enough that interleaved writes would show as broken lines.
        EXPECT_TRUE(store_.append(
            kMain, text_message("t" + std::to_string(t) + "-" + std::to_string(i) + ":" +
                                std::string(3000, static_cast<char>('a' + t)))));
      }
    });
  }
  for (auto& writer : writers) writer.join();

  const auto lines = lines_of(transcript_of(kMain));
  ASSERT_EQ(lines.size(), 1u + kThreads * kEach);
  std::set<std::string> ids;
  json previous_id = nullptr;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    json entry = json::parse(lines[i]);  // throws (fails the test) on a broken line
    EXPECT_EQ(entry["parentId"], previous_id) << "line " << i;
    previous_id = entry["id"];
    ids.insert(entry["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(store_.history(kMain, 1000)->size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_F(SessionStoreDurabilityTest, ConcurrentAppendsToManySessionsAllLand) {
  constexpr int kSessions = 6;
  constexpr int kThreadsPerSession = 3;
  constexpr int kEach = 15;
  std::vector<std::thread> writers;
  for (int s = 0; s < kSessions; ++s) {
    for (int t = 0; t < kThreadsPerSession; ++t) {
      writers.emplace_back([&, s, t] {
        const SessionKey key{s % 2 == 0 ? "main" : "ops", "chat-" + std::to_string(s)};
        for (int i = 0; i < kEach; ++i) {
          EXPECT_TRUE(
              store_.append(key, text_message(std::to_string(t) + "/" + std::to_string(i))));
        }
      });
    }
  }
  for (auto& writer : writers) writer.join();

  for (int s = 0; s < kSessions; ++s) {
    const SessionKey key{s % 2 == 0 ? "main" : "ops", "chat-" + std::to_string(s)};
    auto history = store_.history(key, 1000);
    ASSERT_TRUE(history);
    EXPECT_EQ(history->size(), static_cast<std::size_t>(kThreadsPerSession * kEach)) << key.full();
  }
  EXPECT_EQ(store_.list().size(), static_cast<std::size_t>(kSessions));
}

TEST_F(SessionStoreDurabilityTest, AFullDiskFailsTheAppendNamingTheFileAndLeavesNoTornLine) {
  ASSERT_TRUE(store_.append(kMain, text_message("kept")));
  const std::string before = transcript_of(kMain);
  {
    WriteSizeCap cap(before.size() + 40);
    auto appended = store_.append(kMain, text_message(std::string(500, 'x')));
    ASSERT_FALSE(appended);
    const std::string transcript =
        (sessions_dir() / (store_.find(kMain)->session_id + ".jsonl")).string();
    EXPECT_NE(appended.error().message.find("cannot append to " + transcript + ": File too large"),
              std::string::npos)
        << appended.error().message;
  }
  EXPECT_EQ(transcript_of(kMain), before);

  // The store is still usable once there is room again.
  ASSERT_TRUE(store_.append(kMain, text_message("after")));
  auto history = store_.history(kMain, 10);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->back().text, "after");
  const auto lines = lines_of(transcript_of(kMain));
  EXPECT_EQ(json::parse(lines[2])["parentId"], json::parse(lines[1])["id"]);
}

TEST_F(SessionStoreDurabilityTest, AFullDiskFailsAnIndexUpdateAndKeepsThePreviousIndex) {
  ASSERT_TRUE(store_.record_usage(kMain, {"openai", "gpt-4o"}, providers::TokenUsage{1, 1, 0, 0}));
  const std::string before = dir_.read("agents/main/sessions/sessions.json");
  {
    WriteSizeCap cap(16);
    auto recorded =
        store_.record_usage(kMain, {"openai", "gpt-4o"}, providers::TokenUsage{5, 5, 0, 0});
    ASSERT_FALSE(recorded);
    EXPECT_NE(recorded.error().message.find("cannot write " +
                                            (sessions_dir() / "sessions.json").string()),
              std::string::npos)
        << recorded.error().message;
  }
  EXPECT_EQ(dir_.read("agents/main/sessions/sessions.json"), before);
  EXPECT_EQ(store_.find(kMain)->input_tokens, 1);

  ASSERT_TRUE(store_.record_usage(kMain, {"openai", "gpt-4o"}, providers::TokenUsage{5, 5, 0, 0}));
  EXPECT_EQ(store_.find(kMain)->input_tokens, 6);
}

TEST_F(SessionStoreDurabilityTest, ANewSessionWhoseIndexCannotBeWrittenLeavesNoTranscript) {
  // An index big enough that rewriting it does not fit, while a transcript header does.
  json document = json::object();
  for (int i = 0; i < 40; ++i) {
    document["agent:main:s" + std::to_string(i)] = {{"sessionId", "id-" + std::to_string(i)},
                                                    {"updatedAt", i}};
  }
  dir_.write("agents/main/sessions/sessions.json", document.dump(2));
  const std::string before = dir_.read("agents/main/sessions/sessions.json");
  {
    WriteSizeCap cap(600);
    ASSERT_FALSE(store_.open(kMain));
  }
  EXPECT_EQ(dir_.read("agents/main/sessions/sessions.json"), before);
  for (const auto& item : fs::directory_iterator(sessions_dir())) {
    EXPECT_EQ(item.path().extension(), ".json") << "left behind: " << item.path();
  }
  EXPECT_TRUE(store_.open(kMain));
}

TEST_F(SessionStoreDurabilityTest, AFileWhereTheSessionsDirectoryBelongsGivesAClearError) {
  dir_.write("agents/main/sessions", "I am a file");
  auto opened = store_.open(kMain);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find(sessions_dir().string()), std::string::npos)
      << opened.error().message;
  auto appended = store_.append(kMain, text_message("x"));
  ASSERT_FALSE(appended);
  EXPECT_NE(appended.error().message.find(sessions_dir().string()), std::string::npos)
      << appended.error().message;
  EXPECT_EQ(dir_.read("agents/main/sessions"), "I am a file");

  // Sessions of other agents are unaffected, and this one works once the way is clear.
  EXPECT_TRUE(store_.append(SessionKey{"ops", "main"}, text_message("fine")));
  fs::remove(sessions_dir());
  EXPECT_TRUE(store_.append(kMain, text_message("now")));
  EXPECT_EQ(store_.history(kMain, 10)->size(), 1u);
}

}  // namespace
}  // namespace openclaw::agents
