// Session keys from clients: upstream's canonical form, the short forms of the default agent,
// and the errors a client gets for keys that name no session.
#include "agents/session_key.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace openclaw::agents {
namespace {

using testing::config_with_agents;

SessionKey parsed(std::string_view key, const config::Config& config, bool require_known = true) {
  auto result = parse_session_key(key, config, require_known);
  EXPECT_TRUE(result) << key << ": " << (result ? "" : result.error().message);
  return result ? *result : SessionKey{};
}

std::string error_of(std::string_view key, const config::Config& config,
                     bool require_known = true) {
  auto result = parse_session_key(key, config, require_known);
  EXPECT_FALSE(result) << key << " was accepted as " << (result ? result->full() : "");
  return result ? "" : result.error().message;
}

TEST(SessionKeyTest, FullKeysKeepTheirAgentAndRest) {
  const auto config = config_with_agents({"main", "ops"});
  EXPECT_EQ(parsed("agent:main:main", config), (SessionKey{"main", "main"}));
  EXPECT_EQ(parsed("agent:ops:telegram:direct:42", config),
            (SessionKey{"ops", "telegram:direct:42"}));
  EXPECT_EQ(parsed("agent:ops:telegram:direct:42", config).full(), "agent:ops:telegram:direct:42");
}

TEST(SessionKeyTest, KeysAreLowercasedAndTrimmedAsUpstreamStoresThem) {
  const auto config = config_with_agents({"main", "ops"});
  EXPECT_EQ(parsed("  Agent:OPS:WebChat:Alice \n", config), (SessionKey{"ops", "webchat:alice"}));
}

TEST(SessionKeyTest, EmptySegmentsAreDroppedLikeUpstream) {
  const auto config = config_with_agents({"main"});
  EXPECT_EQ(parsed("agent:main::work", config), (SessionKey{"main", "work"}));
}

TEST(SessionKeyTest, ShortMainIsTheDefaultAgentsMainSession) {
  auto config = config_with_agents({"ops", "main"});  // ops is the default
  config.session.main_key = "Work";
  EXPECT_EQ(parsed("main", config), (SessionKey{"ops", "work"}));
  EXPECT_EQ(parsed("MAIN", config), (SessionKey{"ops", "work"}));
}

TEST(SessionKeyTest, OtherShortKeysBelongToTheDefaultAgent) {
  const auto config = config_with_agents({"ops"});
  EXPECT_EQ(parsed("openai-user:Bob", config), (SessionKey{"ops", "openai-user:bob"}));
}

TEST(SessionKeyTest, WithoutDeclaredAgentsTheDefaultIsMain) {
  const config::Config config;
  EXPECT_EQ(parsed("main", config), (SessionKey{"main", "main"}));
  EXPECT_EQ(parsed("agent:main:x", config), (SessionKey{"main", "x"}));
  EXPECT_EQ(error_of("agent:other:x", config), "unknown agent id \"other\"");
}

TEST(SessionKeyTest, AnEmptyKeyIsRefused) {
  const config::Config config;
  EXPECT_EQ(error_of("", config), "session key is empty");
  EXPECT_EQ(error_of("   ", config), "session key is empty");
}

TEST(SessionKeyTest, KeysLongerThan512CharactersAreRefused) {
  const config::Config config;
  const std::string prefix = "agent:main:";
  EXPECT_TRUE(parse_session_key(prefix + std::string(512 - prefix.size(), 'x'), config));
  EXPECT_EQ(error_of(prefix + std::string(513 - prefix.size(), 'x'), config),
            "session key is longer than 512 characters");
}

TEST(SessionKeyTest, MalformedAgentKeysAreRefused) {
  const config::Config config;
  EXPECT_NE(error_of("agent:main", config).find("malformed session key \"agent:main\""),
            std::string::npos);
  EXPECT_NE(error_of("agent::main", config).find("expected agent:<agentId>:<rest>"),
            std::string::npos);
  EXPECT_NE(error_of("agent:", config).find("malformed"), std::string::npos);
}

TEST(SessionKeyTest, InvalidAgentIdsAreRefusedEvenWhenUnknownAgentsAreAllowed) {
  const config::Config config;
  EXPECT_NE(error_of("agent:bad.id:x", config, false).find("invalid agent id \"bad.id\""),
            std::string::npos);
  EXPECT_NE(error_of("agent:-lead:x", config, false).find("invalid agent id"), std::string::npos);
  EXPECT_NE(
      error_of("agent:" + std::string(65, 'a') + ":x", config, false).find("invalid agent id"),
      std::string::npos);
  EXPECT_EQ(parsed("agent:" + std::string(64, 'a') + ":x", config, false).agent_id,
            std::string(64, 'a'));
}

TEST(SessionKeyTest, UnknownAgentsAreRefusedOnlyWhenRequired) {
  const auto config = config_with_agents({"main", "ops"});
  EXPECT_EQ(error_of("agent:ghost:main", config), "unknown agent id \"ghost\"");
  EXPECT_EQ(parsed("agent:ghost:main", config, false), (SessionKey{"ghost", "main"}));
}

TEST(SessionKeyTest, MainSessionKeyUsesTheConfiguredMainKey) {
  config::Config config;
  EXPECT_EQ(main_session_key(config, "main").full(), "agent:main:main");
  config.session.main_key = "Desk";
  EXPECT_EQ(main_session_key(config, "Ops").full(), "agent:ops:desk");
}

}  // namespace
}  // namespace openclaw::agents
