#include "providers/http/request_writer.h"

#include <gtest/gtest.h>

namespace openclaw::providers {
namespace {

OutgoingUrl url_of(const char* text) { return *parse_outgoing_url(text); }

TEST(RequestWriterTest, PostHasHostHeadersLengthAndBody) {
  OutgoingRequest request;
  request.headers = {
      {"Authorization", "Bearer k"}, {"Content-Type", "application/json"}, {"Connection", "close"}};
  request.body = "{\"a\":1}";
  auto text = serialize_request(request, url_of("https://api.example.com/v1/x?y=1"), {});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text,
            "POST /v1/x?y=1 HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer k\r\n"
            "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
}

TEST(RequestWriterTest, EmptyPostStillSaysItsLengthAndCallerHostWins) {
  OutgoingRequest request;
  request.headers = {{"Host", "virtual.example"}};
  auto text = serialize_request(request, url_of("http://10.0.0.1:8080/"), {});
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "POST / HTTP/1.1\r\nHost: virtual.example\r\nContent-Length: 0\r\n\r\n");
}

TEST(RequestWriterTest, ProxiedPlainHttpUsesAbsoluteFormAndProxyAuth) {
  OutgoingRequest request;
  request.method = "GET";
  RequestFraming framing{true, "Basic YTpi"};
  auto text = serialize_request(request, url_of("http://models.lan:8000/v1/models"), framing);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "GET http://models.lan:8000/v1/models HTTP/1.1\r\nHost: models.lan:8000\r\n"
            "Proxy-Authorization: Basic YTpi\r\n\r\n");
}

TEST(RequestWriterTest, HeadersThatWouldBreakFramingAreRefusedWithoutTheirValue) {
  OutgoingRequest request;
  request.headers = {{"X-Api-Key", "SECRET\r\nX-Evil: 1"}};
  auto text = serialize_request(request, url_of("https://a.example/"), {});
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message.find("X-Api-Key"), std::string::npos);
  EXPECT_EQ(text.error().message.find("SECRET"), std::string::npos);

  request.headers = {{"Bad Name", "v"}};
  EXPECT_FALSE(serialize_request(request, url_of("https://a.example/"), {}));
  request.headers = {};
  request.method = "GET /x";
  EXPECT_FALSE(serialize_request(request, url_of("https://a.example/"), {}));
}

TEST(RequestWriterTest, ConnectRequestAndReply) {
  EXPECT_EQ(serialize_connect(url_of("https://api.openai.com/v1"), std::string("Basic YTpi")),
            "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: "
            "api.openai.com:443\r\nProxy-Authorization: Basic YTpi\r\n\r\n");
  auto ok = parse_connect_reply("HTTP/1.1 200 Connection established\r\n\r\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->reason, "Connection established");
  auto refused = parse_connect_reply(
      "HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 407);
  EXPECT_FALSE(parse_connect_reply("SSH-2.0-OpenSSH\r\n\r\n"));
  EXPECT_FALSE(parse_connect_reply("HTTP/1.1 abc Nope\r\n\r\n"));
}

}  // namespace
}  // namespace openclaw::providers
