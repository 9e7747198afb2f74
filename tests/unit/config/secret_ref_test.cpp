#include "core/config/secret_ref.h"

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

SecretRef env_ref(std::string id, std::string provider = "default") {
  return SecretRef{SecretSource::Env, std::move(provider), std::move(id)};
}

SecretRef file_ref(std::string provider, std::string id) {
  return SecretRef{SecretSource::File, std::move(provider), std::move(id)};
}

TEST(SecretRefGrammar, ProviderAliases) {
  EXPECT_TRUE(is_valid_provider_alias("default"));
  EXPECT_TRUE(is_valid_provider_alias("my-vault_2"));
  EXPECT_FALSE(is_valid_provider_alias("Vault"));
  EXPECT_FALSE(is_valid_provider_alias("2fa"));
  EXPECT_FALSE(is_valid_provider_alias(""));
  EXPECT_FALSE(is_valid_provider_alias(std::string(65, 'a')));
  EXPECT_TRUE(is_valid_provider_alias(std::string(64, 'a')));
}

TEST(SecretRefGrammar, EnvIds) {
  EXPECT_TRUE(is_valid_env_ref_id("OPENAI_API_KEY"));
  EXPECT_TRUE(is_valid_env_ref_id("A1"));
  EXPECT_FALSE(is_valid_env_ref_id("_LEADING"));
  EXPECT_FALSE(is_valid_env_ref_id("lower"));
  EXPECT_FALSE(is_valid_env_ref_id("A-B"));
  EXPECT_FALSE(is_valid_env_ref_id("A" + std::string(128, 'B')));
}

TEST(SecretRefGrammar, FileIdsAreJsonPointersOrValue) {
  EXPECT_TRUE(is_valid_file_ref_id("value"));
  EXPECT_TRUE(is_valid_file_ref_id("/providers/openai/apiKey"));
  EXPECT_TRUE(is_valid_file_ref_id("/a~1b/c~0d"));
  EXPECT_TRUE(is_valid_file_ref_id("/"));
  EXPECT_FALSE(is_valid_file_ref_id("providers/openai"));
  EXPECT_FALSE(is_valid_file_ref_id("/bad~2escape"));
  EXPECT_FALSE(is_valid_file_ref_id("/trailing~"));
}

TEST(SecretRefGrammar, ExecIds) {
  EXPECT_TRUE(is_valid_exec_ref_id("vault/openai/api-key"));
  EXPECT_TRUE(is_valid_exec_ref_id("aws/secret#json_key"));
  EXPECT_FALSE(is_valid_exec_ref_id("/absolute"));
  EXPECT_FALSE(is_valid_exec_ref_id("a/../b"));
  EXPECT_FALSE(is_valid_exec_ref_id("a/./b"));
  EXPECT_FALSE(is_valid_exec_ref_id("has space"));
}

TEST(SecretRefParse, StrictForm) {
  auto ref = parse_secret_ref(json::parse(R"({"source": "file", "provider": "mounted",
      "id": "/providers/openai/apiKey"})"));
  ASSERT_TRUE(ref.has_value());
  ASSERT_TRUE(*ref) << (*ref).error().message;
  EXPECT_EQ(**ref, file_ref("mounted", "/providers/openai/apiKey"));
  EXPECT_EQ(describe(**ref), "file:mounted:/providers/openai/apiKey");
}

TEST(SecretRefParse, LegacyFormTakesTheDefaultProviderForItsSource) {
  auto secrets = json::parse(R"({"defaults": {"env": "envs", "file": "files"}})");
  auto env = parse_secret_ref(json::parse(R"({"source": "env", "id": "TOKEN"})"), secrets);
  ASSERT_TRUE(env && *env);
  EXPECT_EQ((**env).provider, "envs");
  auto exec = parse_secret_ref(json::parse(R"({"source": "exec", "id": "a/b"})"), secrets);
  ASSERT_TRUE(exec && *exec);
  EXPECT_EQ((**exec).provider, "default");
}

TEST(SecretRefParse, NonRefValuesAreNotRefs) {
  EXPECT_FALSE(parse_secret_ref(json("a string")).has_value());
  EXPECT_FALSE(parse_secret_ref(json::parse(R"({"id": "X"})")).has_value());
  EXPECT_FALSE(parse_secret_ref(json::array()).has_value());
}

TEST(SecretRefParse, InvalidRefsSayWhatIsWrong) {
  auto bad_source = parse_secret_ref(json::parse(R"({"source": "store", "id": "X"})"));
  ASSERT_TRUE(bad_source && !*bad_source);
  EXPECT_THAT(bad_source->error().message, HasSubstr("expected \"env\", \"file\" or \"exec\""));

  auto extra = parse_secret_ref(
      json::parse(R"({"source": "env", "provider": "default", "id": "X", "value": "leak"})"));
  ASSERT_TRUE(extra && !*extra);
  EXPECT_THAT(extra->error().message, HasSubstr("unexpected key \"value\""));
  EXPECT_THAT(extra->error().message, Not(HasSubstr("leak")));

  auto missing_id = parse_secret_ref(json::parse(R"({"source": "env", "provider": "default"})"));
  ASSERT_TRUE(missing_id && !*missing_id);
  EXPECT_THAT(missing_id->error().message, HasSubstr("id is missing"));

  auto bad_file_id =
      parse_secret_ref(json::parse(R"({"source": "file", "provider": "f", "id": "apiKey"})"));
  ASSERT_TRUE(bad_file_id && !*bad_file_id);
  EXPECT_THAT(bad_file_id->error().message, HasSubstr("absolute JSON pointer"));
}

TEST(SecretInputParse, StringsRefsAndOtherTypes) {
  auto text = parse_secret_input(json("literal"));
  ASSERT_TRUE(text);
  EXPECT_EQ(std::get<std::string>(*text), "literal");
  auto ref = parse_secret_input(json::parse(R"({"source": "env", "provider": "default",
      "id": "A"})"));
  ASSERT_TRUE(ref);
  EXPECT_EQ(std::get<SecretRef>(*ref), env_ref("A"));
  EXPECT_FALSE(parse_secret_input(json(42)));
}

TEST(ResolveSecret, PlainStringsAreReturnedAsIs) {
  auto value = resolve_secret(SecretInput(std::string("abc")), json(), Environment());
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, "abc");
}

TEST(ResolveSecret, EnvRefWithTheDefaultProviderNeedsNoProviderEntry) {
  auto env = env_of({{"GW_TOKEN", "s3cret"}});
  auto value = resolve_secret(env_ref("GW_TOKEN"), json(), env);
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(*value, "s3cret");
}

TEST(ResolveSecret, MissingOrEmptyEnvVariableIsAnError) {
  auto env = env_of({{"EMPTY", ""}});
  auto missing = resolve_secret(env_ref("ABSENT"), json(), env);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "secret ref env:default:ABSENT: environment variable \"ABSENT\" is missing or empty");
  EXPECT_FALSE(resolve_secret(env_ref("EMPTY"), json(), env));
}

TEST(ResolveSecret, EnvProviderAllowlistIsEnforced) {
  auto secrets = json::parse(R"({"providers": {"envs": {"source": "env",
      "allowlist": ["ALLOWED"]}}})");
  auto env = env_of({{"ALLOWED", "a"}, {"OTHER", "b"}});
  EXPECT_EQ(resolve_secret(env_ref("ALLOWED", "envs"), secrets, env).value_or(""), "a");
  auto denied = resolve_secret(env_ref("OTHER", "envs"), secrets, env);
  ASSERT_FALSE(denied);
  EXPECT_THAT(denied.error().message, HasSubstr("not in secrets.providers.envs.allowlist"));
}

TEST(ResolveSecret, UnknownEnvProviderIsRefused) {
  auto env = env_of({{"A", "1"}});
  auto result = resolve_secret(env_ref("A", "elsewhere"), json::object(), env);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("secret provider \"elsewhere\" is not configured"));
  // Naming it as the default env provider makes it the built-in one.
  auto secrets = json::parse(R"({"defaults": {"env": "elsewhere"}})");
  EXPECT_TRUE(resolve_secret(env_ref("A", "elsewhere"), secrets, env));
}

TEST(ResolveSecret, EnvTemplateShorthandResolvesFromTheEnvironment) {
  auto env = env_of({{"OPENAI_API_KEY", "sk-1"}});
  EXPECT_EQ(
      resolve_secret(SecretInput(std::string(" ${OPENAI_API_KEY} ")), json(), env).value_or(""),
      "sk-1");
  auto unset = resolve_secret(SecretInput(std::string("${UNSET_KEY}")), json(), env);
  ASSERT_FALSE(unset);
  EXPECT_THAT(unset.error().message, HasSubstr("\"UNSET_KEY\" is missing"));
  // Only the exact form is shorthand; anything else is a literal secret.
  EXPECT_EQ(
      resolve_secret(SecretInput(std::string("x${OPENAI_API_KEY}")), json(), env).value_or(""),
      "x${OPENAI_API_KEY}");
}

class FileSecrets : public ::testing::Test {
 protected:
  json provider(const std::string& path, const std::string& mode) {
    json secrets;
    secrets["providers"]["f"] = {{"source", "file"}, {"path", path}};
    if (!mode.empty()) secrets["providers"]["f"]["mode"] = mode;
    return secrets;
  }
  TempDir dir_;
};

TEST_F(FileSecrets, SingleValueStripsBomAndOneTrailingNewline) {
  auto file = dir_.write("token", "\xEF\xBB\xBFtok-123\n");
  auto value =
      resolve_secret(file_ref("f", "value"), provider(file.string(), "singleValue"), Environment());
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(*value, "tok-123");

  dir_.write("crlf", "abc\r\n");
  EXPECT_EQ(resolve_secret(file_ref("f", "value"),
                           provider((dir_.path() / "crlf").string(), "singleValue"), Environment())
                .value_or(""),
            "abc");
  dir_.write("two", "abc\n\n");
  EXPECT_EQ(resolve_secret(file_ref("f", "value"),
                           provider((dir_.path() / "two").string(), "singleValue"), Environment())
                .value_or(""),
            "abc\n");
}

TEST_F(FileSecrets, SingleValueRequiresTheIdValue) {
  auto file = dir_.write("token", "t");
  auto result = resolve_secret(file_ref("f", "/token"), provider(file.string(), "singleValue"),
                               Environment());
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("expects ref id \"value\""));
}

TEST_F(FileSecrets, JsonModeFollowsTheJsonPointer) {
  auto file = dir_.write("secrets.json", R"({"providers": {"openai": {"apiKey": "sk-abc"}},
      "a/b": {"c~d": "escaped"}, "list": ["zero", "one"]})");
  auto secrets = provider(file.string(), "");  // json is the default mode
  EXPECT_EQ(resolve_secret(file_ref("f", "/providers/openai/apiKey"), secrets, Environment())
                .value_or(""),
            "sk-abc");
  EXPECT_EQ(resolve_secret(file_ref("f", "/a~1b/c~0d"), secrets, Environment()).value_or(""),
            "escaped");
  EXPECT_EQ(resolve_secret(file_ref("f", "/list/1"), secrets, Environment()).value_or(""), "one");
}

TEST_F(FileSecrets, JsonModeErrorsNeverQuoteTheFile) {
  auto file = dir_.write("secrets.json", R"({"providers": {"openai": {"apiKey": 12345}}})");
  auto secrets = provider(file.string(), "json");
  auto missing =
      resolve_secret(file_ref("f", "/providers/anthropic/apiKey"), secrets, Environment());
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("no value at JSON pointer"));
  auto not_string =
      resolve_secret(file_ref("f", "/providers/openai/apiKey"), secrets, Environment());
  ASSERT_FALSE(not_string);
  EXPECT_THAT(not_string.error().message, HasSubstr("is not a string"));
  EXPECT_THAT(not_string.error().message, Not(HasSubstr("12345")));

  auto broken = dir_.write("broken.json", "{\"apiKey\": sk-live-DO-NOT-PRINT");
  auto parse_error =
      resolve_secret(file_ref("f", "/apiKey"), provider(broken.string(), "json"), Environment());
  ASSERT_FALSE(parse_error);
  EXPECT_THAT(parse_error.error().message, HasSubstr("is not valid JSON"));
  EXPECT_THAT(parse_error.error().message, Not(HasSubstr("DO-NOT-PRINT")));
}

TEST_F(FileSecrets, RelativePathsAreResolvedAgainstTheConfigDirectory) {
  dir_.write("secrets/token", "rel\n");
  auto value = resolve_secret(file_ref("f", "value"), provider("secrets/token", "singleValue"),
                              Environment(), dir_.path());
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(*value, "rel");
}

TEST_F(FileSecrets, HomeRelativePathsAreExpanded) {
  dir_.write("home/.secrets/token", "from-home");
  auto env = env_of({{"HOME", (dir_.path() / "home").string()}});
  auto value =
      resolve_secret(file_ref("f", "value"), provider("~/.secrets/token", "singleValue"), env);
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(*value, "from-home");
}

TEST_F(FileSecrets, UnreadableFilesNameTheProviderAndThePath) {
  auto missing_path = (dir_.path() / "nope").string();
  auto missing =
      resolve_secret(file_ref("f", "value"), provider(missing_path, "singleValue"), Environment());
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("secrets.providers.f: cannot read " +
                                                 missing_path + ": No such file or directory"));

  auto directory = dir_.mkdir("a-directory");
  auto is_dir = resolve_secret(file_ref("f", "value"), provider(directory.string(), "singleValue"),
                               Environment());
  ASSERT_FALSE(is_dir);
  EXPECT_THAT(is_dir.error().message, HasSubstr(directory.string() + ": is a directory"));
}

TEST_F(FileSecrets, MaxBytesLimitsTheFile) {
  auto file = dir_.write("big", std::string(100, 'x'));
  auto secrets = provider(file.string(), "singleValue");
  secrets["providers"]["f"]["maxBytes"] = 10;
  auto result = resolve_secret(file_ref("f", "value"), secrets, Environment());
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("larger than the limit of 10 bytes"));
}

TEST_F(FileSecrets, ProviderMustBeConfiguredAsAFileProvider) {
  auto unconfigured = resolve_secret(file_ref("f", "value"), json::object(), Environment());
  ASSERT_FALSE(unconfigured);
  EXPECT_THAT(unconfigured.error().message, HasSubstr("secret provider \"f\" is not configured"));

  auto secrets = json::parse(R"({"providers": {"f": {"source": "env"}}})");
  auto mismatch = resolve_secret(file_ref("f", "value"), secrets, Environment());
  ASSERT_FALSE(mismatch);
  EXPECT_THAT(mismatch.error().message,
              HasSubstr("has source \"env\" but the ref asks for \"file\""));
}

TEST(ResolveSecret, ExecSourcesAreNotSupportedYet) {
  auto secrets = json::parse(R"({"providers": {"vault": {"source": "exec",
      "command": "/usr/bin/vault-get"}}})");
  auto result = resolve_secret(SecretRef{SecretSource::Exec, "vault", "openai/api-key"}, secrets,
                               Environment());
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("exec secret sources are not supported yet"));
}

TEST(ResolveSecret, InvalidRefsAreRejectedBeforeLookingAnythingUp) {
  auto result = resolve_secret(env_ref("not-valid"), json(), env_of({{"not-valid", "x"}}));
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("is invalid for an env ref"));
}

}  // namespace
}  // namespace openclaw::config
