#include "provision/spec_fields.h"

#include <gtest/gtest.h>

#include <set>

namespace openclaw::provision {
namespace {

using nlohmann::json;

TEST(SpecFieldsTest, FlagsAndVariablesAreDerivedAndUnique) {
  const SpecField* token_file = find_field("gateway.auth.tokenFile");
  ASSERT_NE(token_file, nullptr);
  EXPECT_EQ(flag_name(*token_file), "--auth-token-file");
  EXPECT_EQ(env_name(*token_file), "OPENCLAW_PROVISION_GATEWAY_AUTH_TOKEN_FILE");
  EXPECT_EQ(flag_name(*find_field("stateDir")), "--state-dir");
  std::set<std::string> flags, variables;
  for (const auto& field : spec_fields()) {
    if (!is_scalar_path(field)) continue;
    EXPECT_TRUE(flags.insert(flag_name(field)).second) << flag_name(field);
    EXPECT_TRUE(variables.insert(env_name(field)).second) << env_name(field);
  }
}

TEST(SpecFieldsTest, WildcardsAndListsMatchConcretePaths) {
  EXPECT_NE(find_field("providers.openai.apiKeyEnv"), nullptr);
  EXPECT_NE(find_field("devices[3].publicKey"), nullptr);
  EXPECT_EQ(find_field("providers..apiKeyEnv"), nullptr);
  EXPECT_EQ(find_field("gateway.prot"), nullptr);
}

TEST(SpecFieldsTest, YamlStringsBecomeTypedValues) {
  json tree = {{"gateway", {{"port", "18789"}, {"allowRealIpFallback", "yes"}, {"trustedProxies", "10.0.0.1, 10.0.0.2"}}},
               {"providers", {{"openai", {{"models", json::array({"a", "b"})}}}}},
               {"devices", json::array({{{"name", "laptop"}, {"publicKey", "k"}}})}};
  ASSERT_TRUE(normalize_spec_tree(tree));
  EXPECT_EQ(tree["gateway"]["port"], 18789);
  EXPECT_EQ(tree["gateway"]["allowRealIpFallback"], true);
  EXPECT_EQ(tree["gateway"]["trustedProxies"], json::array({"10.0.0.1", "10.0.0.2"}));
}

TEST(SpecFieldsTest, ErrorsNameThePathTheValueAndTheExpectation) {
  json bad_port = {{"gateway", {{"port", 0}}}};
  auto status = normalize_spec_tree(bad_port);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "gateway.port: 0 is out of range (expected a port number 1-65535)");
  json bad_enum = {{"gateway", {{"bind", "public"}}}};
  EXPECT_EQ(normalize_spec_tree(bad_enum).error().message,
            "gateway.bind: \"public\" is not one of loopback lan tailnet auto custom");
  json unknown = {{"devices", json::array({{{"nmae", "x"}}})}};
  EXPECT_EQ(normalize_spec_tree(unknown).error().message, "devices[0].nmae: unknown key");
  json not_object = {{"gateway", 5}};
  EXPECT_EQ(normalize_spec_tree(not_object).error().message, "gateway: 5 is not an object");
}

TEST(SpecFieldsTest, EnvironmentOverridesAndListFlagsAppend) {
  json tree = json::object();
  Environment environment({{"OPENCLAW_PROVISION_GATEWAY_BIND", "lan"}, {"OPENCLAW_PROVISION_GATEWAY_PORT", "x"}});
  auto status = apply_environment_overrides(tree, environment);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("OPENCLAW_PROVISION_GATEWAY_PORT"), std::string::npos);
  const SpecField& proxies = *find_field("gateway.trustedProxies");
  ASSERT_TRUE(set_field_from_text(tree, proxies, proxies.path, "10.0.0.1", "--trusted-proxies", false));
  ASSERT_TRUE(set_field_from_text(tree, proxies, proxies.path, "10.0.0.2,10.0.0.3", "--trusted-proxies", true));
  EXPECT_EQ(tree["gateway"]["trustedProxies"], json::array({"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
}

}  // namespace
}  // namespace openclaw::provision
