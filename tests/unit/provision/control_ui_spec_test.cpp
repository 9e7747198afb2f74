// gateway.controlUi.root in a provisioning spec: written to the config as given, refused
// when relative.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "provision/gateway_config.h"
#include "provision/spec.h"

namespace openclaw::provision {
namespace {

namespace fs = std::filesystem;

class ControlUiSpecTest : public ::testing::Test {
 protected:
  ControlUiSpecTest() : dir_(fs::temp_directory_path() / ("control-ui-spec-test-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
  }
  ~ControlUiSpecTest() override { fs::remove_all(dir_); }

  Result<ProvisionSpec> load(const std::string& text) {
    const fs::path path = dir_ / "spec.yaml";
    std::ofstream(path, std::ios::binary) << text;
    SpecSources sources;
    sources.spec_file = path;
    return load_spec(sources, Environment());
  }

  fs::path dir_;
};

TEST_F(ControlUiSpecTest, RootAndBasePathReachTheConfig) {
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

TEST_F(ControlUiSpecTest, NoRootLeavesTheConfigsAlone) {
  auto spec = load("stateDir: /srv/openclaw\n");
  ASSERT_TRUE(spec) << spec.error().message;
  std::vector<std::string> notes;
  const nlohmann::json existing = {{"gateway", {{"controlUi", {{"root", "/srv/ui"}}}}}};
  const auto config = merge_managed_config(existing, *spec, ManagedConfigInputs{}, notes);
  EXPECT_EQ(config["gateway"]["controlUi"]["root"], "/srv/ui") << "a root set by hand stays";
}

TEST_F(ControlUiSpecTest, ARelativeRootIsRefusedByName) {
  auto spec = load("stateDir: /srv/openclaw\ngateway:\n  controlUi:\n    root: dist/control-ui\n");
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("gateway.controlUi.root: \"dist/control-ui\" must be an absolute path"),
            std::string::npos)
      << spec.error().message;
}

}  // namespace
}  // namespace openclaw::provision
