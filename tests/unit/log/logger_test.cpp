#include "core/log/logger.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace openclaw::log {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "0123456789abcdef0123456789abcdef0123456789abcdef";

// 2026-04-13T12:34:56.789Z
const std::chrono::system_clock::time_point kFixedTime =
    std::chrono::system_clock::time_point(std::chrono::seconds(1776083696)) + 789ms;

class LoggerTest : public ::testing::Test {
 protected:
  Logger make_logger(Level min_level = Level::trace) {
    LoggerOptions options;
    options.sink = std::make_shared<StreamSink>(out_);
    options.min_level = min_level;
    options.redactor = redactor_;
    options.clock = [] { return kFixedTime; };
    options.subsystem = "gateway/ws";
    return Logger(std::move(options));
  }

  std::vector<std::string> lines() const {
    std::vector<std::string> result;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
  }

  json only_record() const {
    const auto all = lines();
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? json() : json::parse(all.front());
  }

  std::ostringstream out_;
  std::shared_ptr<Redactor> redactor_ = std::make_shared<Redactor>();
};

TEST(FormatTimestamp, IsoUtcWithMilliseconds) {
  EXPECT_EQ(format_timestamp(kFixedTime), "2026-04-13T12:34:56.789Z");
  EXPECT_EQ(format_timestamp(std::chrono::system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(kFixedTime + 211ms), "2026-04-13T12:34:57.000Z");
}

TEST_F(LoggerTest, WritesOneJsonLineWithFixedFieldsFirst) {
  make_logger().info("gateway listening", {{"port", 18789}, {"bind", "loopback"}});
  ASSERT_EQ(lines().size(), 1u);
  EXPECT_EQ(lines()[0],
            R"({"time":"2026-04-13T12:34:56.789Z","level":"info","subsystem":"gateway/ws",)"
            R"("msg":"gateway listening","bind":"loopback","port":18789})");
}

TEST_F(LoggerTest, EveryLevelNameAppears) {
  Logger logger = make_logger();
  logger.trace("t");
  logger.debug("d");
  logger.info("i");
  logger.warn("w");
  logger.error("e");
  logger.fatal("f");
  const auto all = lines();
  ASSERT_EQ(all.size(), 6u);
  const char* expected[] = {"trace", "debug", "info", "warn", "error", "fatal"};
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(json::parse(all[i])["level"], expected[i]);
  }
}

TEST_F(LoggerTest, MinimumLevelFilters) {
  Logger logger = make_logger(Level::warn);
  logger.info("dropped");
  logger.debug("dropped");
  logger.warn("kept");
  logger.error("kept too");
  EXPECT_EQ(lines().size(), 2u);
  EXPECT_FALSE(logger.enabled(Level::info));
  EXPECT_TRUE(logger.enabled(Level::fatal));
}

TEST_F(LoggerTest, SilentLogsNothing) {
  Logger logger = make_logger(Level::silent);
  logger.fatal("not even this");
  logger.log(Level::silent, "nor this");
  EXPECT_TRUE(out_.str().empty());
}

TEST_F(LoggerTest, MinimumLevelIsSharedWithSubsystemLoggers) {
  Logger root = make_logger(Level::info);
  Logger child = root.with_subsystem("gateway/http");
  root.set_min_level(Level::error);
  child.warn("dropped");
  EXPECT_EQ(child.min_level(), Level::error);
  child.error("kept");
  EXPECT_EQ(only_record()["subsystem"], "gateway/http");
  EXPECT_EQ(root.subsystem(), "gateway/ws");
}

TEST_F(LoggerTest, RedactsRegisteredSecretsInMessageAndFields) {
  redactor_->add(kToken);
  make_logger().info(
      std::string("connect with ") + kToken,
      {{"url", std::string("ws://h/?t=") + kToken}, {"nested", {{"list", {kToken}}}}});
  const std::string line = out_.str();
  EXPECT_EQ(line.find(kToken), std::string::npos) << line;
  const json record = json::parse(line);
  EXPECT_EQ(record["msg"], "connect with [REDACTED]");
  EXPECT_EQ(record["url"], "ws://h/?t=[REDACTED]");
  EXPECT_EQ(record["nested"]["list"][0], "[REDACTED]");
}

TEST_F(LoggerTest, RedactsSecretsThatJsonWouldEscape) {
  const std::string secret = "pa\"ss\\word-with-quotes";
  redactor_->add(secret);
  make_logger().warn("bad login", {{"attempt", secret}});
  const std::string line = out_.str();
  EXPECT_EQ(line.find("ss\\\\word"), std::string::npos) << line;
  EXPECT_EQ(json::parse(line)["attempt"], "[REDACTED]");
}

TEST_F(LoggerTest, RedactsSecretsUsedAsKeys) {
  redactor_->add(kToken);
  make_logger().info("odd", {{kToken, 1}});
  EXPECT_EQ(out_.str().find(kToken), std::string::npos);
}

TEST_F(LoggerTest, RedactsSensitiveKeysWhateverTheValue) {
  make_logger().info("config", {{"token", "short"},
                                {"Password", "pw"},
                                {"apiKey", "sk-123"},
                                {"secret", 12345},
                                {"AUTHORIZATION", "Bearer abc"},
                                {"auth", {{"deviceToken", "tok"}, {"mode", "token"}}},
                                {"x-api-key", {"k1", "k2"}},
                                {"client_secret", {{"a", 1}}}});
  const json record = only_record();
  EXPECT_EQ(record["token"], "[REDACTED]");
  EXPECT_EQ(record["Password"], "[REDACTED]");
  EXPECT_EQ(record["apiKey"], "[REDACTED]");
  EXPECT_EQ(record["secret"], "[REDACTED]");
  EXPECT_EQ(record["AUTHORIZATION"], "[REDACTED]");
  EXPECT_EQ(record["auth"]["deviceToken"], "[REDACTED]");
  EXPECT_EQ(record["auth"]["mode"], "token");
  EXPECT_EQ(record["x-api-key"], "[REDACTED]");
  EXPECT_EQ(record["client_secret"], "[REDACTED]");
}

TEST_F(LoggerTest, SensitiveKeysKeepNullBooleanAndEmptyValues) {
  make_logger().info("state", {{"token", nullptr}, {"password", false}, {"apiKey", ""}});
  const json record = only_record();
  EXPECT_TRUE(record["token"].is_null());
  EXPECT_EQ(record["password"], false);
  EXPECT_EQ(record["apiKey"], "");
}

TEST(IsSensitiveKey, MatchesSecretNamesOnly) {
  for (const char* key :
       {"token", "Token", "apiKey", "api_key", "x-api-key", "password", "gatewayPassword", "secret",
        "clientSecret", "authorization", "Proxy-Authorization", "bootstrapToken", "deviceToken"}) {
    EXPECT_TRUE(is_sensitive_key(key)) << key;
  }
  for (const char* key : {"tokens", "tokenCount", "inputTokens", "mode", "secretRef",
                          "passwordFile", "auth", "fingerprint", "author"}) {
    EXPECT_FALSE(is_sensitive_key(key)) << key;
  }
}

TEST_F(LoggerTest, ReservedFieldNamesDoNotOverrideFixedFields) {
  make_logger().info("real message", {{"msg", "fake"}, {"level", "fatal"}, {"time", 0}});
  const json record = only_record();
  EXPECT_EQ(record["msg"], "real message");
  EXPECT_EQ(record["level"], "info");
  EXPECT_EQ(record["_msg"], "fake");
  EXPECT_EQ(record["_level"], "fatal");
  EXPECT_EQ(record["_time"], 0);
}

TEST_F(LoggerTest, NonObjectFieldsGoUnderData) {
  make_logger().info("array", json::array({1, 2}));
  EXPECT_EQ(only_record()["data"], json::array({1, 2}));
}

TEST_F(LoggerTest, NumbersAndBooleansKeepTheirTypes) {
  make_logger().info("types", {{"i", -5}, {"u", 18446744073709551615u}, {"f", 1.5}, {"b", true}});
  const json record = only_record();
  EXPECT_EQ(record["i"], -5);
  EXPECT_EQ(record["u"], 18446744073709551615u);
  EXPECT_EQ(record["f"], 1.5);
  EXPECT_EQ(record["b"], true);
}

TEST_F(LoggerTest, InvalidUtf8IsReplacedNotThrown) {
  Logger logger = make_logger();
  EXPECT_NO_THROW(logger.info("bad \xff byte", {{"peer", "\xc3("}}));
  const json record = only_record();
  EXPECT_EQ(record["msg"], "bad \xef\xbf\xbd byte");
}

TEST_F(LoggerTest, MessagesWithNewlinesStayOnOneLine) {
  make_logger().info("line one\nline two");
  ASSERT_EQ(lines().size(), 1u);
  EXPECT_EQ(only_record()["msg"], "line one\nline two");
}

TEST_F(LoggerTest, ConcurrentLoggingProducesWholeLines) {
  Logger logger = make_logger();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([logger, t] {
      Logger mine = logger.with_subsystem("worker/" + std::to_string(t));
      for (int i = 0; i < 250; ++i) mine.info("tick", {{"i", i}, {"pad", std::string(200, 'x')}});
    });
  }
  for (auto& thread : threads) thread.join();
  const auto all = lines();
  ASSERT_EQ(all.size(), 1000u);
  for (const auto& line : all) {
    ASSERT_TRUE(json::accept(line)) << line;
  }
}

TEST(DefaultLogger, CanBeReplaced) {
  auto out = std::make_shared<std::ostringstream>();
  LoggerOptions options;
  options.sink = std::make_shared<StreamSink>(*out);
  options.subsystem = "test";
  const Logger previous = default_logger();
  set_default_logger(Logger(options));
  default_logger().info("via default");
  set_default_logger(previous);
  const json record = json::parse(out->str());
  EXPECT_EQ(record["subsystem"], "test");
  EXPECT_EQ(record["msg"], "via default");
}

}  // namespace
}  // namespace openclaw::log
