#include "providers/sse_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace openclaw::providers {
namespace {

struct Collected {
  std::vector<SseEvent> events;
  Status feed_status;
  Status finish_status;
};

// Feeds `stream` in pieces cut at `cuts` (byte offsets, ascending) and finishes.
Collected parse_with_cuts(std::string_view stream, const std::vector<std::size_t>& cuts,
                          SseLimits limits = {}) {
  Collected out;
  SseParser parser([&](const SseEvent& event) { out.events.push_back(event); }, limits);
  std::size_t start = 0;
  for (std::size_t cut : cuts) {
    if (auto status = parser.feed(stream.substr(start, cut - start)); !status && out.feed_status) {
      out.feed_status = status;
    }
    start = cut;
  }
  if (auto status = parser.feed(stream.substr(start)); !status && out.feed_status)
    out.feed_status = status;
  out.finish_status = parser.finish();
  return out;
}

Collected parse_whole(std::string_view stream, SseLimits limits = {}) {
  return parse_with_cuts(stream, {}, limits);
}

Collected parse_byte_by_byte(std::string_view stream) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
  return parse_with_cuts(stream, cuts);
}

std::vector<std::size_t> random_cuts(std::size_t size, std::mt19937& random) {
  std::uniform_int_distribution<std::size_t> count_of(0, std::min<std::size_t>(size, 20));
  std::uniform_int_distribution<std::size_t> offset(0, size);
  std::vector<std::size_t> cuts(count_of(random));
  for (auto& cut : cuts) cut = offset(random);
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

void expect_same_events(const std::vector<SseEvent>& expected,
                        const std::vector<SseEvent>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].type, actual[i].type) << "event " << i;
    EXPECT_EQ(expected[i].data, actual[i].data) << "event " << i;
    EXPECT_EQ(expected[i].id, actual[i].id) << "event " << i;
  }
}

TEST(SseParser, ParsesEventDataAndIdFields) {
  const auto out =
      parse_whole("event: message_start\nid: 7\ndata: {\"type\":\"message_start\"}\n\n");
  ASSERT_TRUE(out.feed_status);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].type, "message_start");
  EXPECT_EQ(out.events[0].data, "{\"type\":\"message_start\"}");
  EXPECT_EQ(out.events[0].id, "7");
}

TEST(SseParser, JoinsMultiLineDataWithNewlines) {
  const auto out = parse_whole("data: first\ndata:second\ndata\ndata:  indented\n\n");
  ASSERT_EQ(out.events.size(), 1u);
  // One leading space is dropped, a field without colon has an empty value.
  EXPECT_EQ(out.events[0].data, "first\nsecond\n\n indented");
  EXPECT_EQ(out.events[0].type, "");
}

TEST(SseParser, IgnoresCommentsAndUnknownFields) {
  std::vector<SseEvent> events;
  SseParser counting([&](const SseEvent& event) { events.push_back(event); });
  ASSERT_TRUE(counting.feed(": OPENROUTER PROCESSING\n\n:keep-alive\nfoo: bar\ndata: x\n\n"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "x");
  EXPECT_EQ(counting.comment_count(), 2u);
}

TEST(SseParser, AcceptsLfCrlfAndCrLineEndings) {
  const std::vector<SseEvent> expected = {{"a", "1", ""}, {"b", "2\n3", ""}};
  for (const char* stream : {"event: a\ndata: 1\n\nevent: b\ndata: 2\ndata: 3\n\n",
                             "event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\ndata: 3\r\n\r\n",
                             "event: a\rdata: 1\r\revent: b\rdata: 2\rdata: 3\r\r",
                             "event: a\r\ndata: 1\n\revent: b\rdata: 2\r\ndata: 3\n\r\n"}) {
    SCOPED_TRACE(testing::PrintToString(std::string(stream)));
    expect_same_events(expected, parse_whole(stream).events);
    expect_same_events(expected, parse_byte_by_byte(stream).events);
  }
}

TEST(SseParser, CrlfSplitBetweenFeedsIsOneLineBreak) {
  // "\r" ends one feed and "\n" starts the next: one line break, not a line and a blank line
  // (which would dispatch the event early).
  const auto out = parse_with_cuts("data: a\r\ndata: b\r\n\r\n", {8});
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].data, "a\nb");
}

TEST(SseParser, SameEventsForEverySplit) {
  const std::string stream =
      "\xEF\xBB\xBF: comment\r\nevent: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n"
      "id: 42\ndata: {\"text\":\"h\xC3\xA9llo \xF0\x9F\x91\x8B\"}\n\n"
      "event: ping\rdata: {\"type\": \"ping\"}\r\r"
      "data: line one\ndata: line two\n\n"
      "data: [DONE]\n\n";
  const auto whole = parse_whole(stream);
  ASSERT_EQ(whole.events.size(), 5u);
  EXPECT_EQ(whole.events[1].data, "{\"text\":\"h\xC3\xA9llo \xF0\x9F\x91\x8B\"}");
  EXPECT_EQ(whole.events[1].id, "42");
  EXPECT_EQ(whole.events[2].id, "42") << "the last event id carries over";
  EXPECT_EQ(whole.events[4].data, "[DONE]");

  expect_same_events(whole.events, parse_byte_by_byte(stream).events);
  std::mt19937 random(20240501);
  for (int round = 0; round < 300; ++round) {
    const auto cuts = random_cuts(stream.size(), random);
    SCOPED_TRACE("round " + std::to_string(round));
    expect_same_events(whole.events, parse_with_cuts(stream, cuts).events);
  }
}

TEST(SseParser, DropsOneLeadingByteOrderMarkEvenWhenSplit) {
  const std::string stream =
      "\xEF\xBB\xBF"
      "data: x\n\n";
  for (std::size_t cut = 1; cut < 4; ++cut) {
    const auto out = parse_with_cuts(stream, {cut});
    ASSERT_EQ(out.events.size(), 1u) << cut;
    EXPECT_EQ(out.events[0].data, "x");
  }
  // Something that starts like a BOM but is not one is kept.
  const auto out = parse_with_cuts(
      "\xEF"
      "data: x\n\ndata: y\n\n",
      {1});
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].data, "y");
}

TEST(SseParser, BlankLineWithoutDataDispatchesNothing) {
  const auto out = parse_whole("event: lonely\n\n\n\ndata: x\n\n");
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].type, "") << "the event type is reset by the blank line";
  EXPECT_EQ(out.events[0].data, "x");
}

TEST(SseParser, FinishDispatchesAnEventMissingOnlyItsBlankLine) {
  const auto out = parse_whole("data: a\n\ndata: [DONE]\n");
  ASSERT_TRUE(out.finish_status);
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(out.events[1].data, "[DONE]");
}

TEST(SseParser, FinishDropsAnEventCutInsideALine) {
  const auto out = parse_whole("data: a\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hel");
  ASSERT_TRUE(out.finish_status);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].data, "a");
  // The complete first line of a multi-line event is not dispatched alone either.
  const auto multi = parse_whole("data: part one\ndata: part t");
  EXPECT_TRUE(multi.events.empty());
}

TEST(SseParser, ParsesRetry) {
  SseParser parser([](const SseEvent&) {});
  ASSERT_TRUE(parser.feed("retry: 3000\nretry: soon\n"));
  ASSERT_TRUE(parser.retry().has_value());
  EXPECT_EQ(parser.retry()->count(), 3000);
}

TEST(SseParser, FailsOnALineLongerThanTheLimit) {
  SseLimits limits;
  limits.max_line_bytes = 64;
  const std::string long_line = "data: " + std::string(100, 'x') + "\n\n";
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& event) { events.push_back(event); }, limits);
  // Fed in small pieces: the limit holds across feeds, before the line ends.
  Status status;
  for (std::size_t i = 0; i < long_line.size() && status; i += 10)
    status = parser.feed(long_line.substr(i, 10));
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("longer than 64 bytes"), std::string::npos)
      << status.error().message;
  EXPECT_EQ(status.error().message.find("xxxx"), std::string::npos) << "the content is not quoted";
  EXPECT_TRUE(events.empty());
  // Stays failed.
  EXPECT_FALSE(parser.feed("data: ok\n\n"));
  EXPECT_FALSE(parser.finish());
  EXPECT_TRUE(events.empty());
}

TEST(SseParser, FailsOnAnEventLargerThanTheLimit) {
  SseLimits limits;
  limits.max_event_bytes = 20;
  const auto out = parse_whole("data: 0123456789\ndata: 0123456789\n\n", limits);
  ASSERT_FALSE(out.feed_status);
  EXPECT_NE(out.feed_status.error().message.find("larger than 20 bytes"), std::string::npos);
  EXPECT_TRUE(out.events.empty());
}

TEST(SseParser, LinesUpToTheLimitAreAccepted) {
  SseLimits limits;
  limits.max_line_bytes = 16;
  const auto out = parse_byte_by_byte("data: 0123456789\n\n");  // exactly 16 bytes
  ASSERT_TRUE(out.feed_status);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(parse_whole("data: 0123456789\n\n", limits).events.size(), 1u);
}

}  // namespace
}  // namespace openclaw::providers
