// HttpsClient over TLS with a test CA made at run time (verification, hostname checks) and
// through a CONNECT proxy written for the test (tunnel, basic auth, NO_PROXY, refusals).
#include <gtest/gtest.h>

#include <atomic>

#include "core/crypto/encoding.h"
#include "https_client_harness.h"
#include "providers/http/https_client.h"
#include "test_certificates.h"
#include "test_connect_proxy.h"

namespace openclaw::providers {
namespace {

using namespace test_support;
using namespace std::chrono_literals;

class HttpsClientTlsTest : public HttpsClientTest {
 protected:
  test_support::TestPki pki_ = test_support::make_test_pki();
  TempFile ca_file_{pki_.ca_pem};

  HttpsClientOptions trusting_test_ca() {
    HttpsClientOptions options;
    options.ca_file = ca_file_.path();
    return options;
  }
};

TEST_F(HttpsClientTlsTest, VerifiedTlsToAnIpAndToAName) {
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served), test_support::make_server_context(pki_));
  auto client = make_client(trusting_test_ca());

  CallRecorder by_ip;
  client->start(get_request(server.url("/v1/models")), by_ip.handlers());
  ASSERT_TRUE(by_ip.wait());
  ASSERT_TRUE(by_ip.succeeded()) << by_ip.error_message();
  EXPECT_EQ(by_ip.body(), "1");

  CallRecorder reused;
  client->start(get_request(server.url("/v1/models")), reused.handlers());
  ASSERT_TRUE(reused.wait());
  ASSERT_TRUE(reused.succeeded()) << reused.error_message();
  EXPECT_EQ(server.accepted(), 1) << "TLS connections are pooled too";

  CallRecorder by_name;
  client->start(get_request("https://localhost:" + std::to_string(server.port()) + "/v1/models"),
                by_name.handlers());
  ASSERT_TRUE(by_name.wait());
  ASSERT_TRUE(by_name.succeeded()) << by_name.error_message();
}

TEST_F(HttpsClientTlsTest, CertificateFromAnotherCaIsRefused) {
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served), test_support::make_server_context(pki_));
  auto other = test_support::make_test_pki();
  TempFile other_ca(other.ca_pem);
  HttpsClientOptions options;
  options.ca_file = other_ca.path();
  auto client = make_client(options);
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::TlsFailed);
  EXPECT_TRUE(contains(call.error_message(), "certificate verify failed")) << call.error_message();
  EXPECT_TRUE(contains(call.error_message(), "127.0.0.1:" + std::to_string(server.port())))
      << call.error_message();
  EXPECT_EQ(served.load(), 0);
}

TEST_F(HttpsClientTlsTest, CertificateForAnotherHostIsRefused) {
  auto elsewhere = test_support::make_test_pki("DNS:api.other.example");
  TempFile ca(elsewhere.ca_pem);
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served), test_support::make_server_context(elsewhere));
  HttpsClientOptions options;
  options.ca_file = ca.path();
  auto client = make_client(options);

  CallRecorder by_ip;
  client->start(get_request(server.url()), by_ip.handlers());
  ASSERT_TRUE(by_ip.wait());
  EXPECT_EQ(by_ip.error_kind(), TransportErrorKind::TlsFailed);
  EXPECT_TRUE(contains(by_ip.error_message(), "mismatch")) << by_ip.error_message();

  CallRecorder by_name;
  client->start(get_request("https://localhost:" + std::to_string(server.port()) + "/"),
                by_name.handlers());
  ASSERT_TRUE(by_name.wait());
  EXPECT_EQ(by_name.error_kind(), TransportErrorKind::TlsFailed);
  EXPECT_TRUE(contains(by_name.error_message(), "mismatch")) << by_name.error_message();
  EXPECT_EQ(served.load(), 0);
}

TEST_F(HttpsClientTest, MissingCaFileFailsCreateNamingThePath) {
  HttpsClientOptions options;
  options.ca_file = "/nonexistent/openclaw-ca.pem";
  auto client = HttpsClient::create(io_threads_.io(), options);
  ASSERT_FALSE(client);
  EXPECT_TRUE(contains(client.error().message, "/nonexistent/openclaw-ca.pem"))
      << client.error().message;
}

TEST_F(HttpsClientTlsTest, HttpsGoesThroughTheProxyWithConnectAndBasicAuth) {
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served), test_support::make_server_context(pki_));
  TestConnectProxy proxy;
  HttpsClientOptions options = trusting_test_ca();
  options.proxy_url = "http://alice:s%40cret@127.0.0.1:" + std::to_string(proxy.port());
  auto client = make_client(options);

  for (int i = 0; i < 2; ++i) {
    CallRecorder call;
    client->start(get_request(server.url("/v1/models")), call.handlers());
    ASSERT_TRUE(call.wait());
    ASSERT_TRUE(call.succeeded()) << call.error_message();
  }
  auto requests = proxy.requests();
  ASSERT_EQ(requests.size(), 1u) << "the tunnel is pooled like any connection";
  const std::string authority = "127.0.0.1:" + std::to_string(server.port());
  EXPECT_EQ(requests[0].request_line, "CONNECT " + authority + " HTTP/1.1");
  EXPECT_EQ(requests[0].headers["host"], authority);
  EXPECT_EQ(requests[0].headers["proxy-authorization"],
            "Basic " + crypto::base64_encode("alice:s@cret"));
  EXPECT_EQ(server.accepted(), 1);
}

TEST_F(HttpsClientTlsTest, NoProxyHostsAreReachedDirectly) {
  std::atomic<int> served{0};
  TestHttpServer server(answer_every_request(served), test_support::make_server_context(pki_));
  TestConnectProxy proxy;
  HttpsClientOptions options = trusting_test_ca();
  options.proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  options.hosts_without_proxy = {"example.com", "127.0.0.1"};
  auto client = make_client(options);
  CallRecorder call;
  client->start(get_request(server.url()), call.handlers());
  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(proxy.accepted(), 0);
}

TEST_F(HttpsClientTest, ProxyRefusalIsAProxyFailureWithoutThePassword) {
  TestConnectProxy proxy("407 Proxy Authentication Required");
  HttpsClientOptions options;
  options.proxy_url = "http://alice:pw-SECRET@127.0.0.1:" + std::to_string(proxy.port());
  auto client = make_client(options);
  CallRecorder call;
  client->start(get_request("https://api.example.invalid/v1/models"), call.handlers());
  ASSERT_TRUE(call.wait());
  EXPECT_EQ(call.error_kind(), TransportErrorKind::ProxyFailed);
  EXPECT_TRUE(contains(call.error_message(), "407")) << call.error_message();
  EXPECT_TRUE(contains(call.error_message(), "api.example.invalid:443")) << call.error_message();
  EXPECT_FALSE(contains(call.error_message(), "SECRET")) << call.error_message();
}

TEST_F(HttpsClientTest, PlainHttpThroughTheProxyUsesTheAbsoluteForm) {
  TestConnectProxy proxy;
  HttpsClientOptions options;
  options.proxy_url = "127.0.0.1:" + std::to_string(proxy.port());  // no scheme: http
  auto client = make_client(options);
  CallRecorder call;
  client->start(get_request("http://models.internal:8080/v1/models"), call.handlers());
  ASSERT_TRUE(call.wait());
  ASSERT_TRUE(call.succeeded()) << call.error_message();
  EXPECT_EQ(call.body(), "proxied");
  auto requests = proxy.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].request_line, "GET http://models.internal:8080/v1/models HTTP/1.1");
  EXPECT_EQ(requests[0].headers["host"], "models.internal:8080");
}

}  // namespace
}  // namespace openclaw::providers
