#include "client/connect_request.h"

#include <gtest/gtest.h>

#include "core/protocol/connect_params.h"
#include "core/protocol/device_signature.h"

namespace openclaw::client {
namespace {

using nlohmann::json;

const std::vector<std::string> kScopes = {"operator.admin", "operator.read"};

ConnectIdentity cli_identity() {
  ConnectIdentity identity;
  identity.version = "0.1.0";
  identity.scopes = kScopes;
  return identity;
}

TEST(ConnectCredentialsTest, SharedSecretFirstStoredDeviceTokenOnlyWithoutOne) {
  auto shared = first_attempt_credentials(std::string("shared"), std::nullopt, std::string("stored"));
  EXPECT_EQ(shared.token, "shared");
  EXPECT_FALSE(shared.device_token);
  EXPECT_EQ(shared.signature_token(), "shared");

  auto stored = first_attempt_credentials(std::nullopt, std::nullopt, std::string("stored"));
  EXPECT_FALSE(stored.token);
  EXPECT_EQ(stored.device_token, "stored");
  EXPECT_EQ(stored.signature_token(), "stored");

  auto password = first_attempt_credentials(std::nullopt, std::string("pw"), std::string("stored"));
  EXPECT_EQ(password.password, "pw");
  EXPECT_FALSE(password.device_token);
  EXPECT_EQ(password.signature_token(), "");

  auto retry = retry_credentials("stored");
  EXPECT_FALSE(retry.token);
  EXPECT_EQ(retry.device_token, "stored");
  EXPECT_TRUE(first_attempt_credentials(std::nullopt, std::nullopt, std::nullopt).empty());
}

TEST(DeviceTokenRetryTest, OnlyOnceOnATrustedEndpointAfterATokenMismatch) {
  const RetryInputs eligible{.retry_used = false,
                             .sent_device_token = false,
                             .sent_shared_token = true,
                             .have_stored_token = true,
                             .trusted_endpoint = true};
  const json mismatch = {{"code", "AUTH_TOKEN_MISMATCH"}};
  EXPECT_TRUE(should_retry_with_device_token(eligible, mismatch));
  EXPECT_TRUE(should_retry_with_device_token(eligible, json{{"canRetryWithDeviceToken", true}}));
  EXPECT_TRUE(should_retry_with_device_token(eligible, json{{"recommendedNextStep", "retry_with_device_token"}}));
  EXPECT_FALSE(should_retry_with_device_token(eligible, json{{"code", "AUTH_TOKEN_MISSING"}}));
  EXPECT_FALSE(should_retry_with_device_token(eligible, json{{"code", "PAIRING_REQUIRED"}}));
  EXPECT_FALSE(should_retry_with_device_token(eligible, nullptr));

  auto with = [&](auto change) {
    RetryInputs inputs = eligible;
    change(inputs);
    return should_retry_with_device_token(inputs, mismatch);
  };
  EXPECT_FALSE(with([](RetryInputs& i) { i.retry_used = true; }));
  EXPECT_FALSE(with([](RetryInputs& i) { i.sent_device_token = true; }));
  EXPECT_FALSE(with([](RetryInputs& i) { i.sent_shared_token = false; }));
  EXPECT_FALSE(with([](RetryInputs& i) { i.have_stored_token = false; }));
  EXPECT_FALSE(with([](RetryInputs& i) { i.trusted_endpoint = false; }));
}

TEST(ConnectParamsTest, DeviceLessParamsPassTheGatewaySchema) {
  const json params = connect_params(cli_identity(), first_attempt_credentials(std::string("t"), std::nullopt, std::nullopt),
                                     {nullptr, "nonce-1", 1});
  EXPECT_EQ(params["minProtocol"], 3);
  EXPECT_EQ(params["maxProtocol"], 4);
  EXPECT_EQ(params["client"], (json{{"id", "cli"}, {"version", "0.1.0"}, {"platform", "linux"}, {"mode", "cli"}}));
  EXPECT_EQ(params["auth"], (json{{"token", "t"}}));
  EXPECT_FALSE(params.contains("device"));
  auto parsed = protocol::parse_connect_params(params);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->scopes, kScopes);
}

TEST(ConnectParamsTest, NoAuthMemberWithoutCredentials) {
  const json params = connect_params(cli_identity(), ConnectCredentials{}, {nullptr, "n", 1});
  EXPECT_FALSE(params.contains("auth"));
}

TEST(ConnectParamsTest, DeviceProofVerifiesAsTheGatewayChecksIt) {
  auto key = crypto::KeyPair::generate();
  ASSERT_TRUE(key);
  const std::int64_t challenge_ts = 1'700'000'000'000;
  for (const auto& credentials : {first_attempt_credentials(std::string("shared"), std::nullopt, std::nullopt),
                                  retry_credentials("device-token"), ConnectCredentials{}}) {
    const json params = connect_params(cli_identity(), credentials, {&*key, "challenge-nonce", challenge_ts});
    EXPECT_EQ(params["device"]["signedAt"], challenge_ts);
    EXPECT_EQ(params["device"]["id"], key->device_id());
    auto parsed = protocol::parse_connect_params(params);
    ASSERT_TRUE(parsed) << parsed.error().message;
    auto verified = protocol::verify_device_proof(*parsed, "challenge-nonce", challenge_ts + 1000);
    ASSERT_TRUE(verified) << verified.error().message;
    EXPECT_EQ(verified->payload_version, 3);
    EXPECT_FALSE(protocol::verify_device_proof(*parsed, "another-nonce", challenge_ts)) << "the nonce is bound";
  }
}

}  // namespace
}  // namespace openclaw::client
