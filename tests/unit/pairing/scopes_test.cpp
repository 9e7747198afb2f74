#include "core/pairing/scopes.h"

#include <gtest/gtest.h>

namespace openclaw::pairing {
namespace {

using Scopes = std::vector<std::string>;

TEST(ScopesTest, AdminCoversEveryOperatorScope) {
  const Scopes admin = {"operator.admin"};
  EXPECT_TRUE(role_scopes_allow("operator", admin, {"operator.read", "operator.write", "operator.pairing"}));
  EXPECT_TRUE(role_scopes_allow("operator", admin, {"operator.talk.secrets", "operator.anything.new"}));
  EXPECT_FALSE(role_scopes_allow("operator", admin, {"node.camera"}));
}

TEST(ScopesTest, WriteCoversReadAndTalkButNothingElse) {
  const Scopes write = {"operator.write"};
  EXPECT_TRUE(role_scopes_allow("operator", write, {"operator.read"}));
  EXPECT_TRUE(role_scopes_allow("operator", write, {"operator.talk"}));
  EXPECT_TRUE(role_scopes_allow("operator", write, {"operator.write"}));
  EXPECT_FALSE(role_scopes_allow("operator", write, {"operator.admin"}));
  EXPECT_FALSE(role_scopes_allow("operator", write, {"operator.pairing"}));
  EXPECT_FALSE(role_scopes_allow("operator", write, {"operator.talk.secrets"}));
}

TEST(ScopesTest, ReadDoesNotCoverWrite) {
  EXPECT_FALSE(role_scopes_allow("operator", {"operator.read"}, {"operator.write"}));
  EXPECT_TRUE(role_scopes_allow("operator", {"operator.read"}, {"operator.read"}));
}

TEST(ScopesTest, OtherOperatorScopesNeedAnExactGrant) {
  EXPECT_TRUE(role_scopes_allow("operator", {"operator.pairing"}, {"operator.pairing"}));
  EXPECT_FALSE(role_scopes_allow("operator", {"operator.pairing"}, {"operator.approvals"}));
  // A granted scope without the operator prefix never satisfies the operator role.
  EXPECT_FALSE(role_scopes_allow("operator", {"read"}, {"read"}));
}

TEST(ScopesTest, EmptyRequestIsAlwaysCoveredAndEmptyGrantCoversNothing) {
  EXPECT_TRUE(role_scopes_allow("operator", {}, {}));
  EXPECT_TRUE(role_scopes_allow("node", {}, {"  ", ""}));
  EXPECT_FALSE(role_scopes_allow("operator", {}, {"operator.read"}));
}

TEST(ScopesTest, NonOperatorRolesNeedTheirOwnPrefixAndAnExactGrant) {
  EXPECT_TRUE(role_scopes_allow("node", {"node.camera"}, {"node.camera"}));
  EXPECT_FALSE(role_scopes_allow("node", {"node.camera"}, {"node.screen"}));
  EXPECT_FALSE(role_scopes_allow("node", {"camera"}, {"camera"}));
  EXPECT_FALSE(role_scopes_allow("node", {"operator.admin"}, {"operator.read"}));
}

TEST(ScopesTest, ScopesAndRoleAreComparedTrimmed) {
  EXPECT_TRUE(role_scopes_allow(" operator ", {" operator.write "}, {"operator.read  "}));
}

TEST(ScopesTest, MissingScopeNamesTheFirstUncoveredScopeAsWritten) {
  EXPECT_EQ(missing_scope("operator", {"operator.read"}, {"operator.read", "operator.admin", "operator.x"}),
            "operator.admin");
  EXPECT_EQ(missing_scope("operator", {"operator.admin"}, {"operator.read"}), std::nullopt);
}

TEST(ScopesTest, ScopeOutsideRolesFindsAScopeNoRequestedRoleMayHold) {
  EXPECT_EQ(scope_outside_roles({"node"}, {"operator.read"}), "operator.read");
  EXPECT_EQ(scope_outside_roles({"operator"}, {"operator.read", "node.camera"}), "node.camera");
  EXPECT_EQ(scope_outside_roles({"operator", "node"}, {"operator.read", "node.camera"}), std::nullopt);
  EXPECT_EQ(scope_outside_roles({"operator"}, {"admin"}), "admin");
}

TEST(ScopesTest, MergeScopesIsSortedUniqueAndDropsBlanks) {
  EXPECT_EQ(merge_scopes({"operator.write", " operator.read", ""}, {"operator.admin", "operator.write"}),
            (Scopes{"operator.admin", "operator.read", "operator.write"}));
  EXPECT_EQ(normalize_scopes({"b", "a", "b", "  "}), (Scopes{"a", "b"}));
}

TEST(ScopesTest, TokenScopesForRoleKeepOnlyTheRolesShare) {
  const Scopes mixed = {"operator.read", "node.camera", "operator.admin"};
  EXPECT_EQ(token_scopes_for_role("operator", mixed), (Scopes{"operator.admin", "operator.read"}));
  EXPECT_EQ(token_scopes_for_role("node", mixed), (Scopes{"node.camera"}));
}

TEST(ScopesTest, CliDefaultScopesAreTheSixUpstreamAsksFor) {
  const auto& scopes = cli_default_operator_scopes();
  EXPECT_EQ(scopes.size(), 6u);
  EXPECT_TRUE(role_scopes_allow("operator", scopes,
                                {"operator.admin", "operator.read", "operator.write", "operator.approvals",
                                 "operator.pairing", "operator.talk.secrets"}));
}

}  // namespace
}  // namespace openclaw::pairing
