// load_spec on hostile spec files: found by tests/fuzz/provision_spec_fuzz (regression inputs
// in tests/fuzz/corpus/provision_spec/regression-*). Each used to end the provisioner with an
// uncaught nlohmann exception (abort) instead of an error naming the problem. Also
// gateway.controlUi in a spec: written to the config as given, refused when relative.
#include "provision/spec.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "provision/gateway_config.h"

namespace openclaw::provision {
namespace {

namespace fs = std::filesystem;

class SpecTest : public ::testing::Test {
 protected:
  SpecTest() : dir_(fs::temp_directory_path() / ("spec-test-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
  }
  ~SpecTest() override { fs::remove_all(dir_); }

  Result<ProvisionSpec> load(const std::string& text) {
    const fs::path path = dir_ / "spec.yaml";
    std::ofstream(path, std::ios::binary) << text;
    SpecSources sources;
    sources.spec_file = path;
    return load_spec(sources, Environment());
  }

  fs::path dir_;
};

TEST_F(SpecTest, ProviderIdWithTildeIsRefusedByName) {
  // "~x" is not a valid JSON pointer token; the id used to be spelled into one.
  auto spec = load("stateDir: /srv/openclaw\nproviders:\n  \"a~b\":\n    apiKeyEnv: OPENAI_API_KEY\n");
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("\"a~b\" is not a provider id"), std::string::npos) << spec.error().message;
}

TEST_F(SpecTest, ProviderApiKeySourceIsReadFromItsEntry) {
  auto spec = load("stateDir: /srv/openclaw\nproviders:\n  openai:\n    apiKeyEnv: OPENAI_API_KEY\n");
  ASSERT_TRUE(spec) << spec.error().message;
  ASSERT_EQ(spec->providers.size(), 1u);
  EXPECT_EQ(spec->providers[0].api_key.env, "OPENAI_API_KEY");
}

TEST_F(SpecTest, TextThatIsNotUtf8IsRefusedWithItsLine) {
  auto spec = load("stateDir: /srv/openclaw\ndevices:\n  - name: \"\xff\"\n    publicKey: abc\n");
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("line 3"), std::string::npos) << spec.error().message;
  EXPECT_NE(spec.error().message.find("not valid UTF-8"), std::string::npos) << spec.error().message;

  auto in_key = load("stateDir: /srv/openclaw\n\xc3\x28: 1\n");
  ASSERT_FALSE(in_key);
  EXPECT_NE(in_key.error().message.find("not valid UTF-8"), std::string::npos) << in_key.error().message;
}

TEST_F(SpecTest, KeyThatIsNotAStringIsRefused) {
  auto spec = load("? [a, b]\n: value\n");
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("a key must be a plain string"), std::string::npos) << spec.error().message;
}

TEST_F(SpecTest, EmptyPathsAreRefusedByName) {
  // std::filesystem::absolute("") throws; an empty stateDir or configPath used to abort.
  auto state_dir = load("stateDir: \"\"\n");
  ASSERT_FALSE(state_dir);
  EXPECT_EQ(state_dir.error().message, "stateDir: must not be empty");

  auto config_path = load("stateDir: /srv/openclaw\nconfigPath: ''\n");
  ASSERT_FALSE(config_path);
  EXPECT_EQ(config_path.error().message, "configPath: must not be empty");
}

TEST_F(SpecTest, RelativePathsBecomeAbsolute) {
  auto spec = load("stateDir: state/../openclaw\n");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_TRUE(spec->state_dir.is_absolute());
  EXPECT_EQ(spec->state_dir.filename(), "openclaw");
}

TEST_F(SpecTest, WrongTypeErrorsDoNotEchoTheBlock) {
  // A mis-indented block moved an inline token under devices:; the error used to print the
  // block, token included.
  auto spec = load("stateDir: /srv/openclaw\ndevices:\n  auth:\n    token: plaintext-token-0123456789\n");
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("devices: an object is not a list"), std::string::npos) << spec.error().message;
  EXPECT_EQ(spec.error().message.find("plaintext-token"), std::string::npos) << spec.error().message;
}

TEST_F(SpecTest, ControlUiRootAndBasePathReachTheConfig) {
  auto spec = load(
      "stateDir: /srv/openclaw\n"
      "gateway:\n  controlUi:\n    root: /opt/openclaw/control-ui\n    basePath: /openclaw\n");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->control_ui_root, "/opt/openclaw/control-ui");
  std::vector<std::string> notes;
  const auto config = merge_managed_config(nlohmann::json::object(), *spec, ManagedConfigInputs{}, notes);
  EXPECT_EQ(config["gateway"]["controlUi"]["root"], "/opt/openclaw/control-ui");
  EXPECT_EQ(config["gateway"]["controlUi"]["basePath"], "/openclaw");
}

TEST_F(SpecTest, ControlUiNoRootLeavesTheConfigsAlone) {
  auto spec = load("stateDir: /srv/openclaw\n");
  ASSERT_TRUE(spec) << spec.error().message;
  std::vector<std::string> notes;
  const nlohmann::json existing = {{"gateway", {{"controlUi", {{"root", "/srv/ui"}}}}}};
  const auto config = merge_managed_config(existing, *spec, ManagedConfigInputs{}, notes);
  EXPECT_EQ(config["gateway"]["controlUi"]["root"], "/srv/ui") << "a root set by hand stays";
}

TEST_F(SpecTest, ControlUiARelativeRootIsRefusedByName) {
  auto spec = load("stateDir: /srv/openclaw\ngateway:\n  controlUi:\n    root: dist/control-ui\n");
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("gateway.controlUi.root: \"dist/control-ui\" must be an absolute path"),
            std::string::npos)
      << spec.error().message;
}

}  // namespace
}  // namespace openclaw::provision
