#include "core/pairing/pending_request.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace openclaw::pairing {
namespace {

using nlohmann::json;

constexpr std::int64_t kT0 = 1'700'000'000'000;

PairingRequest request_for(const std::string& device, std::string role, std::vector<std::string> scopes) {
  PairingRequest request;
  request.device_id = device;
  request.public_key_base64url = "key-" + device;
  request.role = std::move(role);
  request.scopes = std::move(scopes);
  return request;
}

TEST(PendingRequestTest, RequestIdsAreDistinctVersion4Uuids) {
  const std::regex uuid_v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto id = new_request_id();
    ASSERT_TRUE(id);
    EXPECT_TRUE(std::regex_match(*id, uuid_v4)) << *id;
    seen.insert(*id);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(PendingRequestTest, FirstRequestIsFiledWithEveryField) {
  json pending = json::object();
  auto incoming = request_for("d1", "operator", {"operator.write", "operator.read"});
  incoming.display_name = "phone";
  incoming.platform = "ios";
  incoming.device_family = "iPhone";
  incoming.client_id = "ios-app";
  incoming.client_mode = "ui";
  incoming.remote_ip = "192.168.1.20";
  auto update = file_pending_request(pending, incoming, /*silent=*/true, /*is_repair=*/false, kT0);
  ASSERT_TRUE(update);
  EXPECT_TRUE(update->created);
  EXPECT_TRUE(update->superseded_request_ids.empty());
  const json& request = update->request;
  const std::string id = request["requestId"];
  EXPECT_EQ(pending[id], request);
  EXPECT_EQ(request["deviceId"], "d1");
  EXPECT_EQ(request["publicKey"], "key-d1");
  EXPECT_EQ(request["role"], "operator");
  EXPECT_EQ(request["roles"], json({"operator"}));
  EXPECT_EQ(request["scopes"], json({"operator.read", "operator.write"}));
  EXPECT_EQ(request["displayName"], "phone");
  EXPECT_EQ(request["platform"], "ios");
  EXPECT_EQ(request["deviceFamily"], "iPhone");
  EXPECT_EQ(request["clientId"], "ios-app");
  EXPECT_EQ(request["clientMode"], "ui");
  EXPECT_EQ(request["remoteIp"], "192.168.1.20");
  EXPECT_EQ(request["silent"], true);
  EXPECT_EQ(request["isRepair"], false);
  EXPECT_EQ(request["ts"], kT0);
  EXPECT_EQ(pending_file_problem(pending), std::nullopt);
}

TEST(PendingRequestTest, TheSameAskRefreshesTheRequestInPlace) {
  json pending = json::object();
  auto first = file_pending_request(pending, request_for("d1", "operator", {"operator.read"}), true, false, kT0);
  ASSERT_TRUE(first);
  auto again_request = request_for("d1", "operator", {" operator.read"});
  again_request.display_name = "renamed";
  auto again = file_pending_request(pending, again_request, /*silent=*/false, /*is_repair=*/true, kT0 + 1000);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->request["requestId"], first->request["requestId"]);
  EXPECT_EQ(again->request["displayName"], "renamed");
  EXPECT_EQ(again->request["ts"], kT0 + 1000);
  EXPECT_EQ(again->request["silent"], false);  // one interactive ask keeps it visible
  EXPECT_EQ(again->request["isRepair"], true);
  EXPECT_EQ(pending.size(), 1u);
}

TEST(PendingRequestTest, ABroaderAskSupersedesWithANewIdAndMergedRolesAndScopes) {
  json pending = json::object();
  auto first = file_pending_request(pending, request_for("d1", "operator", {"operator.read"}), false, false, kT0);
  ASSERT_TRUE(first);
  auto other = file_pending_request(pending, request_for("d2", "operator", {}), false, false, kT0);
  ASSERT_TRUE(other);

  auto second = file_pending_request(pending, request_for("d1", "node", {"node.camera"}), true, false, kT0 + 10);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->created);
  EXPECT_NE(second->request["requestId"], first->request["requestId"]);
  EXPECT_EQ(second->superseded_request_ids, std::vector<std::string>{first->request["requestId"].get<std::string>()});
  EXPECT_EQ(second->request["role"], "node");
  EXPECT_EQ(second->request["roles"], json({"operator", "node"}));
  EXPECT_EQ(second->request["scopes"], json({"node.camera", "operator.read"}));
  EXPECT_EQ(second->request["silent"], false);  // the superseded one was interactive
  EXPECT_FALSE(pending.contains(first->request["requestId"].get<std::string>()));
  EXPECT_TRUE(pending.contains(other->request["requestId"].get<std::string>()));
  EXPECT_EQ(pending.size(), 2u);
}

TEST(PendingRequestTest, ExpiryIsFiveMinutesAfterTs) {
  const json request = {{"ts", kT0}};
  EXPECT_FALSE(request_expired(request, kT0 + kPendingRequestTtlMs));
  EXPECT_TRUE(request_expired(request, kT0 + kPendingRequestTtlMs + 1));
  EXPECT_TRUE(request_expired(json::object(), kT0));

  json pending = {{"old", {{"ts", kT0}}}, {"new", {{"ts", kT0 + 60'000}}}};
  EXPECT_EQ(prune_expired_requests(pending, kT0 + kPendingRequestTtlMs + 1), 1u);
  EXPECT_TRUE(pending.contains("new"));
  EXPECT_FALSE(pending.contains("old"));
}

TEST(PendingRequestTest, AnExpiredRequestIsNotRefreshedButReplaced) {
  json pending = json::object();
  auto first = file_pending_request(pending, request_for("d1", "operator", {}), false, false, kT0);
  ASSERT_TRUE(first);
  auto later = file_pending_request(pending, request_for("d1", "operator", {}), false, false,
                                    kT0 + kPendingRequestTtlMs + 1);
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->created);
  EXPECT_TRUE(later->superseded_request_ids.empty());  // it had simply expired
  EXPECT_NE(later->request["requestId"], first->request["requestId"]);
  EXPECT_EQ(pending.size(), 1u);
}

TEST(PendingRequestTest, FileProblemsNameTheRequest) {
  EXPECT_NE(pending_file_problem(json::array())->find("keyed by requestId"), std::string::npos);
  EXPECT_NE(pending_file_problem(json{{"r1", {{"publicKey", "k"}, {"ts", 1}}}})->find("\"r1\" has no deviceId"),
            std::string::npos);
  EXPECT_NE(pending_file_problem(json{{"r1", {{"deviceId", "d"}, {"publicKey", "k"}, {"ts", "x"}}}})->find("ts"),
            std::string::npos);
}

}  // namespace
}  // namespace openclaw::pairing
