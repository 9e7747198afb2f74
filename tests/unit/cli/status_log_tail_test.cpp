#include "cli/status/log_tail.h"

#include <gtest/gtest.h>

#include <sstream>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

const std::string kLine = R"({"time":"t","level":"info","subsystem":"gateway","msg":"ready","port":18789})";

TEST(ParseLogTailTest, ReadsEveryField) {
  const auto page = parse_log_tail({{"file", "/state/logs/gateway.log"}, {"cursor", 120}, {"size", 120},
                                    {"lines", json::array({kLine})}, {"truncated", true}, {"reset", true}});
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->file, "/state/logs/gateway.log");
  EXPECT_EQ(page->cursor, 120);
  EXPECT_EQ(page->lines, std::vector<std::string>{kLine});
  EXPECT_TRUE(page->truncated);
  EXPECT_TRUE(page->reset);
}

TEST(ParseLogTailTest, RejectsWhatIsNotAPage) {
  EXPECT_EQ(parse_log_tail(json::array()).error().message, "unexpected logs.tail response: not an object");
  EXPECT_EQ(parse_log_tail({{"lines", "x"}}).error().message, "unexpected logs.tail response: lines is not an array");
  EXPECT_EQ(parse_log_tail({{"lines", json::array({1})}}).error().message,
            "unexpected logs.tail response: a line is not a string");
}

TEST(LogTailParamsTest, CursorOnlyOnceKnown) {
  EXPECT_EQ(log_tail_params(std::nullopt, 200, 250000), (json{{"limit", 200}, {"maxBytes", 250000}}));
  EXPECT_EQ(log_tail_params(42, 5, 10), (json{{"limit", 5}, {"maxBytes", 10}, {"cursor", 42}}));
}

TEST(LogTailPrinterTest, TextPagesWithRotationNotice) {
  std::ostringstream out, err;
  LogTailPrinter printer(false, out, err);
  printer.print({"/state/logs/gateway.log", 10, 10, {kLine}, false, false});
  printer.print({"/state/logs/gateway.log", 3, 3, {"plain"}, false, true});
  EXPECT_EQ(out.str(), "Log file: /state/logs/gateway.log\nt info gateway: ready port=18789\nplain\n");
  EXPECT_EQ(err.str(), "Log cursor reset (file rotated).\n");
}

TEST(LogTailPrinterTest, JsonLinesAsUpstream) {
  std::ostringstream out, err;
  LogTailPrinter printer(true, out, err);
  printer.print({"/f", 10, 10, {kLine}, true, false});
  std::istringstream lines(out.str());
  std::string line;
  std::vector<json> records;
  while (std::getline(lines, line)) records.push_back(json::parse(line));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], (json{{"type", "meta"}, {"file", "/f"}, {"cursor", 10}, {"size", 10}}));
  EXPECT_EQ(records[1]["type"], "log");
  EXPECT_EQ(records[1]["message"], "ready");
  EXPECT_EQ(records[1]["raw"], kLine);
  EXPECT_EQ(records[2], (json{{"type", "notice"}, {"message", "Log tail truncated (increase --max-bytes)."}}));
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace openclaw::cli::status
