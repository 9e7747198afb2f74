#include "core/config/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_env.h"

namespace openclaw::config {
namespace {

using testing::env_of;

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

class Loader : public ::testing::Test {
 protected:
  std::filesystem::path write_config(std::string_view text) {
    return dir_.write("openclaw.json", text);
  }
  TempDir dir_;
};

TEST_F(Loader, LoadsAJson5ConfigIntoTheModel) {
  auto path = write_config(R"(// operator notes
{
  gateway: { port: 18800, mode: 'local', auth: { token: "t0k3n" }, },
  agents: { list: [{ id: 'main' }] },
})");
  auto loaded = load_config(path, Environment());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->path, path);
  EXPECT_EQ(loaded->config.gateway.port, 18800);
  EXPECT_EQ(loaded->config.agents.list.at(0).id, "main");
  EXPECT_THAT(loaded->raw_text, HasSubstr("// operator notes"));
  EXPECT_EQ(loaded->raw["gateway"]["port"], 18800);
  EXPECT_TRUE(loaded->warnings.empty());
}

TEST_F(Loader, MissingFileIsDistinguishableFromABadOne) {
  auto missing = load_config(dir_.path() / "absent.json", Environment());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, LoadErrorKind::NotFound);

  auto unreadable = load_config(dir_.mkdir("a-directory"), Environment());
  ASSERT_FALSE(unreadable);
  EXPECT_EQ(unreadable.error().kind, LoadErrorKind::Unreadable);
  EXPECT_THAT(unreadable.error().message, HasSubstr("is a directory"));
}

TEST_F(Loader, ParseErrorsNameFileLineAndColumn) {
  auto path = write_config("{\n  gateway: {\n    port: ,\n  }\n}");
  auto result = load_config(path, Environment());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, LoadErrorKind::Parse);
  EXPECT_THAT(result.error().message, HasSubstr(path.string() + ": line 3, column"));
}

TEST_F(Loader, ValidationErrorsAreAllListedWithTheirPaths) {
  auto path = write_config(R"({"gateway": {"port": 70000, "bind": "everywhere",
      "auth": {"token": 12345678}}, "gateway2": {}})");
  auto result = load_config(path, Environment());
  ASSERT_FALSE(result);
  const auto& error = result.error();
  EXPECT_EQ(error.kind, LoadErrorKind::Invalid);
  EXPECT_EQ(error.errors.size(), 3u);
  EXPECT_THAT(error.message, HasSubstr(path.string() + ": invalid config:"));
  EXPECT_THAT(error.message,
              HasSubstr("\n  gateway.port: 70000 is out of range (expected an integer 1-65535)"));
  EXPECT_THAT(error.message, HasSubstr("\n  gateway.bind: \"everywhere\" is not allowed"));
  EXPECT_THAT(error.message, Not(HasSubstr("12345678")));
  ASSERT_EQ(error.warnings.size(), 1u);
  EXPECT_EQ(error.warnings[0].path, "gateway2");
}

TEST_F(Loader, EnvVariablesAreSubstitutedAfterParsingAndRawKeepsThePlaceholder) {
  auto path = write_config(R"({"gateway": {"auth": {"token": "${GW_TOKEN}"},
      "remote": {"url": "${MISSING_URL}"}}})");
  auto loaded = load_config(path, env_of({{"GW_TOKEN", "from-env"}}));
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(std::get<std::string>(*loaded->config.gateway.auth.token), "from-env");
  EXPECT_EQ(loaded->raw["gateway"]["auth"]["token"], "${GW_TOKEN}");
  EXPECT_EQ(loaded->resolved["gateway"]["auth"]["token"], "from-env");
  ASSERT_EQ(loaded->warnings.size(), 1u);
  EXPECT_EQ(loaded->warnings[0].path, "gateway.remote.url");
}

TEST_F(Loader, EnvVarsFromTheConfigFillOnlyMissingVariables) {
  auto path = write_config(R"({"env": {"vars": {"GW_TOKEN": "from-config", "EXTRA": "x"}},
      "gateway": {"auth": {"token": "${GW_TOKEN}"}, "remote": {"url": "${EXTRA}"}}})");
  auto with_env = load_config(path, env_of({{"GW_TOKEN", "from-process"}}));
  ASSERT_TRUE(with_env) << with_env.error().message;
  EXPECT_EQ(std::get<std::string>(*with_env->config.gateway.auth.token), "from-process");
  EXPECT_EQ(with_env->config.gateway.remote.url, "x");
  EXPECT_EQ(with_env->environment.get("EXTRA"), "x");

  auto without_env = load_config(path, Environment());
  ASSERT_TRUE(without_env);
  EXPECT_EQ(std::get<std::string>(*without_env->config.gateway.auth.token), "from-config");
}

TEST_F(Loader, IncludesAreResolvedBeforeValidation) {
  dir_.write("gateway.json5", "{ port: 18900, bind: 'lan' }");
  auto path = write_config(R"({"gateway": {"$include": "./gateway.json5", "mode": "local"}})");
  auto loaded = load_config(path, Environment());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->config.gateway.port, 18900);
  EXPECT_EQ(loaded->config.gateway.bind, BindMode::Lan);
  EXPECT_TRUE(loaded->raw["gateway"].contains("$include"));
}

TEST_F(Loader, IncludeFailuresAreReportedAsSuch) {
  auto path = write_config(R"({"agents": {"$include": "./agents.json5"}})");
  auto result = load_config(path, Environment());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, LoadErrorKind::Include);
  EXPECT_THAT(result.error().message, HasSubstr("$include \"./agents.json5\""));
  EXPECT_THAT(result.error().message, HasSubstr(path.string()));
}

TEST_F(Loader, IncludedValuesAreValidatedToo) {
  dir_.write("gateway.json5", "{ port: 0 }");
  auto path = write_config(R"({"gateway": {"$include": "gateway.json5"}})");
  auto result = load_config(path, Environment());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, LoadErrorKind::Invalid);
  EXPECT_EQ(result.error().errors.at(0).path, "gateway.port");
}

TEST_F(Loader, IncludeRootsComeFromTheEnvironment) {
  TempDir shared;
  shared.write("logging.json5", "{ level: 'debug' }");
  auto include = (shared.path() / "logging.json5").string();
  auto path = write_config(R"({"logging": {"$include": ")" + include + R"("}})");
  EXPECT_FALSE(load_config(path, Environment()));
  auto loaded = load_config(path, env_of({{"OPENCLAW_INCLUDE_ROOTS", shared.path().string()}}));
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->config.logging.level, "debug");
}

TEST_F(Loader, RootMustBeAnObject) {
  auto path = write_config("[1, 2]");
  auto result = load_config(path, Environment());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, LoadErrorKind::Invalid);
  EXPECT_THAT(result.error().message, HasSubstr("must be a JSON object"));
}

TEST_F(Loader, OversizedFilesAreRefused) {
  auto path = write_config("{}" + std::string(kMaxConfigFileBytes, ' '));
  auto result = load_config(path, Environment());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, LoadErrorKind::Unreadable);
  EXPECT_THAT(result.error().message, HasSubstr("larger than the limit"));
}

TEST_F(Loader, InMemoryTextUsesTheSamePipeline) {
  dir_.write("part.json5", "{ level: 'warn' }");
  auto loaded = load_config_text(R"({"logging": {"$include": "part.json5"}})",
                                 dir_.path() / "openclaw.json", Environment());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->config.logging.level, "warn");
  EXPECT_FALSE(
      load_config_text("{gateway: {port: 'x'}}", dir_.path() / "openclaw.json", Environment()));
}

}  // namespace
}  // namespace openclaw::config
