#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>

#include "cli/healthcheck_command.h"

namespace openclaw::cli {
namespace {

// A one-shot HTTP server on 127.0.0.1: accepts one connection, reads the request, answers
// `response` verbatim (or nothing, when `silent`) and closes.
class OneShotServer {
 public:
  explicit OneShotServer(std::string response, bool silent = false) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    EXPECT_EQ(::listen(listener_, 1), 0);
    thread_ = std::thread([this, response = std::move(response), silent] {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[4096];
      std::string request;
      while (request.find("\r\n\r\n") == std::string::npos) {
        const auto got = ::read(client, buffer, sizeof buffer);
        if (got <= 0) break;
        request.append(buffer, static_cast<std::size_t>(got));
      }
      request_ = request;
      if (silent) {
        // Hold the connection open without answering until the client gives up.
        while (::read(client, buffer, sizeof buffer) > 0) {
        }
      } else {
        (void)!::write(client, response.data(), response.size());
      }
      ::close(client);
    });
  }
  ~OneShotServer() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  std::uint16_t port() const { return port_; }
  const std::string& request() const { return request_; }

 private:
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

std::string http_answer(const std::string& status, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

HealthcheckTarget local(std::uint16_t port) {
  HealthcheckTarget target;
  target.host = "127.0.0.1";
  target.port = port;
  return target;
}

std::uint16_t closed_port() {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);
  return ntohs(address.sin_port);
}

TEST(HealthcheckUrlTest, AcceptsHttpAndWebSocketSchemesAndDefaultsThePath) {
  auto plain = parse_healthcheck_url("http://127.0.0.1:18790");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->display(), "http://127.0.0.1:18790/healthz");
  auto secure = parse_healthcheck_url("wss://[::1]:443/readyz");
  ASSERT_TRUE(secure) << secure.error().message;
  EXPECT_TRUE(secure->tls);
  EXPECT_EQ(secure->host, "::1");
  EXPECT_EQ(secure->display(), "https://[::1]:443/readyz");
}

TEST(HealthcheckUrlTest, RejectsOtherSchemesBadPortsAndCredentials) {
  auto ftp = parse_healthcheck_url("ftp://127.0.0.1:1");
  ASSERT_FALSE(ftp);
  EXPECT_NE(ftp.error().message.find("http://, https://, ws:// or wss://"), std::string::npos);
  auto port = parse_healthcheck_url("http://127.0.0.1:70000");
  ASSERT_FALSE(port);
  EXPECT_NE(port.error().message.find("bad port \"70000\""), std::string::npos);
  auto credentials = parse_healthcheck_url("http://user:hunter2@127.0.0.1:1");
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message.find("hunter2"), std::string::npos) << "secret echoed";
}

TEST(HealthcheckTargetTest, ProbesTheAddressTheGatewayListensOn) {
  EXPECT_EQ(default_healthcheck_target({"0.0.0.0"}, 18789, false).display(), "http://127.0.0.1:18789/healthz");
  EXPECT_EQ(default_healthcheck_target({"127.0.0.1", "::1"}, 1234, true).display(), "https://127.0.0.1:1234/healthz");
  EXPECT_EQ(default_healthcheck_target({"::1"}, 1234, false).host, "::1");
  EXPECT_EQ(default_healthcheck_target({"10.1.2.3"}, 1234, false).host, "10.1.2.3");
}

TEST(HealthcheckProbeTest, OkWhenHealthzAnswersOkTrue) {
  OneShotServer server(http_answer("200 OK", R"({"ok":true,"status":"live"})"));
  auto status = probe_healthz(local(server.port()), std::chrono::milliseconds(3000));
  EXPECT_TRUE(status) << status.error().message;
  EXPECT_TRUE(server.request().starts_with("GET /healthz HTTP/1.1\r\n")) << server.request();
}

TEST(HealthcheckProbeTest, FailsOnAnErrorStatusOrABodyThatIsNotOk) {
  {
    OneShotServer server(http_answer("503 Service Unavailable", R"({"ok":false})"));
    auto status = probe_healthz(local(server.port()), std::chrono::milliseconds(3000));
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().message, "answered HTTP 503");
  }
  {
    OneShotServer server(http_answer("200 OK", R"({"ok":false})"));
    auto status = probe_healthz(local(server.port()), std::chrono::milliseconds(3000));
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().message, "answered 200 without \"ok\": true");
  }
}

TEST(HealthcheckProbeTest, FailsWhenNothingListensOrNothingAnswers) {
  auto refused = probe_healthz(local(closed_port()), std::chrono::milliseconds(3000));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("refused"), std::string::npos) << refused.error().message;

  OneShotServer silent("", true);
  auto timed_out = probe_healthz(local(silent.port()), std::chrono::milliseconds(300));
  ASSERT_FALSE(timed_out);
  EXPECT_EQ(timed_out.error().message, "no answer within 300 ms");
}

TEST(HealthcheckCommandTest, ExitCodesAndMessages) {
  OneShotServer server(http_answer("200 OK", R"({"ok":true})"));
  std::ostringstream out, err;
  const auto url = "http://127.0.0.1:" + std::to_string(server.port());
  EXPECT_EQ(run_healthcheck({"--url", url}, Environment{}, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), "ok: " + url + "/healthz\n");

  std::ostringstream out2, err2;
  const auto down = "http://127.0.0.1:" + std::to_string(closed_port());
  EXPECT_EQ(run_healthcheck({"--url=" + down, "--timeout", "2000"}, Environment{}, out2, err2), 1);
  EXPECT_TRUE(err2.str().starts_with("openclaw gateway healthcheck: " + down + "/healthz: ")) << err2.str();

  std::ostringstream out3, err3;
  EXPECT_EQ(run_healthcheck({"--timeout", "soon"}, Environment{}, out3, err3), 2);
  EXPECT_NE(err3.str().find("--timeout must be a number of milliseconds"), std::string::npos);
  std::ostringstream out4, err4;
  EXPECT_EQ(run_healthcheck({"--bogus"}, Environment{}, out4, err4), 2);
  EXPECT_NE(err4.str().find("unknown argument --bogus"), std::string::npos);
}

}  // namespace
}  // namespace openclaw::cli
