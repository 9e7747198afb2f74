#include "providers/auth_profiles_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../config/temp_dir.h"

namespace openclaw::providers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const nlohmann::json kNoSecrets = nlohmann::json::object();

TEST(AuthProfilesFile, ReadsApiKeyTokenAndOauthProfiles) {
  auto store = parse_auth_profiles(R"({
    "version": 1,
    "profiles": {
      "anthropic:default": {"type": "api_key", "provider": "anthropic", "key": "sk-ant-inline\n"},
      "openai:work": {"type": "api_key", "provider": "OpenAI",
                      "keyRef": {"source": "env", "provider": "default", "id": "OPENAI_WORK_KEY"}},
      "openrouter:ci": {"type": "token", "provider": "openrouter", "token": "or-token", "expires": 4102444800000},
      "anthropic:me": {"type": "oauth", "provider": "anthropic", "access": "a", "refresh": "r", "expires": 1}
    },
    "order": {"Anthropic": ["anthropic:me", "anthropic:default"]},
    "lastGood": {"anthropic": "anthropic:default"},
    "usageStats": {"anthropic:default": {"lastUsed": 1}}
  })",
                                   kNoSecrets);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_EQ(store->profiles.size(), 4u);
  EXPECT_TRUE(store->problems.empty());

  const StoredCredential& inline_key = store->profiles.at("anthropic:default");
  EXPECT_EQ(inline_key.type, StoredCredentialType::ApiKey);
  EXPECT_EQ(inline_key.provider, "anthropic");
  ASSERT_TRUE(inline_key.secret);
  EXPECT_EQ(std::get<std::string>(*inline_key.secret),
            "sk-ant-inline");  // trailing newline dropped

  const StoredCredential& by_ref = store->profiles.at("openai:work");
  EXPECT_EQ(by_ref.provider, "openai");  // provider ids compare without case
  ASSERT_TRUE(by_ref.secret);
  const auto& ref = std::get<config::SecretRef>(*by_ref.secret);
  EXPECT_EQ(ref.source, config::SecretSource::Env);
  EXPECT_EQ(ref.id, "OPENAI_WORK_KEY");

  const StoredCredential& token = store->profiles.at("openrouter:ci");
  EXPECT_EQ(token.type, StoredCredentialType::Token);
  EXPECT_EQ(std::get<std::string>(*token.secret), "or-token");
  EXPECT_EQ(token.expires_ms, 4102444800000);

  const StoredCredential& oauth = store->profiles.at("anthropic:me");
  EXPECT_EQ(oauth.type, StoredCredentialType::OAuth);
  EXPECT_FALSE(oauth.secret);

  EXPECT_THAT(store->order.at("anthropic"), ElementsAre("anthropic:me", "anthropic:default"));
}

TEST(AuthProfilesFile, InlineKeyWinsOverKeyRefAndBlankKeyFallsBackToTheRef) {
  auto store = parse_auth_profiles(R"({"profiles": {
    "a:both": {"type": "api_key", "provider": "a", "key": "inline", "keyRef": {"source": "env", "id": "A_KEY"}},
    "a:blank": {"type": "api_key", "provider": "a", "key": "  ", "keyRef": {"source": "env", "id": "A_KEY"}},
    "t:ref": {"type": "token", "provider": "t", "tokenRef": {"source": "env", "provider": "default", "id": "T_TOKEN"}}
  }})",
                                   kNoSecrets);
  ASSERT_TRUE(store);
  EXPECT_EQ(std::get<std::string>(*store->profiles.at("a:both").secret), "inline");
  EXPECT_EQ(std::get<config::SecretRef>(*store->profiles.at("a:blank").secret).id, "A_KEY");
  EXPECT_EQ(std::get<config::SecretRef>(*store->profiles.at("t:ref").secret).id, "T_TOKEN");
}

TEST(AuthProfilesFile, UnusableEntriesAreReportedAndTheOthersKept) {
  auto store = parse_auth_profiles(R"({"profiles": {
    "good:one": {"type": "api_key", "provider": "good", "key": "k1"},
    "bad:type": {"type": "password", "provider": "bad", "key": "sk-should-not-leak"},
    "bad:noprovider": {"type": "api_key", "key": "sk-should-not-leak"},
    "bad:ref": {"type": "api_key", "provider": "bad", "keyRef": {"source": "env", "provider": "default", "id": "lower"}},
    "bad:expires": {"type": "token", "provider": "bad", "token": "sk-should-not-leak", "expires": -5},
    "bad:shape": "sk-should-not-leak"
  }})",
                                   kNoSecrets);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(store->profiles.size(), 1u);
  EXPECT_TRUE(store->profiles.contains("good:one"));
  ASSERT_EQ(store->problems.size(), 5u);
  std::map<std::string, std::string> by_id;
  for (const ProfileProblem& problem : store->problems) {
    by_id[problem.profile_id] = problem.message;
    EXPECT_THAT(problem.message, Not(HasSubstr("sk-should-not-leak")));
  }
  EXPECT_THAT(by_id["bad:type"], HasSubstr("type must be"));
  EXPECT_THAT(by_id["bad:noprovider"], HasSubstr("provider is missing"));
  EXPECT_THAT(by_id["bad:ref"], HasSubstr("keyRef"));
  EXPECT_THAT(by_id["bad:expires"], HasSubstr("expires"));
  EXPECT_THAT(by_id["bad:shape"], HasSubstr("not an object"));
  // The provider of a bad entry is still known, so the resolver can tell whose it was.
  for (const ProfileProblem& problem : store->problems) {
    if (problem.profile_id == "bad:ref") EXPECT_EQ(problem.provider, "bad");
  }
}

TEST(AuthProfilesFile, MalformedFilesFail) {
  EXPECT_FALSE(parse_auth_profiles("{not json", kNoSecrets));
  EXPECT_FALSE(parse_auth_profiles("[1,2]", kNoSecrets));
  auto profiles_not_object = parse_auth_profiles(R"({"profiles": ["a"]})", kNoSecrets);
  ASSERT_FALSE(profiles_not_object);
  EXPECT_THAT(profiles_not_object.error().message, HasSubstr("profiles"));
  auto empty = parse_auth_profiles(R"({"version": 1})", kNoSecrets);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->profiles.empty());
}

TEST(AuthProfilesFile, MissingFileIsAnEmptyStore) {
  config::testing::TempDir dir;
  auto store = read_auth_profiles(dir.path() / "agents/main/agent/auth-profiles.json", kNoSecrets);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE(store->profiles.empty());
}

TEST(AuthProfilesFile, ReadFailuresNameThePathNotTheContent) {
  config::testing::TempDir dir;
  const auto path =
      dir.write("auth-profiles.json",
                R"({"profiles": {"x": {"type":"api_key","provider":"x","key":"sk-leak"}} )");
  auto store = read_auth_profiles(path, kNoSecrets);
  ASSERT_FALSE(store);
  EXPECT_THAT(store.error().message, HasSubstr(path.string()));
  EXPECT_THAT(store.error().message, HasSubstr("not valid JSON"));
  EXPECT_THAT(store.error().message, Not(HasSubstr("sk-leak")));

  const auto directory = dir.mkdir("is-a-dir.json");
  auto not_a_file = read_auth_profiles(directory, kNoSecrets);
  ASSERT_FALSE(not_a_file);
  EXPECT_THAT(not_a_file.error().message, HasSubstr(directory.string()));
}

}  // namespace
}  // namespace openclaw::providers
