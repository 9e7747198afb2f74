#include <gtest/gtest.h>

#include <sstream>

#include "cli/gateway_connection.h"

namespace openclaw::cli {
namespace {

using client::ClientError;
using nlohmann::json;

ClientError pairing_required() {
  ClientError error;
  error.kind = ClientError::Kind::Rejected;
  error.message = "gateway closed the connection (1008 pairing required)";
  error.gateway_error = protocol::ErrorShape{
      "NOT_PAIRED", "pairing required", json{{"code", "PAIRING_REQUIRED"}, {"requestId", "req-42"}, {"reason", "not-paired"}},
      std::nullopt, std::nullopt};
  error.close_code = 1008;
  error.close_reason = "pairing required";
  return error;
}

TEST(ClientErrorReportTest, PairingRequiredNamesTheRequestAndTheApproveCommand) {
  std::ostringstream out, err;
  EXPECT_EQ(report_client_error(pairing_required(), false, out, err), 1);
  EXPECT_EQ(out.str(), "");
  EXPECT_NE(err.str().find("gateway closed the connection (1008 pairing required) [PAIRING_REQUIRED]"), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("approve it on the gateway host: openclaw devices approve req-42"), std::string::npos)
      << err.str();
}

TEST(ClientErrorReportTest, JsonIsOneDocumentWithTheGatewayError) {
  std::ostringstream out, err;
  EXPECT_EQ(report_client_error(pairing_required(), true, out, err), 1);
  EXPECT_EQ(err.str(), "");
  const json document = json::parse(out.str());
  EXPECT_EQ(document["ok"], false);
  EXPECT_EQ(document["error"]["kind"], "rejected");
  EXPECT_EQ(document["error"]["code"], "NOT_PAIRED");
  EXPECT_EQ(document["error"]["details"]["code"], "PAIRING_REQUIRED");
  EXPECT_EQ(document["error"]["requestId"], "req-42");
  EXPECT_EQ(document["error"]["closeCode"], 1008);
  EXPECT_NE(document["error"]["hint"].get<std::string>().find("openclaw devices approve req-42"), std::string::npos);
}

TEST(ClientErrorReportTest, UnreachableSaysHowToStartTheGateway) {
  ClientError error;
  error.kind = ClientError::Kind::Unreachable;
  error.message = "gateway not reachable at ws://127.0.0.1:18789 (connection refused)";
  std::ostringstream out, err;
  report_client_error(error, false, out, err);
  EXPECT_EQ(err.str(),
            "Error: gateway not reachable at ws://127.0.0.1:18789 (connection refused)\n"
            "  start it with `openclaw gateway run` or check `openclaw gateway status`\n");
}

TEST(ClientErrorReportTest, RpcErrorsShowTheGatewayCode) {
  ClientError error;
  error.kind = ClientError::Kind::Rpc;
  error.message = "unknown method: nope";
  error.gateway_error = protocol::make_error("INVALID_REQUEST", "unknown method: nope");
  std::ostringstream out, err;
  report_client_error(error, false, out, err);
  EXPECT_EQ(err.str(), "Error: unknown method: nope [INVALID_REQUEST]\n");
  std::ostringstream json_out;
  report_client_error(error, true, json_out, err);
  EXPECT_EQ(json::parse(json_out.str())["error"]["type"], "gateway_request_error");
}

}  // namespace
}  // namespace openclaw::cli
