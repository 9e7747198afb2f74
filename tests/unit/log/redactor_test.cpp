#include "core/log/redactor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace openclaw::log {
namespace {

constexpr const char* kToken = "3f9a1c0e7b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d";

TEST(Redactor, EmptyRedactorReturnsTextUnchanged) {
  Redactor redactor;
  EXPECT_EQ(redactor.redact("nothing to hide"), "nothing to hide");
  EXPECT_EQ(redactor.redact(""), "");
}

TEST(Redactor, ReplacesEveryOccurrence) {
  Redactor redactor;
  ASSERT_TRUE(redactor.add(kToken));
  EXPECT_EQ(redactor.redact(std::string("token=") + kToken + " again " + kToken),
            "token=[REDACTED] again [REDACTED]");
}

TEST(Redactor, ReplacesSeveralSecrets) {
  Redactor redactor;
  redactor.add("hunter2-password");
  redactor.add("sk-ant-abcdef123456");
  EXPECT_EQ(redactor.redact("pw hunter2-password key sk-ant-abcdef123456."),
            "pw [REDACTED] key [REDACTED].");
}

TEST(Redactor, IgnoresSecretsShorterThanMinimum) {
  Redactor redactor;
  EXPECT_FALSE(redactor.add("admin"));
  EXPECT_FALSE(redactor.add(""));
  EXPECT_EQ(redactor.size(), 0u);
  EXPECT_EQ(redactor.redact("admin logged in"), "admin logged in");
  EXPECT_TRUE(redactor.add("admin1"));
  EXPECT_EQ(redactor.redact("admin1 logged in"), "[REDACTED] logged in");
}

TEST(Redactor, OverlappingSecretsLeaveNoFragment) {
  Redactor redactor;
  redactor.add("abcdef123");
  redactor.add("123456xyz");
  // The two overlap in "123"; neither "abcdef" nor "456xyz" may survive.
  EXPECT_EQ(redactor.redact("<abcdef123456xyz>"), "<[REDACTED]>");
}

TEST(Redactor, SecretContainingAnotherIsFullyRemoved) {
  Redactor redactor;
  redactor.add("secret");
  redactor.add("my-secret-value");
  EXPECT_EQ(redactor.redact("x my-secret-value y secret z"), "x [REDACTED] y [REDACTED] z");
}

TEST(Redactor, SelfOverlappingOccurrencesCollapse) {
  Redactor redactor;
  redactor.add("aaaaaa");
  EXPECT_EQ(redactor.redact("baaaaaaaab"), "b[REDACTED]b");
}

TEST(Redactor, AdjacentOccurrencesCollapse) {
  Redactor redactor;
  redactor.add("tok123");
  EXPECT_EQ(redactor.redact("tok123tok123"), "[REDACTED]");
}

TEST(Redactor, RemoveStopsRedacting) {
  Redactor redactor;
  redactor.add(kToken);
  redactor.remove(kToken);
  EXPECT_EQ(redactor.size(), 0u);
  EXPECT_EQ(redactor.redact(kToken), kToken);
  redactor.remove("never-added");
}

TEST(Redactor, RegistrationsAreCounted) {
  Redactor redactor;
  redactor.add(kToken);
  redactor.add(kToken);
  EXPECT_EQ(redactor.size(), 1u);
  redactor.remove(kToken);
  EXPECT_EQ(redactor.redact(kToken), "[REDACTED]");
  redactor.remove(kToken);
  EXPECT_EQ(redactor.redact(kToken), kToken);
}

TEST(Redactor, RotationSwapsSecrets) {
  Redactor redactor;
  const std::string old_token = "old-token-aaaaaaaa";
  const std::string new_token = "new-token-bbbbbbbb";
  redactor.add(old_token);
  redactor.add(new_token);
  redactor.remove(old_token);
  EXPECT_EQ(redactor.redact(old_token + " " + new_token), old_token + " [REDACTED]");
}

TEST(Redactor, ClearForgetsEverything) {
  Redactor redactor;
  redactor.add("secret-one");
  redactor.add("secret-two");
  redactor.clear();
  EXPECT_EQ(redactor.size(), 0u);
  EXPECT_EQ(redactor.redact("secret-one"), "secret-one");
}

TEST(Redactor, HandlesBinaryAndUtf8) {
  using namespace std::string_literals;
  Redactor redactor;
  redactor.add("p\xc3\xa4sswort\0x"s);
  EXPECT_EQ(redactor.redact("a p\xc3\xa4sswort\0x b"s), "a [REDACTED] b");
}

TEST(Redactor, ConcurrentAddRemoveAndRedact) {
  Redactor redactor;
  redactor.add(kToken);
  std::atomic<bool> leaked{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "rotating-secret-" + std::to_string(t);
      for (int i = 0; i < 2000; ++i) {
        redactor.add(own);
        if (redactor.redact(std::string("x") + kToken + "x").find(kToken) != std::string::npos) {
          leaked = true;
        }
        redactor.remove(own);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(leaked);
  EXPECT_EQ(redactor.size(), 1u);
}

}  // namespace
}  // namespace openclaw::log
