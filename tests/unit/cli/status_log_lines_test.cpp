#include "cli/status/log_lines.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace openclaw::cli::status {
namespace {

TEST(FormatLogLineTest, PrintsTimeLevelSubsystemMessageAndFieldsInFileOrder) {
  const std::string raw =
      R"({"time":"2026-04-13T12:34:56.789Z","level":"warn","subsystem":"gateway/ws","msg":"handshake timed out",)"
      R"("remote":"10.0.0.5","conn":"7f3a","attempt":2,"ok":false})";
  EXPECT_EQ(format_log_line(raw),
            "2026-04-13T12:34:56.789Z warn gateway/ws: handshake timed out remote=10.0.0.5 conn=7f3a attempt=2 ok=false");
}

TEST(FormatLogLineTest, QuotesStringsThatWouldBeAmbiguousAndDumpsObjects) {
  const std::string raw =
      R"({"time":"t","level":"info","subsystem":"gateway","msg":"m","reason":"bad origin","empty":"","peer":{"ip":"::1"}})";
  EXPECT_EQ(format_log_line(raw), R"(t info gateway: m reason="bad origin" empty="" peer={"ip":"::1"})");
}

TEST(FormatLogLineTest, LeavesForeignLinesAlone) {
  EXPECT_EQ(format_log_line("plain text, not json"), "plain text, not json");
  EXPECT_EQ(format_log_line(R"({"truncated":)"), R"({"truncated":)");
  EXPECT_EQ(format_log_line("[1,2]"), "[1,2]");
}

TEST(FormatLogLineTest, SkipsMissingFixedFields) {
  EXPECT_EQ(format_log_line(R"({"msg":"ready","port":18789})"), "ready port=18789");
}

TEST(LogLineJsonTest, TypesLogAndRawLinesAsUpstream) {
  const std::string raw = R"({"time":"t","level":"error","subsystem":"gateway","msg":"boom","code":1})";
  const auto line = log_line_json(raw);
  EXPECT_EQ(line["type"], "log");
  EXPECT_EQ(line["level"], "error");
  EXPECT_EQ(line["subsystem"], "gateway");
  EXPECT_EQ(line["message"], "boom");
  EXPECT_EQ(line["raw"], raw);
  EXPECT_EQ(log_line_json("not json").dump(), R"({"type":"raw","raw":"not json"})");
  EXPECT_EQ(line.begin().key(), "type") << "upstream writes the type first";
}

class LastErrorLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("status-log-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "gateway.log";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

TEST_F(LastErrorLineTest, FindsTheLastErrorOrFatalRecord) {
  write(R"({"time":"t1","level":"error","subsystem":"gateway","msg":"first"})"
        "\n"
        R"({"time":"t2","level":"fatal","subsystem":"gateway","msg":"second","port":1})"
        "\n"
        R"({"time":"t3","level":"info","subsystem":"gateway","msg":"ready"})"
        "\n"
        "garbage\n");
  EXPECT_EQ(last_error_line(path_), "t2 fatal gateway: second port=1");
}

TEST_F(LastErrorLineTest, NoneWithoutErrorsOrFile) {
  write(R"({"level":"info","msg":"ready"})" "\n" R"({"level":"warn","msg":"slow"})" "\n");
  EXPECT_EQ(last_error_line(path_), std::nullopt);
  EXPECT_EQ(last_error_line(dir_ / "missing.log"), std::nullopt);
}

TEST_F(LastErrorLineTest, OnlyLooksAtTheWindowAndIgnoresItsCutFirstLine) {
  const std::string error = R"({"level":"error","msg":"old failure"})";
  const std::string filler = R"({"level":"info","msg":"filler"})";
  write(error + "\n" + filler + "\n");
  // A window that starts inside the error line must not report the fragment.
  EXPECT_EQ(last_error_line(path_, filler.size() + 10), std::nullopt);
  EXPECT_EQ(last_error_line(path_, 4096), "error old failure");
}

}  // namespace
}  // namespace openclaw::cli::status
