#include "client/device_auth_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "../config/temp_dir.h"
#include "core/state/file_reader.h"

namespace openclaw::client {
namespace {

using config::testing::TempDir;
using nlohmann::json;

constexpr char kDevice[] = "d3adbeef";
constexpr char kSecret[] = "device-token-secret-0123456789abcdefghijkl";

StoredDeviceToken operator_token(std::string token = kSecret) {
  return {std::move(token), "operator", {" operator.write", "operator.admin", "operator.admin", ""}, 1700000000000};
}

json read_json(const std::filesystem::path& path) { return json::parse(*state::read_file(path)); }

TEST(DeviceAuthStoreTest, MissingFileHasNoToken) {
  TempDir dir;
  DeviceAuthStore store(dir.path() / "device-auth.json");
  auto loaded = store.load(kDevice, "operator");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_FALSE(loaded->has_value());
}

TEST(DeviceAuthStoreTest, SaveThenLoadRoundTripsWithNormalizedScopesAndMode0600) {
  TempDir dir;
  const auto path = dir.path() / "device-auth.json";
  DeviceAuthStore store(path);
  ASSERT_TRUE(store.save(kDevice, operator_token()));

  auto loaded = store.load(kDevice, "operator");
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->token, kSecret);
  EXPECT_EQ((*loaded)->role, "operator");
  EXPECT_EQ((*loaded)->scopes, (std::vector<std::string>{"operator.admin", "operator.write"}));
  EXPECT_EQ((*loaded)->updated_at_ms, 1700000000000);

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const json document = read_json(path);
  EXPECT_EQ(document["version"], 1);
  EXPECT_EQ(document["deviceId"], kDevice);
  EXPECT_EQ(document["tokens"]["operator"]["token"], kSecret);
  EXPECT_EQ(document["tokens"]["operator"]["scopes"], json({"operator.admin", "operator.write"}));
}

TEST(DeviceAuthStoreTest, OtherRolesAreKeptAndAnotherDevicesFileIsReplaced) {
  TempDir dir;
  DeviceAuthStore store(dir.path() / "device-auth.json");
  ASSERT_TRUE(store.save(kDevice, operator_token()));
  ASSERT_TRUE(store.save(kDevice, {"node-token", "node", {}, 1}));
  EXPECT_TRUE(store.load(kDevice, "operator")->has_value());
  EXPECT_EQ((*store.load(kDevice, "node"))->token, "node-token");

  // A token of another identity is not ours to send, and saving ours replaces the file.
  EXPECT_FALSE(store.load("another-device", "operator")->has_value());
  ASSERT_TRUE(store.save("another-device", operator_token("fresh")));
  EXPECT_FALSE(store.load(kDevice, "operator")->has_value());
  EXPECT_EQ((*store.load("another-device", "operator"))->token, "fresh");
}

TEST(DeviceAuthStoreTest, ClearRemovesOnlyThatRole) {
  TempDir dir;
  DeviceAuthStore store(dir.path() / "device-auth.json");
  ASSERT_TRUE(store.save(kDevice, operator_token()));
  ASSERT_TRUE(store.save(kDevice, {"node-token", "node", {}, 1}));
  ASSERT_TRUE(store.clear(kDevice, "operator"));
  EXPECT_FALSE(store.load(kDevice, "operator")->has_value());
  EXPECT_TRUE(store.load(kDevice, "node")->has_value());
  EXPECT_TRUE(store.clear(kDevice, "operator")) << "clearing twice is not an error";
  EXPECT_TRUE(DeviceAuthStore(dir.path() / "absent.json").clear(kDevice, "operator"));
}

TEST(DeviceAuthStoreTest, BadFilesFailNamingTheFileButNotTheToken) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "not valid JSON"},
      {"[]", "expected a JSON object"},
      {R"({"version":2,"deviceId":"d3adbeef","tokens":{}})", "unsupported version"},
      {R"({"version":1,"tokens":{}})", "deviceId is missing"},
      {R"({"version":1,"deviceId":"d3adbeef","tokens":[]})", "tokens must be an object"},
      {std::string(R"({"version":1,"deviceId":"d3adbeef","tokens":{"operator":{"token":")") + kSecret +
           R"(","scopes":"operator.admin"}}})",
       "tokens.operator.scopes must be an array"},
      {R"({"version":1,"deviceId":"d3adbeef","tokens":{"operator":{"scopes":[]}}})", "tokens.operator.token is missing"},
  };
  for (const auto& [content, expected] : cases) {
    const auto path = dir.write("device-auth.json", content);
    auto loaded = DeviceAuthStore(path).load(kDevice, "operator");
    ASSERT_FALSE(loaded) << content;
    EXPECT_NE(loaded.error().message.find(path.string()), std::string::npos) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find(expected), std::string::npos) << loaded.error().message;
    EXPECT_EQ(loaded.error().message.find(kSecret), std::string::npos) << loaded.error().message;
  }
}

TEST(DeviceAuthStoreTest, ACorruptFileIsReplacedOnSave) {
  TempDir dir;
  const auto path = dir.write("device-auth.json", "{not json");
  DeviceAuthStore store(path);
  ASSERT_TRUE(store.save(kDevice, operator_token()));
  EXPECT_EQ((*store.load(kDevice, "operator"))->token, kSecret);
}

TEST(DeviceAuthStoreTest, SaveFailsNamingTheFileWhenTheDirectoryIsMissing) {
  TempDir dir;
  const auto path = dir.path() / "missing" / "device-auth.json";
  auto saved = DeviceAuthStore(path).save(kDevice, operator_token());
  ASSERT_FALSE(saved);
  EXPECT_NE(saved.error().message.find(path.string()), std::string::npos) << saved.error().message;
  EXPECT_EQ(saved.error().message.find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace openclaw::client
