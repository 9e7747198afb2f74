#include "core/config/json_schema.h"

#include <gtest/gtest.h>

namespace openclaw::config {
namespace {

using nlohmann::json;

TEST(JsonSchema, DescribesGatewayKeysWithTheirRules) {
  const json schema = config_json_schema();
  EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#");
  EXPECT_EQ(schema["type"], "object");
  const json& gateway = schema["properties"]["gateway"];
  EXPECT_EQ(gateway["additionalProperties"], false);
  const json& port = gateway["properties"]["port"];
  EXPECT_EQ(port["type"], "integer");
  EXPECT_EQ(port["minimum"], 1);
  EXPECT_EQ(port["maximum"], 65535);
  EXPECT_EQ(gateway["properties"]["bind"]["enum"],
            json({"loopback", "lan", "tailnet", "auto", "custom"}));
  EXPECT_TRUE(schema["properties"].contains("channels")) << "pass-through sections are listed";
  EXPECT_TRUE(schema["properties"].contains("$schema"));
}

TEST(JsonSchema, SecretsTakeAStringOrASecretRef) {
  const json token =
      config_json_schema()["properties"]["gateway"]["properties"]["auth"]["properties"]["token"];
  ASSERT_TRUE(token.contains("anyOf"));
  EXPECT_EQ(token["anyOf"][0]["type"], "string");
  EXPECT_EQ(token["anyOf"][1]["required"], json({"source", "id"}));
  EXPECT_EQ(token["writeOnly"], true);
}

TEST(JsonSchema, ListsRequiredKeysAndMaps) {
  const json providers = config_json_schema()["properties"]["models"]["properties"]["providers"];
  EXPECT_EQ(providers["type"], "object");
  EXPECT_EQ(providers["additionalProperties"]["required"], json({"baseUrl"}));
  const json list = config_json_schema()["properties"]["agents"]["properties"]["list"];
  EXPECT_EQ(list["type"], "array");
  EXPECT_EQ(list["items"]["required"], json({"id"}));
}

TEST(JsonSchema, UiHintsMarkSecretPaths) {
  const json hints = config_ui_hints();
  EXPECT_EQ(hints["gateway.auth.token"], json({{"sensitive", true}}));
  EXPECT_TRUE(hints.contains("models.providers.*.apiKey"));
  EXPECT_TRUE(hints.contains("models.providers.*.headers.*"));
  EXPECT_TRUE(hints.contains("env.vars"));
  EXPECT_FALSE(hints.contains("gateway.port"));
}

}  // namespace
}  // namespace openclaw::config
