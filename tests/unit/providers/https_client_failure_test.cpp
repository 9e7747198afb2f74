// How HttpsClient calls end early: refused connections, the three timeouts (100-300 ms
// here), bad responses and requests, and cancellation from any thread.
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "https_client_harness.h"
#include "providers/http/https_client.h"

namespace openclaw::providers {
namespace {

using namespace test_support;
using namespace std::chrono_literals;

TEST_F(HttpsClientTest, RefusedConnectionFailsNamingHostAndPort) {
  std::uint16_t port = 0;
  ::close(test_support::listen_on_loopback(port));  // nothing listens there any more
  auto client = make_client();
  CallRecorder call;
  client->start(get_request("http://127.0.0.1:" + std::to_string(port) + "/"), call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::ConnectFailed);
  EXPECT_TRUE(contains(call.error_message(), "127.0.0.1:" + std::to_string(port)))
      << call.error_message();
  EXPECT_TRUE(contains(call.error_message(), "refused")) << call.error_message();
}

TEST_F(HttpsClientTest, UnansweredTlsHandshakeHitsTheConnectTimeout) {
  TestHttpServer server([](ServerConnection& connection) { connection.wait_for_close(3s); });
  auto client = make_client();
  OutgoingRequest request = get_request("https://127.0.0.1:" + std::to_string(server.port()) + "/");
  request.timeouts.connect = 150ms;
  CallRecorder call;
  const auto started = Clock::now();
  client->start(request, call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_EQ(call.error_kind(), TransportErrorKind::Timeout);
  EXPECT_TRUE(contains(call.error_message(), "connect timeout")) << call.error_message();
  EXPECT_TRUE(contains(call.error_message(), "127.0.0.1:" + std::to_string(server.port())))
      << call.error_message();
}

TEST_F(HttpsClientTest, SilentServerHitsTheFirstByteTimeout) {
  std::atomic<bool> server_saw_close{false};
  TestHttpServer server([&](ServerConnection& connection) {
    if (connection.read_request()) server_saw_close = connection.wait_for_close(3s);
  });
  auto client = make_client();
  OutgoingRequest request = get_request(server.url());
  request.headers = {{"Authorization", "Bearer sk-live-SECRET"}};
  request.method = "POST";
  request.body = R"({"prompt":"BODY-SECRET"})";
  request.timeouts.first_byte = 150ms;
  CallRecorder call;
  const auto started = Clock::now();
  client->start(request, call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_EQ(call.error_kind(), TransportErrorKind::Timeout);
  const std::string message = call.error_message();
  EXPECT_TRUE(contains(message, "first-byte timeout")) << message;
  EXPECT_TRUE(contains(message, "127.0.0.1:" + std::to_string(server.port()))) << message;
  EXPECT_FALSE(contains(message, "SECRET")) << "errors never carry headers or bodies: " << message;
  EXPECT_TRUE(eventually([&] { return server_saw_close.load(); }))
      << "the timed-out connection is closed";
  EXPECT_EQ(client->idle_connections(), 0u);
}

TEST_F(HttpsClientTest, StalledBodyHitsTheIdleTimeout) {
  TestHttpServer server([](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(std::string(kStreamHead) + chunk("data: partial\n\n"));
    connection.wait_for_close(3s);
  });
  auto client = make_client();
  OutgoingRequest request = get_request(server.url());
  request.timeouts.idle = 150ms;
  CallRecorder call;
  client->start(request, call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::Timeout);
  EXPECT_TRUE(contains(call.error_message(), "idle timeout")) << call.error_message();
  EXPECT_EQ(call.body(), "data: partial\n\n");
}

TEST_F(HttpsClientTest, SteadyBodyBytesKeepTheIdleTimerFromExpiring) {
  TestHttpServer server([](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(kStreamHead);
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(70ms);
      connection.write(chunk("x"));
    }
    connection.write("0\r\n\r\n");
  });
  auto client = make_client();
  OutgoingRequest request = get_request(server.url());
  request.timeouts.idle = 150ms;  // shorter than the whole body, longer than any gap
  CallRecorder call;
  client->start(request, call.handlers());
  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(call.body(), "xxxxx");
}

TEST_F(HttpsClientTest, OversizedResponseHeadIsAProtocolError) {
  TestHttpServer server([](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write("HTTP/1.1 200 OK\r\nX-Padding: " + std::string(70 * 1024, 'a') +
                     "\r\nContent-Length: 0\r\n\r\n");
  });
  auto client = make_client();
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::ProtocolError);
}

TEST_F(HttpsClientTest, BadUrlAndBadHeaderFailWithoutEchoingThem) {
  auto client = make_client();
  CallRecorder bad_url;
  client->start(get_request("ftp://example.com/?key=URL-SECRET"), bad_url.handlers());
  ASSERT_TRUE(bad_url.wait());
  EXPECT_EQ(bad_url.error_kind(), TransportErrorKind::InvalidUrl);
  EXPECT_FALSE(contains(bad_url.error_message(), "URL-SECRET")) << bad_url.error_message();

  CallRecorder bad_header;
  OutgoingRequest request = get_request("http://127.0.0.1:9/");
  request.headers = {{"Authorization", "Bearer HEADER-SECRET\r\nX-Injected: 1"}};
  client->start(request, bad_header.handlers());
  ASSERT_TRUE(bad_header.wait());
  EXPECT_EQ(bad_header.error_kind(), TransportErrorKind::ProtocolError);
  EXPECT_TRUE(contains(bad_header.error_message(), "Authorization")) << bad_header.error_message();
  EXPECT_FALSE(contains(bad_header.error_message(), "HEADER-SECRET")) << bad_header.error_message();
}

TEST_F(HttpsClientTest, CancelFromAnotherThreadEndsTheStreamAndClosesTheSocket) {
  std::atomic<bool> server_saw_close{false};
  TestHttpServer server([&](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(std::string(kStreamHead) + chunk("data: first\n\n"));
    server_saw_close = connection.wait_for_close(3s);
  });
  auto client = make_client();
  CallRecorder call;
  auto handle = client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait_for_pieces(1));
  handle->cancel();
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::Cancelled);
  EXPECT_TRUE(eventually([&] { return server_saw_close.load(); }))
      << "the server sees the connection close";
  handle->cancel();  // again, after completion: nothing happens
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(call.completions(), 1);
  EXPECT_FALSE(call.misordered());
  EXPECT_EQ(client->idle_connections(), 0u) << "a cancelled connection is not pooled";
}

TEST_F(HttpsClientTest, CancelInsideOnBodyStopsFurtherHandlers) {
  TestHttpServer server([](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(std::string(kStreamHead) + chunk("one"));
    std::this_thread::sleep_for(30ms);
    connection.write(chunk("two"));
    std::this_thread::sleep_for(30ms);
    connection.write(chunk("three") + "0\r\n\r\n");
    connection.wait_for_close(3s);
  });
  auto client = make_client();
  CallRecorder call;
  ResponseHandlers handlers = call.handlers();
  std::promise<std::shared_ptr<HttpCall>> handle_promise;
  std::shared_future<std::shared_ptr<HttpCall>> handle = handle_promise.get_future().share();
  handlers.on_body = [record = handlers.on_body, handle](std::string_view bytes) {
    record(bytes);
    handle.get()->cancel();
  };
  handle_promise.set_value(client->start(get_request(server.url()), handlers));
  ASSERT_TRUE(call.wait());
  std::this_thread::sleep_for(100ms);  // "two" and "three" have arrived by now
  EXPECT_EQ(call.error_kind(), TransportErrorKind::Cancelled);
  EXPECT_EQ(call.body(), "one");
  EXPECT_EQ(call.completions(), 1);
  EXPECT_FALSE(call.misordered());
}

TEST_F(HttpsClientTest, CancelRightAfterStartCompletesOnce) {
  TestHttpServer server([](ServerConnection& connection) {
    if (!connection.read_request()) return;
    std::this_thread::sleep_for(200ms);  // the cancel always comes first
    connection.respond(200, "{}");
  });
  auto client = make_client();
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers())->cancel();
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::Cancelled);
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(call.completions(), 1);
}

}  // namespace
}  // namespace openclaw::providers
