#include "providers/http/proxy_settings.h"

#include <gtest/gtest.h>

#include "core/crypto/encoding.h"
#include "providers/http/https_client.h"

namespace openclaw::providers {
namespace {

Environment env(std::map<std::string, std::string, std::less<>> vars) {
  return Environment(std::move(vars));
}

TEST(ProxySettingsTest, ProxyUrlWithCredentialsBecomesBasicAuth) {
  auto proxy = parse_proxy_url("http://alice:p%40ss%3Aword@Proxy.Corp:3128/");
  ASSERT_TRUE(proxy) << proxy.error().message;
  EXPECT_EQ(proxy->host, "proxy.corp");
  EXPECT_EQ(proxy->port, 3128);
  EXPECT_EQ(proxy->authorization, "Basic " + crypto::base64_encode("alice:p@ss:word"));
  EXPECT_EQ(proxy->authority(), "proxy.corp:3128");
}

TEST(ProxySettingsTest, BareHostPortAndDefaultPort) {
  auto bare = parse_proxy_url("10.0.0.5:8080");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->host, "10.0.0.5");
  EXPECT_EQ(bare->port, 8080);
  EXPECT_FALSE(bare->authorization);
  auto no_port = parse_proxy_url("http://proxy.corp");
  ASSERT_TRUE(no_port);
  EXPECT_EQ(no_port->port, 80);
  auto v6 = parse_proxy_url("http://[fd00::1]:3128");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->authority(), "[fd00::1]:3128");
}

TEST(ProxySettingsTest, OptionsFromEnvironmentPreferLowerCaseHttpsProxy) {
  auto options =
      https_client_options_from(env({{"https_proxy", "http://lower:1"},
                                     {"HTTPS_PROXY", "http://upper:2"},
                                     {"NO_PROXY", "localhost, .internal.example,*.corp 10.0.0.1"},
                                     {"SSL_CERT_FILE", "/etc/openclaw/ca.pem"}}));
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->proxy_url, "http://lower:1");
  EXPECT_EQ(options->hosts_without_proxy,
            (std::vector<std::string>{"localhost", ".internal.example", ".corp", "10.0.0.1"}));
  EXPECT_EQ(options->ca_file, std::filesystem::path("/etc/openclaw/ca.pem"));

  auto upper =
      https_client_options_from(env({{"HTTPS_PROXY", "http://upper:2"}, {"no_proxy", "*"}}));
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->proxy_url, "http://upper:2");
  EXPECT_EQ(upper->hosts_without_proxy, std::vector<std::string>{"*"});
}

TEST(ProxySettingsTest, EmptyEnvironmentMeansDirectAndDefaults) {
  auto options =
      https_client_options_from(env({{"HTTPS_PROXY", ""}, {"HTTP_PROXY", "http://not-used:1"}}));
  ASSERT_TRUE(options);
  EXPECT_FALSE(options->proxy_url);
  EXPECT_TRUE(options->hosts_without_proxy.empty());
  EXPECT_FALSE(options->ca_file);
}

TEST(ProxySettingsTest, MalformedProxyVariableIsNamedWithoutItsPassword) {
  struct Case {
    const char* value;
    const char* reason;
  };
  for (const Case& bad :
       {Case{"https://u:SECRET@proxy:443", "https:// proxies are not supported"},
        Case{"socks5://u:SECRET@proxy:1080", "unsupported proxy scheme \"socks5\""},
        Case{"http://u:SECRET@:3128", "no host"}, Case{"http://u:SECRET@proxy:70000", "bad port"},
        Case{"http://u:SECRET@proxy:abc", "bad port"},
        Case{"http://u:SECRET%zz@proxy:3128", "%-escape"}}) {
    auto options = https_client_options_from(env({{"HTTPS_PROXY", bad.value}}));
    ASSERT_FALSE(options) << bad.value;
    const std::string& message = options.error().message;
    EXPECT_TRUE(message.starts_with("HTTPS_PROXY: ")) << message;
    EXPECT_NE(message.find(bad.reason), std::string::npos) << message;
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
  }
  auto lower = https_client_options_from(env({{"https_proxy", "ftp://proxy"}}));
  ASSERT_FALSE(lower);
  EXPECT_TRUE(lower.error().message.starts_with("https_proxy: ")) << lower.error().message;
}

TEST(ProxySettingsTest, NoProxyMatchesExactHostsAndDomainSuffixes) {
  const std::vector<std::string> list = {
      "localhost", ".internal.example", "corp.example", "10.0.0.1", "[::1]", "ollama.lan:11434"};
  EXPECT_TRUE(bypasses_proxy("localhost", 80, list));
  EXPECT_TRUE(bypasses_proxy("LOCALHOST", 80, list));
  EXPECT_TRUE(bypasses_proxy("api.internal.example", 443, list));
  EXPECT_TRUE(bypasses_proxy("internal.example", 443, list))
      << "a leading dot also covers the domain itself";
  EXPECT_TRUE(bypasses_proxy("corp.example", 443, list));
  EXPECT_TRUE(bypasses_proxy("llm.corp.example", 443, list))
      << "a bare domain covers its subdomains";
  EXPECT_FALSE(bypasses_proxy("notcorp.example", 443, list)) << "a suffix match starts at a dot";
  EXPECT_TRUE(bypasses_proxy("10.0.0.1", 443, list));
  EXPECT_FALSE(bypasses_proxy("10.0.0.10", 443, list));
  EXPECT_TRUE(bypasses_proxy("::1", 443, list));
  EXPECT_TRUE(bypasses_proxy("0:0::1", 443, list)) << "IPv6 compares as an address";
  EXPECT_TRUE(bypasses_proxy("ollama.lan", 11434, list));
  EXPECT_FALSE(bypasses_proxy("ollama.lan", 80, list))
      << "an entry with a port exempts that port only";
  EXPECT_FALSE(bypasses_proxy("127.0.0.1", 80, list)) << "loopback is not exempt unless listed";
  EXPECT_FALSE(bypasses_proxy("api.openai.com", 443, list));
  EXPECT_TRUE(bypasses_proxy("api.openai.com", 443, {"*"}));
  EXPECT_FALSE(bypasses_proxy("api.openai.com", 443, {}));
}

}  // namespace
}  // namespace openclaw::providers
