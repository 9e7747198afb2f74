// The system prompt assembled from an agent's workspace files: order, headings, caps and
// what happens when files are missing.
#include <gtest/gtest.h>

#include "agents/agent_catalog.h"
#include "test_support.h"

namespace openclaw::agents {
namespace {

using testing::ScratchStateDir;

class SystemPromptTest : public ::testing::Test {
 protected:
  SystemPromptTest() { agent_.workspace = dir_.root() / "workspace"; }

  void write(const std::string& name, std::string_view content) {
    dir_.write(std::filesystem::path("workspace") / name, content);
  }

  static std::size_t occurrences(const std::string& text, std::string_view what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
      ++count;
    return count;
  }

  ScratchStateDir dir_;
  AgentProfile agent_;
};

TEST_F(SystemPromptTest, FilesComeInUpstreamsOrderUnderTheirOwnHeadings) {
  write("USER.md", "The user is Ana.\n");
  write("IDENTITY.md", "Name: Claw\n");
  write("SOUL.md", "Be kind.\n");
  write("AGENTS.md", "Answer briefly.\n\n");
  EXPECT_EQ(assemble_system_prompt(agent_),
            "## AGENTS.md\n\nAnswer briefly.\n\n"
            "## SOUL.md\n\nBe kind.\n\n"
            "## IDENTITY.md\n\nName: Claw\n\n"
            "## USER.md\n\nThe user is Ana.");
}

TEST_F(SystemPromptTest, ExtraTextComesLast) {
  write("SOUL.md", "Be kind.");
  EXPECT_EQ(assemble_system_prompt(agent_, "Reply in French."),
            "## SOUL.md\n\nBe kind.\n\nReply in French.");
}

TEST_F(SystemPromptTest, MissingBlankAndUnreadableFilesAreSkipped) {
  write("AGENTS.md", " \n\t\n");
  std::filesystem::create_directories(agent_.workspace / "SOUL.md");  // not a file
  write("USER.md", "Ana");
  EXPECT_EQ(assemble_system_prompt(agent_), "## USER.md\n\nAna");
}

TEST_F(SystemPromptTest, AnEmptyOrMissingWorkspaceGivesJustTheExtraText) {
  EXPECT_EQ(assemble_system_prompt(agent_), "");
  EXPECT_EQ(assemble_system_prompt(agent_, "Be terse."), "Be terse.");
  agent_.workspace = dir_.root() / "nowhere";
  EXPECT_EQ(assemble_system_prompt(agent_, "Be terse."), "Be terse.");
}

TEST_F(SystemPromptTest, ALongFileKeepsItsHeadAndTailWithANote) {
  const std::string body = "BEGIN" + std::string(29'990, 'x') + "END";  // 29,998 characters
  write("AGENTS.md", body);
  const std::string prompt = assemble_system_prompt(agent_);
  EXPECT_TRUE(prompt.starts_with("## AGENTS.md\n\nBEGIN"));
  EXPECT_TRUE(prompt.ends_with("END"));
  EXPECT_NE(prompt.find(
                "AGENTS.md truncated: kept the first 14000 and the last 4000 of 29998 characters"),
            std::string::npos);
  EXPECT_EQ(occurrences(prompt, "x"), 14'000u - 5 + 4'000u - 3);
}

TEST_F(SystemPromptTest, AFileAtTheCapIsKeptWhole) {
  const std::string body(20'000, 'y');
  write("SOUL.md", body);
  EXPECT_EQ(assemble_system_prompt(agent_), "## SOUL.md\n\n" + body);
}

TEST_F(SystemPromptTest, TheCapCountsCharactersAndNeverSplitsOne) {
  std::string body;
  for (int i = 0; i < 25'000; ++i) body += "\xC3\xA9";  // é, two bytes
  write("USER.md", body);
  const std::string prompt = assemble_system_prompt(agent_);
  EXPECT_EQ(occurrences(prompt, "\xC3\xA9"), 14'000u + 4'000u);
  EXPECT_NE(prompt.find("of 25000 characters"), std::string::npos);
  // Valid UTF-8 throughout: a JSON dump with strict checking does not throw.
  EXPECT_NO_THROW((void)nlohmann::json(prompt).dump());
}

}  // namespace
}  // namespace openclaw::agents
