#include "core/protocol/method_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openclaw::protocol {
namespace {

using Scopes = std::vector<std::string>;

TEST(MethodScope, GroupsFromTheSpec) {
  EXPECT_EQ(method_scope("health"), MethodScope::Open);
  for (const char* method :
       {"status", "system-presence", "chat.history", "sessions.list", "sessions.preview", "models.list", "logs.tail",
        "node.list", "cron.runs", "agents.files.get", "talk.config"}) {
    EXPECT_EQ(method_scope(method), MethodScope::Read) << method;
  }
  for (const char* method :
       {"chat.send", "chat.abort", "agent", "agent.wait", "send", "node.invoke", "sessions.create",
        "doctor.memory.resetDreamDiary", "talk.speak", "push.test"}) {
    EXPECT_EQ(method_scope(method), MethodScope::Write) << method;
  }
  for (const char* method :
       {"exec.approval.request", "exec.approval.resolve", "plugin.approval.list"}) {
    EXPECT_EQ(method_scope(method), MethodScope::Approvals) << method;
  }
  for (const char* method : {"device.pair.list", "device.pair.approve", "node.pair.request",
                             "device.token.rotate", "node.rename"}) {
    EXPECT_EQ(method_scope(method), MethodScope::Pairing) << method;
  }
  for (const char* method :
       {"node.invoke.result", "node.event", "node.pending.drain", "node.pending.pull",
        "node.pending.ack", "node.canvas.capability.refresh", "skills.bins"}) {
    EXPECT_EQ(method_scope(method), MethodScope::NodeOnly) << method;
  }
  for (const char* method : {"channels.logout", "secrets.reload", "sessions.patch", "sessions.reset",
                             "sessions.delete", "chat.inject",
                             "cron.add", "set-heartbeats", "agents.files.set", "web.login.start"}) {
    EXPECT_EQ(method_scope(method), MethodScope::Admin) << method;
  }
}

TEST(MethodScope, ReservedAdminPrefixes) {
  for (const char* method :
       {"config.set", "config.apply", "config.patch", "config.schema", "config.anything",
        "exec.approvals.get", "exec.approvals.node.set", "wizard.start", "update.run"}) {
    EXPECT_EQ(method_scope(method), MethodScope::Admin) << method;
  }
  // Explicitly read despite the prefix.
  EXPECT_EQ(method_scope("config.get"), MethodScope::Read);
  EXPECT_EQ(method_scope("config.schema.lookup"), MethodScope::Read);
}

TEST(MethodScope, UnclassifiedMethodsNeedAdmin) {
  EXPECT_EQ(method_scope("made.up"), MethodScope::Admin);
  EXPECT_EQ(method_scope(""), MethodScope::Admin);
  EXPECT_EQ(required_scope_name(method_scope("made.up")), "operator.admin");
}

TEST(AuthorizeMethod, HealthIsOpenToEveryRole) {
  EXPECT_FALSE(authorize_method("health", "operator", {}, 4));
  EXPECT_FALSE(authorize_method("health", "node", {}, 4));
}

TEST(AuthorizeMethod, ReadOnlyOperatorMatchesTheProbeSample) {
  // probe-wire-sample.json: device-less probe, scopes cleared, `status` on protocol 4.
  const auto error = authorize_method("status", "operator", {}, 4);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->to_json(), nlohmann::json::parse(R"({
    "code": "FORBIDDEN", "message": "missing scope: operator.read",
    "details": {"code": "MISSING_SCOPE", "missingScope": "operator.read", "requiredScopes": ["operator.read"]}})"));
}

TEST(AuthorizeMethod, MissingScopeOnVersion3IsAnInvalidRequest) {
  const auto error = authorize_method("chat.send", "operator", {"operator.read"}, 3);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->to_json(), nlohmann::json({{"code", "INVALID_REQUEST"},
                                              {"message", "missing scope: operator.write"}}));
}

TEST(AuthorizeMethod, WriteCoversReadAndAdminCoversAll) {
  EXPECT_FALSE(authorize_method("chat.history", "operator", {"operator.write"}, 4));
  EXPECT_FALSE(authorize_method("chat.history", "operator", {"operator.read"}, 4));
  EXPECT_FALSE(authorize_method("config.apply", "operator", {"operator.admin"}, 4));
  EXPECT_FALSE(authorize_method("made.up", "operator", {"operator.admin"}, 4));
  const auto error =
      authorize_method("config.apply", "operator", {"operator.read", "operator.write"}, 4);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, "missing scope: operator.admin");
}

TEST(AuthorizeMethod, WriteDoesNotCoverApprovalsOrPairing) {
  const Scopes writer = {"operator.write"};
  EXPECT_EQ(
      authorize_method("exec.approval.resolve", "operator", writer, 4)->details["missingScope"],
      "operator.approvals");
  EXPECT_EQ(authorize_method("device.pair.approve", "operator", writer, 4)->details["missingScope"],
            "operator.pairing");
  EXPECT_FALSE(authorize_method("device.pair.approve", "operator", {"operator.pairing"}, 4));
  EXPECT_FALSE(authorize_method("exec.approval.resolve", "operator", {"operator.approvals"}, 4));
}

TEST(AuthorizeMethod, RolesAreEnforced) {
  auto error = authorize_method("node.event", "operator", {"operator.admin"}, 4);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->to_json(), nlohmann::json({{"code", "INVALID_REQUEST"},
                                              {"message", "unauthorized role: operator"}}));
  EXPECT_FALSE(authorize_method("node.event", "node", {}, 4));
  error = authorize_method("chat.send", "node", {"operator.admin"}, 4);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, "unauthorized role: node");
  error = authorize_method("status", "worker", {"operator.admin"}, 4);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, "unauthorized role: worker");
}

TEST(UnknownMethodError, NamesTheMethod) {
  EXPECT_EQ(unknown_method_error("foo.bar").to_json(),
            nlohmann::json({{"code", "INVALID_REQUEST"}, {"message", "unknown method: foo.bar"}}));
}

TEST(ScopesAllow, OperatorCoverageRules) {
  EXPECT_TRUE(scopes_allow("operator", {"operator.admin"},
                           {"operator.read", "operator.pairing", "operator.talk"}));
  EXPECT_TRUE(scopes_allow("operator", {"operator.write"}, {"operator.read"}));
  EXPECT_TRUE(scopes_allow("operator", {"operator.write"}, {"operator.talk"}));
  EXPECT_FALSE(scopes_allow("operator", {"operator.read"}, {"operator.write"}));
  EXPECT_FALSE(scopes_allow("operator", {"operator.write"}, {"operator.approvals"}));
  EXPECT_TRUE(
      scopes_allow("operator", {"operator.approvals", "operator.read"}, {"operator.approvals"}));
  // Admin covers operator.* only.
  EXPECT_FALSE(scopes_allow("operator", {"operator.admin"}, {"node.camera"}));
}

TEST(ScopesAllow, EmptySetsAndWhitespace) {
  EXPECT_TRUE(scopes_allow("operator", {}, {}));
  EXPECT_TRUE(scopes_allow("operator", {}, {" ", ""}));
  EXPECT_FALSE(scopes_allow("operator", {}, {"operator.read"}));
  EXPECT_FALSE(scopes_allow("operator", {" "}, {"operator.read"}));
  EXPECT_TRUE(scopes_allow("operator", {" operator.read "}, {"operator.read "}));
}

TEST(ScopesAllow, OtherRolesNeedPrefixedScopesGrantedExactly) {
  EXPECT_TRUE(scopes_allow("node", {"node.camera", "node.screen"}, {"node.camera"}));
  EXPECT_FALSE(scopes_allow("node", {"operator.admin"}, {"operator.read"}));
  EXPECT_FALSE(scopes_allow("node", {"operator.read"}, {"operator.read"}));
  EXPECT_FALSE(scopes_allow("node", {"node.camera"}, {"node.screen"}));
}

TEST(CliDefaultOperatorScopes, MatchUpstream) {
  EXPECT_EQ(cli_default_operator_scopes(),
            (Scopes{"operator.admin", "operator.read", "operator.write", "operator.approvals",
                    "operator.pairing", "operator.talk.secrets"}));
}

TEST(EventVisible, UnguardedEventsReachEveryone) {
  for (const char* event :
       {"tick", "presence", "health", "heartbeat", "shutdown", "chat", "agent", "cron"}) {
    EXPECT_TRUE(event_visible(event, "operator", {})) << event;
    EXPECT_TRUE(event_visible(event, "node", {})) << event;
  }
}

TEST(EventVisible, ApprovalAndPairingEventsNeedTheirScope) {
  EXPECT_TRUE(event_visible("exec.approval.requested", "operator", {"operator.approvals"}));
  EXPECT_TRUE(event_visible("plugin.approval.resolved", "operator", {"operator.approvals"}));
  EXPECT_FALSE(event_visible("exec.approval.requested", "operator", {"operator.write"}));
  EXPECT_TRUE(event_visible("device.pair.requested", "operator", {"operator.pairing"}));
  EXPECT_TRUE(event_visible("node.pair.resolved", "operator", {"operator.pairing"}));
  EXPECT_FALSE(event_visible("device.pair.requested", "operator", {"operator.read"}));
  EXPECT_TRUE(event_visible("device.pair.requested", "operator", {"operator.admin"}));
}

TEST(EventVisible, SessionEventsNeedRead) {
  for (const char* event : {"sessions.changed", "session.message", "session.tool"}) {
    EXPECT_TRUE(event_visible(event, "operator", {"operator.read"})) << event;
    EXPECT_TRUE(event_visible(event, "operator", {"operator.write"})) << event;
    EXPECT_FALSE(event_visible(event, "operator", {"operator.pairing"})) << event;
  }
}

TEST(EventVisible, NodesGetNoGuardedEvents) {
  EXPECT_FALSE(event_visible("node.pair.requested", "node", {"operator.admin"}));
  EXPECT_FALSE(event_visible("sessions.changed", "node", {"operator.read"}));
}

}  // namespace
}  // namespace openclaw::protocol
