#include "core/protocol/connect_params.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace openclaw::protocol {
namespace {

// connect.params from handshake-sample.json (token redacted there too).
nlohmann::json sample_params() {
  return nlohmann::json::parse(R"({
    "minProtocol": 3, "maxProtocol": 4,
    "client": {"id": "cli", "version": "1.0.0", "platform": "linux", "mode": "cli"},
    "role": "operator",
    "scopes": ["operator.read", "operator.write"],
    "auth": {"token": "<redacted>"}
  })");
}

std::string error_of(const nlohmann::json& params) {
  auto parsed = parse_connect_params(params);
  EXPECT_FALSE(parsed.has_value()) << params.dump();
  return parsed ? std::string() : parsed.error().message;
}

TEST(ParseConnectParams, ReadsTheSampleConnect) {
  auto params = parse_connect_params(sample_params());
  ASSERT_TRUE(params.has_value()) << params.error().message;
  EXPECT_EQ(params->min_protocol, 3);
  EXPECT_EQ(params->max_protocol, 4);
  EXPECT_EQ(params->client.id, "cli");
  EXPECT_EQ(params->client.version, "1.0.0");
  EXPECT_EQ(params->client.platform, "linux");
  EXPECT_EQ(params->client.mode, "cli");
  EXPECT_EQ(params->role, "operator");
  EXPECT_EQ(params->scopes, (std::vector<std::string>{"operator.read", "operator.write"}));
  EXPECT_TRUE(params->scopes_present);
  ASSERT_TRUE(params->auth.has_value());
  EXPECT_EQ(params->auth->token, "<redacted>");
  EXPECT_FALSE(params->auth->device_token.has_value());
  EXPECT_FALSE(params->device.has_value());
  EXPECT_TRUE(params->permissions.is_null());
}

TEST(ParseConnectParams, ReadsTheProbeConnect) {
  // probe-wire-sample.json: caps:[], client.deviceFamily and instanceId, mode "probe".
  auto params = parse_connect_params(nlohmann::json::parse(R"({
    "minProtocol": 3, "maxProtocol": 4,
    "client": {"id": "cli", "version": "dev", "platform": "linux", "deviceFamily": "Linux",
               "mode": "probe", "instanceId": "982f2259-bd13-4841-865b-d77073a81e11"},
    "caps": [], "auth": {"token": "t"}, "role": "operator", "scopes": ["operator.read"]})"));
  ASSERT_TRUE(params.has_value()) << params.error().message;
  EXPECT_EQ(params->client.device_family, "Linux");
  EXPECT_EQ(params->client.instance_id, "982f2259-bd13-4841-865b-d77073a81e11");
  EXPECT_EQ(params->client.mode, "probe");
  EXPECT_TRUE(params->caps.empty());
}

TEST(ParseConnectParams, ReadsEveryOptionalMember) {
  auto params = parse_connect_params(nlohmann::json::parse(R"({
    "minProtocol": 4, "maxProtocol": 4.0,
    "client": {"id": "node-host", "displayName": "Lab Mac", "version": "2026.9.6", "buildId": "b1",
               "platform": "darwin", "deviceFamily": "Mac", "modelIdentifier": "Mac14,2",
               "timeZone": "Europe/Vienna", "mode": "node", "instanceId": "i-1"},
    "caps": ["camera", "canvas"], "commands": ["system.run"], "computerUse": {"anything": [1]},
    "permissions": {"camera": true, "screen": false}, "pathEnv": "/usr/bin", "role": "node",
    "device": {"id": "abc", "publicKey": "pk", "signature": "sig", "signedAt": 1700000000000, "nonce": "n"},
    "auth": {"token": "", "bootstrapToken": "b", "deviceToken": "d", "password": "p",
             "approvalRuntimeToken": "a", "agentRuntimeIdentityToken": "g"},
    "locale": "de-AT", "userAgent": "ua/1"})"));
  ASSERT_TRUE(params.has_value()) << params.error().message;
  EXPECT_EQ(params->max_protocol, 4);
  EXPECT_EQ(params->client.display_name, "Lab Mac");
  EXPECT_EQ(params->client.build_id, "b1");
  EXPECT_EQ(params->client.model_identifier, "Mac14,2");
  EXPECT_EQ(params->client.time_zone, "Europe/Vienna");
  EXPECT_EQ(params->caps, (std::vector<std::string>{"camera", "canvas"}));
  EXPECT_EQ(params->commands, (std::vector<std::string>{"system.run"}));
  EXPECT_EQ(params->permissions, nlohmann::json({{"camera", true}, {"screen", false}}));
  EXPECT_EQ(params->path_env, "/usr/bin");
  EXPECT_EQ(params->role, "node");
  EXPECT_FALSE(params->scopes_present);
  EXPECT_TRUE(params->scopes.empty());
  ASSERT_TRUE(params->device.has_value());
  EXPECT_EQ(params->device->id, "abc");
  EXPECT_EQ(params->device->public_key, "pk");
  EXPECT_EQ(params->device->signature, "sig");
  EXPECT_EQ(params->device->signed_at, 1700000000000);
  EXPECT_EQ(params->device->nonce, "n");
  ASSERT_TRUE(params->auth.has_value());
  EXPECT_EQ(params->auth->token, "");  // present but empty is kept as sent
  EXPECT_EQ(params->auth->bootstrap_token, "b");
  EXPECT_EQ(params->auth->device_token, "d");
  EXPECT_EQ(params->auth->password, "p");
  EXPECT_EQ(params->locale, "de-AT");
  EXPECT_EQ(params->user_agent, "ua/1");
}

TEST(ParseConnectParams, RoleDefaultsToOperator) {
  auto raw = sample_params();
  raw.erase("role");
  auto params = parse_connect_params(raw);
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->role, "operator");
}

TEST(ParseConnectParams, UnknownClientIdMatchesTheSample) {
  auto raw = sample_params();
  raw["client"]["id"] = "bogus";
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /client/id: must be equal to one of the allowed values");
  raw["client"]["id"] = 7;
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /client/id: must be equal to one of the allowed values");
}

TEST(ParseConnectParams, UnknownClientModeIsRefused) {
  auto raw = sample_params();
  raw["client"]["mode"] = "worker";
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /client/mode: must be equal to one of the allowed values");
}

TEST(ParseConnectParams, RootMustBeAnObjectWithTheRequiredMembers) {
  EXPECT_EQ(error_of(nullptr), "invalid connect params: must be object");
  EXPECT_EQ(error_of(nlohmann::json::array()), "invalid connect params: must be object");
  EXPECT_EQ(error_of(nlohmann::json::object()),
            "invalid connect params: must have required property 'minProtocol'; "
            "must have required property 'maxProtocol'; must have required property 'client'");
}

TEST(ParseConnectParams, ClientMembersAreRequiredAndClosed) {
  auto raw = sample_params();
  raw["client"].erase("version");
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /client: must have required property 'version'");
  raw = sample_params();
  raw["client"]["color"] = "blue";
  EXPECT_EQ(error_of(raw), "invalid connect params: at /client: unexpected property 'color'");
  raw = sample_params();
  raw["client"] = "cli";
  EXPECT_EQ(error_of(raw), "invalid connect params: at /client: must be object");
  raw = sample_params();
  raw["client"]["platform"] = "";
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /client/platform: must NOT have fewer than 1 characters");
  raw = sample_params();
  raw["client"]["buildId"] = std::string(97, 'b');
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /client/buildId: must NOT have more than 96 characters");
}

TEST(ParseConnectParams, RootIsClosed) {
  auto raw = sample_params();
  raw["nonsense"] = 1;
  EXPECT_EQ(error_of(raw), "invalid connect params: at root: unexpected property 'nonsense'");
}

TEST(ParseConnectParams, ProtocolsAreIntegersOfAtLeastOne) {
  auto raw = sample_params();
  raw["minProtocol"] = "3";
  EXPECT_EQ(error_of(raw), "invalid connect params: at /minProtocol: must be integer");
  raw["minProtocol"] = 3.5;
  EXPECT_EQ(error_of(raw), "invalid connect params: at /minProtocol: must be integer");
  raw["minProtocol"] = 0;
  EXPECT_EQ(error_of(raw), "invalid connect params: at /minProtocol: must be >= 1");
  raw["minProtocol"] = -0.5;
  EXPECT_EQ(
      error_of(raw),
      "invalid connect params: at /minProtocol: must be integer; at /minProtocol: must be >= 1");
  raw["minProtocol"] = 3;
  raw["maxProtocol"] = 1e30;  // an integer to JavaScript; saturated here, so no version matches
  auto params = parse_connect_params(raw);
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->max_protocol, std::numeric_limits<int>::max());
}

TEST(ParseConnectParams, ErrorsAreReportedInUpstreamOrder) {
  const auto raw = nlohmann::json::parse(R"({
    "maxProtocol": "4", "zeta": 1, "alpha": 2,
    "client": {"id": "bogus", "version": "1", "platform": "linux", "mode": "cli"},
    "scopes": ["operator.read", ""]})");
  EXPECT_EQ(error_of(raw),
            "invalid connect params: must have required property 'minProtocol'; "
            "at root: unexpected property 'alpha'; at root: unexpected property 'zeta'; "
            "at /maxProtocol: must be integer; "
            "at /client/id: must be equal to one of the allowed values; "
            "at /scopes/1: must NOT have fewer than 1 characters");
}

TEST(ParseConnectParams, ArraysHoldNonEmptyStrings) {
  auto raw = sample_params();
  raw["scopes"] = "operator.read";
  EXPECT_EQ(error_of(raw), "invalid connect params: at /scopes: must be array");
  raw = sample_params();
  raw["caps"] = {"camera", 3};
  EXPECT_EQ(error_of(raw), "invalid connect params: at /caps/1: must be string");
}

TEST(ParseConnectParams, PermissionsAreBooleans) {
  auto raw = sample_params();
  raw["permissions"] = {{"a/b~c", "yes"}};
  // Keys are escaped as JSON Pointer requires.
  EXPECT_EQ(error_of(raw), "invalid connect params: at /permissions/a~1b~0c: must be boolean");
  raw["permissions"] = {true};
  EXPECT_EQ(error_of(raw), "invalid connect params: at /permissions: must be object");
}

TEST(ParseConnectParams, DeviceIsClosedAndComplete) {
  auto raw = sample_params();
  raw["device"] = {
      {"id", "d"}, {"publicKey", "k"}, {"signature", ""}, {"signedAt", -1}, {"extra", 1}};
  EXPECT_EQ(error_of(raw),
            "invalid connect params: at /device: must have required property 'nonce'; "
            "at /device: unexpected property 'extra'; "
            "at /device/signature: must NOT have fewer than 1 characters; "
            "at /device/signedAt: must be >= 0");
}

TEST(ParseConnectParams, AuthIsClosedAndNeverEchoesSecrets) {
  auto raw = sample_params();
  raw["auth"] = {{"token", 12345678}, {"cookie", "hunter2"}};
  const std::string message = error_of(raw);
  EXPECT_EQ(message,
            "invalid connect params: at /auth: unexpected property 'cookie'; at /auth/token: must "
            "be string");
  EXPECT_EQ(message.find("hunter2"), std::string::npos);
  EXPECT_EQ(message.find("12345678"), std::string::npos);
}

TEST(ParseConnectParams, UnknownRoleIsInvalidRole) {
  auto raw = sample_params();
  raw["role"] = "admin";
  raw["minProtocol"] = 5;
  raw["maxProtocol"] = 6;
  auto params = parse_connect_params(raw);
  ASSERT_FALSE(params.has_value());
  EXPECT_EQ(params.error().message, "invalid role");
  EXPECT_TRUE(params.error().invalid_role);
  // The range is kept so the caller can answer "protocol mismatch" first, as upstream does.
  EXPECT_EQ(params.error().min_protocol, 5);
  EXPECT_EQ(params.error().max_protocol, 6);
}

TEST(ParseConnectParams, EmptyRoleIsASchemaError) {
  auto raw = sample_params();
  raw["role"] = "";
  auto params = parse_connect_params(raw);
  ASSERT_FALSE(params.has_value());
  EXPECT_FALSE(params.error().invalid_role);
  EXPECT_EQ(params.error().message,
            "invalid connect params: at /role: must NOT have fewer than 1 characters");
}

TEST(ParseConnectParams, SchemaErrorsWinOverRole) {
  auto raw = sample_params();
  raw["role"] = "admin";
  raw["client"]["id"] = "bogus";
  auto params = parse_connect_params(raw);
  ASSERT_FALSE(params.has_value());
  EXPECT_FALSE(params.error().invalid_role);
}

}  // namespace
}  // namespace openclaw::protocol
