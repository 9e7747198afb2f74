#include "core/config/secret_origin.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_env.h"

namespace openclaw::config {
namespace {

using testing::env_of;
using testing::TempDir;

class SecretOrigin : public ::testing::Test {
 protected:
  LoadedConfig load(std::string_view text, Environment env = Environment()) {
    auto path = dir_.write("openclaw.json", text);
    auto loaded = load_config(path, env);
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    return loaded ? *loaded : LoadedConfig{};
  }
  std::string origin(const LoadedConfig& loaded, std::string_view path) {
    return describe_secret_origin(loaded, *parse_config_path(path));
  }
  TempDir dir_;
};

TEST_F(SecretOrigin, InlineValue) {
  auto loaded = load(R"({ gateway: { auth: { token: "abc" } } })");
  EXPECT_EQ(origin(loaded, "gateway.auth.token"), "inline");
  EXPECT_EQ(origin(loaded, "gateway.auth.password"), "");
}

TEST_F(SecretOrigin, FileSecretRefNamesTheFile) {
  auto loaded = load(R"({
    secrets: { providers: { default: { source: "file", path: "credentials/gateway-token", mode: "singleValue" } } },
    gateway: { auth: { token: { source: "file", provider: "default", id: "value" } } },
  })");
  EXPECT_EQ(origin(loaded, "gateway.auth.token"),
            "from file SecretRef file:default:value \u2192 " +
                (dir_.path() / "credentials/gateway-token").string());
}

TEST_F(SecretOrigin, EnvRefsAndPlaceholders) {
  auto loaded = load(R"({
    gateway: { auth: { token: { source: "env", provider: "default", id: "GW_TOKEN" }, password: "${GW_PASSWORD}" } },
    hooks: { token: "${HOOKS_TOKEN}" },
  })",
                     env_of({{"GW_PASSWORD", "pw"}}));
  EXPECT_EQ(origin(loaded, "gateway.auth.token"), "from env SecretRef env:default:GW_TOKEN");
  EXPECT_EQ(origin(loaded, "gateway.auth.password"), "from environment variable GW_PASSWORD");
  EXPECT_EQ(origin(loaded, "hooks.token"), "from environment variable HOOKS_TOKEN (not set)");
}

TEST_F(SecretOrigin, ValueFromAnInclude) {
  dir_.write("auth.json5", R"({ token: "abc" })");
  auto loaded = load(R"({ gateway: { auth: { $include: "./auth.json5" } } })");
  EXPECT_EQ(origin(loaded, "gateway.auth.token"), "inline, from an $include file");
}

}  // namespace
}  // namespace openclaw::config
