#include "core/pairing/gateway_identity.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "test_support.h"

namespace openclaw::pairing {
namespace {

using nlohmann::json;
using testing::TempStateDir;

constexpr std::int64_t kT0 = 1'700'000'000'000;
constexpr const char* kFile = "identity/device.json";

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(GatewayIdentityTest, FirstStartCreatesAPrivateIdentityFileInUpstreamsFormat) {
  TempStateDir dir;
  auto identity = load_or_create_identity(dir.layout(), kT0);
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->device_id.size(), 64u);
  EXPECT_EQ(identity->public_key_base64url.size(), 43u);
  EXPECT_EQ(mode_of(dir.path() / kFile), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "identity"), 0700u);

  const json document = json::parse(dir.read(kFile));
  EXPECT_EQ(document["version"], 1);
  EXPECT_EQ(document["deviceId"], identity->device_id);
  EXPECT_EQ(document["createdAtMs"], kT0);
  EXPECT_NE(document["publicKeyPem"].get<std::string>().find("BEGIN PUBLIC KEY"), std::string::npos);
  auto key = crypto::KeyPair::from_private_key_pem(document["privateKeyPem"].get<std::string>());
  ASSERT_TRUE(key);
  EXPECT_EQ(key->device_id(), identity->device_id);
  EXPECT_EQ(key->public_key_base64url(), identity->public_key_base64url);
  // Nothing but the file is left in identity/.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path() / "identity"), {}), 1);
}

TEST(GatewayIdentityTest, LaterStartsLoadTheSameIdentityWithoutRewritingIt) {
  TempStateDir dir;
  auto first = load_or_create_identity(dir.layout(), kT0);
  ASSERT_TRUE(first);
  const std::string content = dir.read(kFile);
  auto second = load_or_create_identity(dir.layout(), kT0 + 1000);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->device_id, first->device_id);
  EXPECT_EQ(second->public_key_base64url, first->public_key_base64url);
  EXPECT_EQ(dir.read(kFile), content);
}

TEST(GatewayIdentityTest, AnIdentityWrittenElsewhereIsAdopted) {
  TempStateDir dir;
  auto key = crypto::KeyPair::generate();
  ASSERT_TRUE(key);
  dir.write(kFile, identity_document(*key, kT0).dump());
  auto identity = load_or_create_identity(dir.layout(), kT0 + 1);
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->device_id, key->device_id());
}

TEST(GatewayIdentityTest, ABrokenIdentityFileIsAnErrorNamingItAndIsNeverReplaced) {
  auto key = crypto::KeyPair::generate();
  ASSERT_TRUE(key);
  const json good = identity_document(*key, kT0);
  const std::string secret_body = good["privateKeyPem"].get<std::string>().substr(30, 20);
  auto other = crypto::KeyPair::generate();
  ASSERT_TRUE(other);

  struct Case {
    std::string content;
    std::string expected;
  };
  json wrong_id = good;
  wrong_id["deviceId"] = other->device_id();
  json wrong_public = good;
  wrong_public["publicKeyPem"] = other->public_key_pem();
  json no_private = good;
  no_private.erase("privateKeyPem");
  json bad_private = good;
  bad_private["privateKeyPem"] = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n";
  json version_two = good;
  version_two["version"] = 2;
  const Case cases[] = {
      {"{not json", "not valid JSON"},
      {"[]", "must be a JSON object"},
      {wrong_id.dump(), "deviceId does not match its key"},
      {wrong_public.dump(), "publicKeyPem does not match privateKeyPem"},
      {no_private.dump(), "has no privateKeyPem"},
      {bad_private.dump(), "privateKeyPem"},
      {version_two.dump(), "version must be 1"},
  };
  for (const auto& c : cases) {
    TempStateDir dir;
    dir.write(kFile, c.content);
    auto identity = load_or_create_identity(dir.layout(), kT0);
    ASSERT_FALSE(identity) << c.content;
    const std::string& message = identity.error().message;
    EXPECT_NE(message.find((dir.path() / kFile).string()), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    EXPECT_NE(message.find("move the file away"), std::string::npos) << message;
    EXPECT_EQ(message.find(secret_body), std::string::npos) << "key material in: " << message;
    EXPECT_EQ(dir.read(kFile), c.content);
  }
}

TEST(GatewayIdentityTest, AnUnusableIdentityDirectoryIsReported) {
  TempStateDir dir;
  dir.write("identity", "a file where the directory belongs");
  auto identity = load_or_create_identity(dir.layout(), kT0);
  ASSERT_FALSE(identity);
  EXPECT_NE(identity.error().message.find((dir.path() / "identity").string()), std::string::npos)
      << identity.error().message;
}

TEST(GatewayIdentityTest, DocumentRoundTripsThroughTheLoader) {
  auto key = crypto::KeyPair::generate();
  ASSERT_TRUE(key);
  auto loaded = key_pair_from_identity_document(identity_document(*key, kT0), "somewhere");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->device_id(), key->device_id());
  auto refused = key_pair_from_identity_document(json::object(), "somewhere");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.rfind("somewhere: ", 0), 0u);
}

}  // namespace
}  // namespace openclaw::pairing
