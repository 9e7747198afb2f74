// HttpsClient against scripted servers on 127.0.0.1: requests and responses, streamed
// bodies, and the connection pool.
#include "providers/http/https_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "https_client_harness.h"

namespace openclaw::providers {
namespace {

using namespace test_support;
using namespace std::chrono_literals;

TEST_F(HttpsClientTest, GetReturnsStatusHeadersAndBody) {
  std::promise<test_support::ReceivedRequest> seen;
  TestHttpServer server([&](ServerConnection& connection) {
    auto request = connection.read_request();
    if (!request) return;
    seen.set_value(*request);
    connection.respond(200, R"({"object":"list","data":[]})",
                       "X-Request-Id: req-1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n");
  });
  auto client = make_client();
  OutgoingRequest request = get_request(server.url("/v1/models?limit=2"));
  request.headers = {{"Authorization", "Bearer sk-test"}, {"Accept", "application/json"}};
  CallRecorder call;
  client->start(request, call.handlers());

  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(call.head()->status, 200);
  EXPECT_EQ(call.head()->header("X-REQUEST-ID"), "req-1");
  EXPECT_EQ(call.head()->header("set-cookie"), "a=1, b=2");
  EXPECT_EQ(call.head()->header("x-missing"), std::nullopt);
  EXPECT_EQ(call.body(), R"({"object":"list","data":[]})");
  EXPECT_FALSE(call.misordered());

  auto received = seen.get_future().get();
  EXPECT_EQ(received.request_line, "GET /v1/models?limit=2 HTTP/1.1");
  EXPECT_EQ(received.headers["host"], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(received.headers["authorization"], "Bearer sk-test");
  EXPECT_FALSE(received.headers.contains("content-length"))
      << "a GET without a body has no Content-Length";
}

TEST_F(HttpsClientTest, PostSendsTheJsonBodyWithItsLength) {
  std::promise<test_support::ReceivedRequest> seen;
  TestHttpServer server([&](ServerConnection& connection) {
    auto request = connection.read_request();
    if (!request) return;
    seen.set_value(*request);
    connection.respond(201, R"({"id":"chatcmpl-1","choices":[]})");
  });
  auto client = make_client();
  OutgoingRequest request;
  request.url = server.url("/v1/chat/completions");
  request.headers = {{"Content-Type", "application/json"}, {"Content-Length", "999"}};
  request.body = R"({"model":"gpt-4o","messages":[{"role":"user","content":"héllo"}]})";
  CallRecorder call;
  client->start(request, call.handlers());

  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(call.head()->status, 201);
  EXPECT_EQ(call.body(), R"({"id":"chatcmpl-1","choices":[]})");
  auto received = seen.get_future().get();
  EXPECT_EQ(received.request_line, "POST /v1/chat/completions HTTP/1.1");
  EXPECT_EQ(received.headers["content-type"], "application/json");
  EXPECT_EQ(received.headers["content-length"], std::to_string(request.body.size()))
      << "the caller's length is ignored";
  EXPECT_EQ(received.body, request.body);
}

TEST_F(HttpsClientTest, ChunkedBodyIsDeliveredDechunkedAsItArrives) {
  CallRecorder call;
  TestHttpServer server([&](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(std::string(kStreamHead) + chunk("data: {\"n\":1}\n\n"));
    // The rest is held back until the client has seen the first piece: streaming, not
    // buffering until the end.
    if (!call.wait_for_pieces(1)) return;
    connection.write(chunk("data: {\"n\":2}\n\n"));
    std::this_thread::sleep_for(30ms);
    connection.write(chunk("data: [DONE]\n\n") + "0\r\n\r\n");
  });
  auto client = make_client();
  client->start(get_request(server.url("/v1/stream")), call.handlers());

  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_GE(call.pieces(), 2u);
  EXPECT_EQ(call.body(), "data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n");
  EXPECT_FALSE(call.misordered());
}

TEST_F(HttpsClientTest, KeepAliveConnectionIsPooledAndReused) {
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served));
  auto client = make_client();
  CallRecorder first;
  client->start(get_request(server.url("/one")), first.handlers());
  ASSERT_TRUE(first.wait());
  ASSERT_TRUE(first.succeeded()) << first.error_message();
  EXPECT_EQ(client->idle_connections(), 1u);

  CallRecorder second;
  client->start(get_request(server.url("/two")), second.handlers());
  ASSERT_TRUE(second.wait());
  ASSERT_TRUE(second.succeeded()) << second.error_message();
  EXPECT_EQ(second.body(), "2");
  EXPECT_EQ(server.accepted(), 1) << "the second request must reuse the first connection";
  EXPECT_EQ(client->idle_connections(), 1u);
}

TEST_F(HttpsClientTest, ConnectionCloseResponsesAreNotPooled) {
  TestHttpServer server([](ServerConnection& connection) {
    if (connection.read_request()) connection.respond(200, "{}", "Connection: close\r\n");
  });
  auto client = make_client();
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(client->idle_connections(), 0u);
}

TEST_F(HttpsClientTest, BodyDelimitedByCloseIsComplete) {
  TestHttpServer server([](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
    connection.close();
  });
  auto client = make_client();
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(call.body(), "until the end");
  EXPECT_EQ(client->idle_connections(), 0u);
}

TEST_F(HttpsClientTest, PooledConnectionThatDiedIsRetriedOnceOnAFreshOne) {
  std::atomic<int> connections{0};
  TestHttpServer server([&](ServerConnection& connection) {
    if (++connections == 1) {
      if (connection.read_request()) connection.respond(200, "first");
      // The next request arrives on a connection the server has given up on.
      if (connection.read_request()) connection.close();
      return;
    }
    if (connection.read_request()) connection.respond(200, "fresh");
  });
  auto client = make_client();
  CallRecorder first;
  client->start(get_request(server.url()), first.handlers());
  ASSERT_TRUE(first.wait());
  ASSERT_TRUE(first.succeeded()) << first.error_message();

  CallRecorder second;
  OutgoingRequest post;
  post.url = server.url("/v1/chat/completions");
  post.body = "{}";
  client->start(post, second.handlers());
  ASSERT_TRUE(second.wait());
  ASSERT_TRUE(second.succeeded()) << second.error_message();
  EXPECT_EQ(second.body(), "fresh");
  EXPECT_EQ(server.accepted(), 2);
}

TEST_F(HttpsClientTest, FreshConnectionClosedBeforeAnsweringIsNotRetried) {
  TestHttpServer server([](ServerConnection& connection) {
    if (connection.read_request()) connection.close();
  });
  auto client = make_client();
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::ConnectionReset);
  EXPECT_TRUE(contains(call.error_message(), "127.0.0.1:" + std::to_string(server.port())))
      << call.error_message();
  EXPECT_EQ(server.accepted(), 1);
}

TEST_F(HttpsClientTest, IdleConnectionsAreClosedAfterTheirLifetime) {
  std::atomic<bool> server_saw_close{false};
  TestHttpServer server([&](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.respond(200, "{}");
    server_saw_close = connection.wait_for_close(3s);
  });
  HttpsClientOptions options;
  options.idle_connection_lifetime = 1s;  // the shortest the option can say
  auto client = make_client(options);
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(client->idle_connections(), 1u);
  EXPECT_TRUE(eventually([&] { return server_saw_close.load(); }))
      << "the pool closes the expired connection";
  EXPECT_EQ(client->idle_connections(), 0u);
}

TEST_F(HttpsClientTest, AtMostMaxIdlePerOriginConnectionsStayPooled) {
  TestHttpServer server([](ServerConnection& connection) {
    while (connection.read_request()) {
      std::this_thread::sleep_for(100ms);  // both requests are in flight at once
      connection.respond(200, "{}");
    }
  });
  HttpsClientOptions options;
  options.max_idle_per_origin = 1;
  auto client = make_client(options);
  CallRecorder first, second;
  client->start(get_request(server.url()), first.handlers());
  client->start(get_request(server.url()), second.handlers());
  ASSERT_TRUE(first.wait() && second.wait());
  ASSERT_TRUE(first.succeeded() && second.succeeded());
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(client->idle_connections(), 1u);
}

TEST_F(HttpsClientTest, ManyConcurrentCallsAllComplete) {
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served));
  auto client = make_client();
  std::vector<std::unique_ptr<CallRecorder>> calls;
  for (int i = 0; i < 16; ++i) {
    calls.push_back(std::make_unique<CallRecorder>());
    client->start(get_request(server.url("/" + std::to_string(i))), calls.back()->handlers());
  }
  for (auto& call : calls) {
    ASSERT_TRUE(call->wait());
    EXPECT_TRUE(call->succeeded()) << call->error_message();
  }
  EXPECT_EQ(served.load(), 16);
}

TEST_F(HttpsClientTest, CallInFlightSurvivesTheClientGoingAway) {
  CallRecorder call;
  TestHttpServer server([&](ServerConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(std::string(kStreamHead) + chunk("before"));
    std::this_thread::sleep_for(50ms);
    connection.write(chunk(" after") + "0\r\n\r\n");
  });
  auto client = make_client();
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait_for_pieces(1));
  client.reset();
  ASSERT_TRUE(call.wait());
  EXPECT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(call.body(), "before after");
}

}  // namespace
}  // namespace openclaw::providers
