#include <gtest/gtest.h>

#include "cli/gateway_connection.h"

namespace openclaw::cli {
namespace {

using Args = std::vector<std::string>;

Environment env_with(std::map<std::string, std::string, std::less<>> vars = {}) { return Environment(std::move(vars)); }

TEST(NetworkOptionsTest, TakesTheSharedOptionsAndLeavesTheRest) {
  Args args = {"health", "--url", "ws://127.0.0.1:1234", "--token=abc", "--verbose", "--password", "pw",
               "--timeout", "2500", "--json", "extra"};
  auto options = take_network_options(args, env_with());
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(args, (Args{"health", "--verbose", "extra"}));
  EXPECT_EQ(options->url, "ws://127.0.0.1:1234");
  EXPECT_TRUE(options->url_from_flag);
  EXPECT_EQ(options->token, "abc");
  EXPECT_EQ(options->password, "pw");
  EXPECT_EQ(options->timeout, std::chrono::milliseconds(2500));
  EXPECT_TRUE(options->json);
}

TEST(NetworkOptionsTest, DefaultsWithoutFlagsOrEnvironment) {
  Args args = {"call"};
  auto options = take_network_options(args, env_with());
  ASSERT_TRUE(options);
  EXPECT_FALSE(options->url);
  EXPECT_FALSE(options->token);
  EXPECT_FALSE(options->password);
  EXPECT_EQ(options->timeout, std::chrono::milliseconds(10'000));
  EXPECT_FALSE(options->json);
  EXPECT_FALSE(options->url_from_flag);
}

TEST(NetworkOptionsTest, EnvironmentFillsWhatFlagsLeaveUnset) {
  auto env = env_with({{"OPENCLAW_GATEWAY_URL", "wss://gw.example:8443"},
                       {"OPENCLAW_GATEWAY_TOKEN", "env-token"},
                       {"OPENCLAW_GATEWAY_PASSWORD", "env-password"}});
  Args args;
  auto from_env = take_network_options(args, env);
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->url, "wss://gw.example:8443");
  EXPECT_FALSE(from_env->url_from_flag) << "an env URL may still use the config's credentials";
  EXPECT_EQ(from_env->token, "env-token");
  EXPECT_EQ(from_env->password, "env-password");

  Args flagged = {"--token", "flag-token"};
  EXPECT_EQ(take_network_options(flagged, env)->token, "flag-token") << "flags win over the environment";
}

TEST(NetworkOptionsTest, AnExplicitUrlGetsOnlyExplicitCredentials) {
  auto env = env_with({{"OPENCLAW_GATEWAY_TOKEN", "env-token"}, {"OPENCLAW_GATEWAY_PASSWORD", "env-password"}});
  Args args = {"--url", "ws://10.0.0.2:18789"};
  auto options = take_network_options(args, env);
  ASSERT_TRUE(options);
  EXPECT_FALSE(options->token) << "the local gateway's token is not sent to another URL";
  EXPECT_FALSE(options->password);
}

TEST(NetworkOptionsTest, BadValuesFailNamingTheOption) {
  auto error_for = [](Args args, const Environment& env = Environment()) {
    auto options = take_network_options(args, env);
    return options ? std::string("(accepted)") : options.error().message;
  };
  EXPECT_NE(error_for({"--url"}).find("--url needs a value"), std::string::npos);
  EXPECT_NE(error_for({"--token", "--json"}).find("--token needs a value"), std::string::npos);
  EXPECT_NE(error_for({"--password="}).find("--password needs a value"), std::string::npos);
  EXPECT_NE(error_for({"--url", "http://127.0.0.1:18789"}).find("--url: gateway URL must start with ws://"),
            std::string::npos);
  EXPECT_NE(error_for({"--timeout", "soon"}).find("--timeout: expected a positive number of milliseconds"),
            std::string::npos);
  EXPECT_NE(error_for({"--timeout=0"}).find("--timeout"), std::string::npos);
  EXPECT_NE(error_for({"--timeout=-5"}).find("--timeout"), std::string::npos);
  EXPECT_NE(error_for({"--json=yes"}).find("--json does not take a value"), std::string::npos);
  EXPECT_NE(error_for({}, env_with({{"OPENCLAW_GATEWAY_URL", "gateway:18789"}})).find("OPENCLAW_GATEWAY_URL:"),
            std::string::npos);
}

TEST(NetworkOptionsTest, AValueStartingWithDashesNeedsTheEqualsForm) {
  Args args = {"--token=--weird-token"};
  auto options = take_network_options(args, Environment());
  ASSERT_TRUE(options);
  EXPECT_EQ(options->token, "--weird-token");
}

}  // namespace
}  // namespace openclaw::cli
