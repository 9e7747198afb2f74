// Transcript files on disk: whole-line durable appends, a failed append leaving the file as
// it was, and reads that skip a line torn by a crash.
#include "agents/transcript_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/state/write_health.h"
#include "test_support.h"

namespace openclaw::agents {
namespace {

using testing::ScratchStateDir;
using testing::WriteSizeCap;

class TranscriptFileTest : public ::testing::Test {
 protected:
  std::filesystem::path path() const { return dir_.root() / "s.jsonl"; }
  std::string content() const { return dir_.read("s.jsonl"); }

  ScratchStateDir dir_;
};

TEST_F(TranscriptFileTest, CreateWritesTheFirstLineWithMode0600) {
  ASSERT_TRUE(create_transcript(path(), R"({"type":"session"})"));
  EXPECT_EQ(content(), "{\"type\":\"session\"}\n");
  struct stat info {};
  ASSERT_EQ(::stat(path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(TranscriptFileTest, CreateRefusesToOverwrite) {
  ASSERT_TRUE(create_transcript(path(), "{}"));
  auto again = create_transcript(path(), R"({"other":1})");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find(path().string()), std::string::npos);
  EXPECT_EQ(content(), "{}\n");
}

TEST_F(TranscriptFileTest, AppendsAddWholeLinesAndReportTheNewSize) {
  ASSERT_TRUE(create_transcript(path(), R"({"n":0})"));
  auto size = append_transcript_line(path(), R"({"n":1})");
  ASSERT_TRUE(size) << size.error().message;
  EXPECT_EQ(*size, 16u);
  ASSERT_TRUE(append_transcript_line(path(), R"({"n":2})"));
  EXPECT_EQ(content(), "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
}

TEST_F(TranscriptFileTest, AppendingToAMissingFileFailsNamingIt) {
  auto size = append_transcript_line(path(), "{}");
  ASSERT_FALSE(size);
  EXPECT_NE(size.error().message.find("cannot append to " + path().string()), std::string::npos);
  EXPECT_NE(size.error().message.find("No such file or directory"), std::string::npos);
}

TEST_F(TranscriptFileTest, AnAppendThatDoesNotFitLeavesTheFileAsItWas) {
  ASSERT_TRUE(create_transcript(path(), R"({"n":0})"));
  const std::string before = content();
  {
    WriteSizeCap cap(before.size() + 10);  // room for part of the line only
    auto size = append_transcript_line(path(), R"({"text":")" + std::string(100, 'z') + R"("})");
    ASSERT_FALSE(size);
    EXPECT_NE(size.error().message.find("cannot append to " + path().string() + ": File too large"),
              std::string::npos)
        << size.error().message;
  }
  EXPECT_EQ(content(), before);
  ASSERT_TRUE(append_transcript_line(path(), R"({"n":1})"));
  EXPECT_EQ(content(), before + "{\"n\":1}\n");
}

TEST_F(TranscriptFileTest, AFailedAppendMarksTheStateUnwritableUntilTheNextOneSucceeds) {
  ASSERT_TRUE(create_transcript(path(), R"({"n":0})"));
  auto& health = state::state_write_health();
  const auto failed_before = health.failures()[3];  // kStateStores[3] is "transcripts"
  {
    WriteSizeCap cap(content().size() + 4);
    ASSERT_FALSE(append_transcript_line(path(), R"({"text":")" + std::string(100, 'z') + R"("})"));
  }
  ASSERT_TRUE(health.unwritable());
  EXPECT_EQ(health.unwritable()->store, "transcripts");
  EXPECT_EQ(health.unwritable()->code, "EFBIG");
  EXPECT_EQ(health.unwritable()->path, path().string());
  EXPECT_EQ(health.failures()[3], failed_before + 1);
  ASSERT_TRUE(append_transcript_line(path(), R"({"n":1})"));
  EXPECT_FALSE(health.unwritable());
}

TEST_F(TranscriptFileTest, ReadingSkipsATornLastLineAndGarbage) {
  dir_.write("s.jsonl", "{\"n\":0}\nnot json\n\n[1,2]\n{\"n\":1}\n{\"n\":2,\"text\":\"cut sh");
  auto contents = read_transcript(path());
  ASSERT_TRUE(contents);
  ASSERT_EQ(contents->entries.size(), 2u);
  EXPECT_EQ(contents->entries[1]["n"], 1);
  EXPECT_EQ(contents->skipped_lines, 3u);
}

TEST_F(TranscriptFileTest, AMissingFileReadsAsEmpty) {
  auto contents = read_transcript(path());
  ASSERT_TRUE(contents);
  EXPECT_TRUE(contents->entries.empty());
}

TEST_F(TranscriptFileTest, CuttingTheTornTailKeepsEveryWholeLine) {
  dir_.write("s.jsonl", "{\"n\":0}\n{\"n\":1}\n{\"n\":2,\"te");
  auto size = cut_torn_tail(path());
  ASSERT_TRUE(size && *size);
  EXPECT_EQ(**size, 16u);
  EXPECT_EQ(content(), "{\"n\":0}\n{\"n\":1}\n");

  auto unchanged = cut_torn_tail(path());
  ASSERT_TRUE(unchanged && *unchanged);
  EXPECT_EQ(**unchanged, 16u);
}

TEST_F(TranscriptFileTest, ATornOnlyLineIsCutToNothingAndAMissingFileIsReported) {
  dir_.write("s.jsonl", "{\"type\":\"sess");
  auto size = cut_torn_tail(path());
  ASSERT_TRUE(size && *size);
  EXPECT_EQ(**size, 0u);
  EXPECT_EQ(content(), "");

  auto missing = cut_torn_tail(dir_.root() / "none.jsonl");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(TranscriptFileTest, CuttingFindsANewlineFarFromTheEnd) {
  const std::string whole = "{\"n\":0}\n";
  dir_.write("s.jsonl", whole + std::string(10'000, 'q'));
  auto size = cut_torn_tail(path());
  ASSERT_TRUE(size && *size);
  EXPECT_EQ(content(), whole);
}

TEST_F(TranscriptFileTest, ArchivingRenamesTheFile) {
  ASSERT_TRUE(create_transcript(path(), "{}"));
  auto archived = archive_transcript(path(), dir_.root() / "s.jsonl.reset.x");
  ASSERT_TRUE(archived && *archived);
  EXPECT_FALSE(std::filesystem::exists(path()));
  EXPECT_EQ(dir_.read("s.jsonl.reset.x"), "{}\n");
  auto again = archive_transcript(path(), dir_.root() / "s.jsonl.reset.y");
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

}  // namespace
}  // namespace openclaw::agents
