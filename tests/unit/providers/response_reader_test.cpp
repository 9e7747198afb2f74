#include "providers/http/response_reader.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>

namespace openclaw::providers {
namespace {

// Appends `bytes` to the buffer and feeds the reader, as one network read would.
ResponseReader::Progress feed(ResponseReader& reader, boost::beast::flat_buffer& buffer,
                              std::string_view bytes) {
  auto space = buffer.prepare(bytes.size());
  boost::asio::buffer_copy(space, boost::asio::buffer(bytes.data(), bytes.size()));
  buffer.commit(bytes.size());
  auto progress = reader.feed(buffer);
  EXPECT_TRUE(progress) << progress.error().message;
  return progress ? *progress : ResponseReader::Progress{};
}

TEST(ResponseReaderTest, ChunkedBodyComesOutDechunkedPieceByPiece) {
  ResponseReader reader(false);
  boost::beast::flat_buffer buffer;
  auto head =
      feed(reader, buffer,
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n5\r\nhel");
  EXPECT_TRUE(head.head_arrived);
  EXPECT_EQ(head.body, "hel");
  EXPECT_FALSE(head.done);
  EXPECT_EQ(reader.head().status, 200);
  EXPECT_EQ(reader.head().header("x-a"), "1, 2");

  auto middle = feed(reader, buffer, "lo\r\n6\r\n world\r");
  EXPECT_FALSE(middle.head_arrived);
  EXPECT_EQ(middle.body, "lo world");
  auto end = feed(reader, buffer, "\n0\r\n\r\n");
  EXPECT_EQ(end.body, "");
  EXPECT_TRUE(end.done);
  EXPECT_TRUE(reader.keep_alive());
  EXPECT_EQ(buffer.size(), 0u);
}

TEST(ResponseReaderTest, HeadSplitAcrossReadsArrivesOnce) {
  ResponseReader reader(false);
  boost::beast::flat_buffer buffer;
  EXPECT_FALSE(feed(reader, buffer, "HTTP/1.1 429 Too Many Requests\r\nRetry-").head_arrived);
  auto rest = feed(reader, buffer, "After: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  EXPECT_TRUE(rest.head_arrived);
  EXPECT_TRUE(rest.done);
  EXPECT_EQ(rest.body, "{}");
  EXPECT_EQ(reader.head().status, 429);
  EXPECT_EQ(reader.head().header("Retry-After"), "2");
  EXPECT_FALSE(reader.keep_alive());
}

TEST(ResponseReaderTest, InterimContinueIsSkipped) {
  ResponseReader reader(false);
  boost::beast::flat_buffer buffer;
  auto progress = feed(
      reader, buffer, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
  EXPECT_TRUE(progress.done);
  EXPECT_EQ(reader.head().status, 200);
  EXPECT_EQ(progress.body, "x");
}

TEST(ResponseReaderTest, CloseDelimitedBodyEndsAtEof) {
  ResponseReader reader(false);
  boost::beast::flat_buffer buffer;
  auto progress = feed(reader, buffer, "HTTP/1.1 200 OK\r\n\r\nsome");
  EXPECT_EQ(progress.body, "some");
  EXPECT_FALSE(progress.done);
  EXPECT_TRUE(reader.finish_at_eof());
  EXPECT_TRUE(reader.done());
}

TEST(ResponseReaderTest, TruncatedBodyIsNotCompleteAtEof) {
  ResponseReader reader(false);
  boost::beast::flat_buffer buffer;
  feed(reader, buffer, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
  EXPECT_FALSE(reader.finish_at_eof());
  ResponseReader no_head(false);
  EXPECT_FALSE(no_head.finish_at_eof());
}

TEST(ResponseReaderTest, HeadRequestHasNoBody) {
  ResponseReader reader(true);
  boost::beast::flat_buffer buffer;
  auto progress = feed(reader, buffer, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
  EXPECT_TRUE(progress.done);
}

TEST(ResponseReaderTest, GarbageAndOversizedHeadsFail) {
  {
    ResponseReader reader(false);
    boost::beast::flat_buffer buffer;
    const std::string garbage = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
    auto space = buffer.prepare(garbage.size());
    boost::asio::buffer_copy(space, boost::asio::buffer(garbage));
    buffer.commit(garbage.size());
    EXPECT_FALSE(reader.feed(buffer));
  }
  {
    ResponseReader reader(false);
    boost::beast::flat_buffer buffer;
    const std::string huge =
        "HTTP/1.1 200 OK\r\nX: " + std::string(ResponseReader::kHeaderLimit, 'a') + "\r\n\r\n";
    auto space = buffer.prepare(huge.size());
    boost::asio::buffer_copy(space, boost::asio::buffer(huge));
    buffer.commit(huge.size());
    EXPECT_FALSE(reader.feed(buffer));
  }
}

TEST(ResponseReaderTest, LargeBodiesAreNotLimited) {
  ResponseReader reader(false);
  boost::beast::flat_buffer buffer;
  const std::size_t size = 32 * 1024 * 1024;
  feed(reader, buffer, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n");
  const std::string block(1024 * 1024, 'z');
  std::size_t received = 0;
  bool done = false;
  for (std::size_t i = 0; i < size / block.size(); ++i) {
    auto progress = feed(reader, buffer, block);
    received += progress.body.size();
    done = progress.done;
  }
  EXPECT_EQ(received, size);
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace openclaw::providers
