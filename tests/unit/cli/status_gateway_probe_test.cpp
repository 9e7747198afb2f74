#include "cli/status/gateway_probe.h"

#include <gtest/gtest.h>

#include <map>

namespace openclaw::cli::status {
namespace {

using nlohmann::json;

// What a FakeGateway saw; outlives it (run_probe destroys the connection it is given).
struct GatewayLog {
  std::vector<std::string> calls;
  bool closed = false;
};

// A connected gateway that answers each method from a table (an error for the rest).
class FakeGateway : public client::GatewayClient {
 public:
  FakeGateway(json hello, std::map<std::string, client::ClientResult<json>> answers, GatewayLog* log = nullptr)
      : hello_(std::move(hello)), answers_(std::move(answers)), log_(log ? log : &own_log_) {}

  const json& hello() const override { return hello_; }
  int protocol() const override { return 3; }
  std::chrono::milliseconds connect_latency() const override { return std::chrono::milliseconds(7); }
  client::ClientResult<json> call(std::string_view method, const json&, std::optional<std::chrono::milliseconds>,
                                  bool) override {
    log_->calls.emplace_back(method);
    const auto it = answers_.find(std::string(method));
    if (it != answers_.end()) return it->second;
    return std::unexpected(rpc_error("unknown method: " + std::string(method)));
  }
  client::ClientResult<client::GatewayEvent> next_event(std::chrono::milliseconds) override {
    return std::unexpected(client::ClientError{client::ClientError::Kind::Timeout, "no event", {}, {}, ""});
  }
  void close() override { log_->closed = true; }

  static client::ClientError rpc_error(std::string message) {
    return {client::ClientError::Kind::Rpc, std::move(message), {}, {}, ""};
  }


 private:
  json hello_;
  std::map<std::string, client::ClientResult<json>> answers_;
  GatewayLog own_log_;
  GatewayLog* log_;
};

json hello_with(std::vector<std::string> scopes) {
  return {{"type", "hello-ok"},
          {"server", {{"version", "0.1.0"}, {"connId", "c1"}}},
          {"snapshot", {{"uptimeMs", 1000}}},
          {"auth", {{"role", "operator"}, {"scopes", scopes}}}};
}

client::ClientResult<std::unique_ptr<client::GatewayClient>> connected(std::unique_ptr<FakeGateway> gateway) {
  return std::unique_ptr<client::GatewayClient>(std::move(gateway));
}

TEST(CapabilityTest, StrongestScopeWinsAndPairingBeatsAll) {
  EXPECT_EQ(capability_from({.scopes = {"operator.read", "operator.admin"}}), ProbeCapability::AdminCapable);
  EXPECT_EQ(capability_from({.scopes = {"operator.write"}}), ProbeCapability::WriteCapable);
  EXPECT_EQ(capability_from({.scopes = {"operator.read"}}), ProbeCapability::ReadOnly);
  EXPECT_EQ(capability_from({.connected = true, .auth_metadata_present = true}), ProbeCapability::ConnectedNoOperatorScope);
  EXPECT_EQ(capability_from({.connected = true}), ProbeCapability::Unknown);
  EXPECT_EQ(capability_from({.connected = true, .verified_read = true}), ProbeCapability::ReadOnly);
  EXPECT_EQ(capability_from({.pairing_pending = true, .scopes = {"operator.admin"}}), ProbeCapability::PairingPending);
  EXPECT_EQ(strongest_capability({ProbeCapability::ReadOnly, ProbeCapability::AdminCapable}),
            ProbeCapability::AdminCapable);
  EXPECT_EQ(strongest_capability({}), ProbeCapability::Unknown);
}

TEST(CapabilityTest, UpstreamNamesAndLabels) {
  EXPECT_EQ(to_string(ProbeCapability::ConnectedNoOperatorScope), "connected_no_operator_scope");
  EXPECT_EQ(capability_label(ProbeCapability::ConnectedNoOperatorScope), "connect-only");
  EXPECT_EQ(capability_label(ProbeCapability::AdminCapable), "admin-capable");
  EXPECT_EQ(capability_label(ProbeCapability::PairingPending), "pairing pending");
}

TEST(RunProbeTest, FullProbeCollectsEveryReadRpcAndClosesTheSocket) {
  GatewayLog log;
  auto gateway = std::make_unique<FakeGateway>(
      hello_with({"operator.admin", "operator.read"}),
      std::map<std::string, client::ClientResult<json>>{{"health", json{{"ok", true}}},
                                                        {"status", json{{"runtimeVersion", "0.1.0"}}},
                                                        {"system-presence", json::array()},
                                                        {"config.get", json{{"path", "/state/openclaw.json"}}}},
      &log);
  const auto result = run_probe(connected(std::move(gateway)), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_TRUE(result.reachable());
  EXPECT_EQ(result.connect_latency_ms, 7);
  EXPECT_TRUE(result.rpc_ok);
  EXPECT_EQ(result.capability, ProbeCapability::AdminCapable);
  EXPECT_EQ(result.status["runtimeVersion"], "0.1.0");
  EXPECT_EQ(result.config["path"], "/state/openclaw.json");
  EXPECT_EQ(log.calls, (std::vector<std::string>{"health", "status", "system-presence", "config.get"}));
  EXPECT_TRUE(log.closed);
  EXPECT_EQ(probe_summary_line(result), "Connect: ok (7ms) · Capability: admin-capable · Read probe: ok");
}

TEST(RunProbeTest, MissingScopeIsDegradedNotUnreachable) {
  auto gateway = std::make_unique<FakeGateway>(
      hello_with({}), std::map<std::string, client::ClientResult<json>>{
                          {"health", std::unexpected(FakeGateway::rpc_error("missing scope: operator.read"))}});
  const auto result = run_probe(connected(std::move(gateway)), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_TRUE(result.reachable());
  EXPECT_FALSE(result.rpc_ok);
  EXPECT_TRUE(result.scope_limited);
  EXPECT_EQ(result.capability, ProbeCapability::ConnectedNoOperatorScope);
  EXPECT_EQ(connect_json(result)["scopeLimited"], true);
  EXPECT_EQ(connect_json(result)["ok"], true);
  EXPECT_EQ(probe_summary_line(result),
            "Connect: ok (7ms) · Capability: connect-only · Read probe: limited - missing scope: operator.read");
}

TEST(RunProbeTest, OnlyAllReadsAnsweredProveReadAccess) {
  auto partly = std::make_unique<FakeGateway>(
      hello_with({}), std::map<std::string, client::ClientResult<json>>{
                          {"health", json::object()},
                          {"status", std::unexpected(FakeGateway::rpc_error("missing scope: operator.read"))}});
  const auto limited = run_probe(connected(std::move(partly)), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_EQ(limited.capability, ProbeCapability::ConnectedNoOperatorScope) << "health alone proves nothing";
  EXPECT_TRUE(limited.scope_limited);

  auto fully = std::make_unique<FakeGateway>(
      hello_with({}), std::map<std::string, client::ClientResult<json>>{
                          {"health", json::object()}, {"status", json::object()}, {"system-presence", json::array()}});
  const auto verified = run_probe(connected(std::move(fully)), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_EQ(verified.capability, ProbeCapability::ReadOnly);
}

TEST(RunProbeTest, AConfigGetRefusalDoesNotFailTheProbe) {
  auto gateway = std::make_unique<FakeGateway>(
      hello_with({"operator.read"}),
      std::map<std::string, client::ClientResult<json>>{
          {"health", json::object()}, {"status", json::object()}, {"system-presence", json::array()}});
  const auto result = run_probe(connected(std::move(gateway)), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_TRUE(result.rpc_ok);
  EXPECT_TRUE(result.config.is_null());
  EXPECT_EQ(result.capability, ProbeCapability::ReadOnly);
}

TEST(RunProbeTest, ConnectOnlyAsksNothing) {
  GatewayLog log;
  auto gateway = std::make_unique<FakeGateway>(hello_with({"operator.write"}),
                                               std::map<std::string, client::ClientResult<json>>{}, &log);
  const auto result = run_probe(connected(std::move(gateway)), ProbeDetail::ConnectOnly, std::chrono::seconds(1));
  EXPECT_TRUE(log.calls.empty());
  EXPECT_TRUE(log.closed);
  EXPECT_EQ(result.capability, ProbeCapability::WriteCapable);
  EXPECT_EQ(result.role, "operator");
}

TEST(RunProbeTest, ARefusedPairingIsPairingPending) {
  client::ClientError error{client::ClientError::Kind::Rejected, "pairing required (requestId: r1)",
                            protocol::ErrorShape{"NOT_PAIRED", "pairing required", json{{"code", "PAIRING_REQUIRED"}}},
                            1008, "pairing required"};
  const auto result = run_probe(std::unexpected(error), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_FALSE(result.reachable());
  EXPECT_EQ(result.capability, ProbeCapability::PairingPending);
  EXPECT_EQ(result.detail_code, "PAIRING_REQUIRED");
  EXPECT_EQ(connect_json(result)["close"], (json{{"code", 1008}, {"reason", "pairing required"}}));
  EXPECT_EQ(probe_summary_line(result),
            "Connect: blocked - pairing required (requestId: r1) · Capability: pairing pending");
}

TEST(RunProbeTest, NothingListening) {
  client::ClientError error{client::ClientError::Kind::Unreachable, "connect ECONNREFUSED 127.0.0.1:18789", {}, {}, ""};
  const auto result = run_probe(std::unexpected(error), ProbeDetail::Full, std::chrono::seconds(1));
  EXPECT_EQ(connect_json(result), (json{{"ok", false},
                                        {"rpcOk", false},
                                        {"scopeLimited", false},
                                        {"latencyMs", nullptr},
                                        {"error", "connect ECONNREFUSED 127.0.0.1:18789"},
                                        {"close", nullptr}}));
  EXPECT_EQ(probe_summary_line(result), "Connect: failed - connect ECONNREFUSED 127.0.0.1:18789 · Capability: unknown");
}

}  // namespace
}  // namespace openclaw::cli::status
