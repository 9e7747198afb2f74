#include "provision/owner_access.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace openclaw::provision {
namespace {

namespace fs = std::filesystem;

// A secret file in a directory everyone may search, owned by the test's user (or, when the
// test runs as root, which the check always lets through, by a made-up uid/gid). The other
// "owners" are made up too: the check only reads permission bits.
class OwnerAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("owner-access-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    fs::permissions(dir_, fs::perms(0755));
    secret_ = dir_ / "token";
    std::ofstream(secret_) << "s3cret-value\n";
    file_owner_ = {::getuid(), ::getgid()};
    if (::getuid() == 0) {
      file_owner_ = {4243, 4243};
      ASSERT_EQ(::chown(secret_.c_str(), file_owner_.uid, file_owner_.gid), 0);
    }
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms(0755), ignored);
    fs::remove_all(dir_, ignored);
  }
  void chmod_secret(mode_t mode) { ASSERT_EQ(::chmod(secret_.c_str(), mode), 0); }

  state::FileOwner me() const { return file_owner_; }
  state::FileOwner stranger() const { return {file_owner_.uid + 4242, file_owner_.gid + 4242}; }
  state::FileOwner same_group() const { return {file_owner_.uid + 4242, file_owner_.gid}; }

  state::FileOwner file_owner_{};
  fs::path dir_;
  fs::path secret_;
};

TEST_F(OwnerAccessTest, FileOfAnotherUserWithMode0600IsRefusedWithTheFix) {
  chmod_secret(0600);
  auto status = check_owner_can_read(secret_, stranger(), "gateway.auth.tokenFile");
  ASSERT_FALSE(status);
  const std::string& message = status.error().message;
  EXPECT_NE(message.find("gateway.auth.tokenFile"), std::string::npos) << message;
  EXPECT_NE(message.find(secret_.string()), std::string::npos) << message;
  EXPECT_NE(message.find("mode 0600"), std::string::npos) << message;
  EXPECT_NE(message.find("chown " + std::to_string(stranger().uid) + ":" + std::to_string(stranger().gid)),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("s3cret-value"), std::string::npos) << "the secret must never be shown";
}

TEST_F(OwnerAccessTest, OwnerClassDecidesEvenWhenOtherBitsWouldAllow) {
  chmod_secret(0044);  // the owner itself may not read, everyone else may
  EXPECT_FALSE(check_owner_can_read(secret_, me(), "f"));
  EXPECT_TRUE(check_owner_can_read(secret_, stranger(), "f"));
}

TEST_F(OwnerAccessTest, OwnerGroupAndOtherBitsEachGrantTheirClass) {
  chmod_secret(0400);
  EXPECT_TRUE(check_owner_can_read(secret_, me(), "f"));
  EXPECT_FALSE(check_owner_can_read(secret_, same_group(), "f"));
  chmod_secret(0440);
  EXPECT_TRUE(check_owner_can_read(secret_, same_group(), "f"));
  EXPECT_FALSE(check_owner_can_read(secret_, stranger(), "f"));
  chmod_secret(0404);
  EXPECT_TRUE(check_owner_can_read(secret_, stranger(), "f"));
}

TEST_F(OwnerAccessTest, UnsearchableDirectoryIsNamed) {
  chmod_secret(0444);
  ASSERT_EQ(::chmod(dir_.c_str(), 0700), 0);
  auto status = check_owner_can_read(secret_, stranger(), "providers.anthropic.apiKeyFile");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("the directory " + dir_.string()), std::string::npos)
      << status.error().message;
  EXPECT_NE(status.error().message.find("providers.anthropic.apiKeyFile"), std::string::npos);
}

TEST_F(OwnerAccessTest, RootMayReadAnything) {
  chmod_secret(0000);
  EXPECT_TRUE(check_owner_can_read(secret_, state::FileOwner{0, 0}, "f"));
}

TEST_F(OwnerAccessTest, MissingFileIsAnErrorNamingIt) {
  auto status = check_owner_can_read(dir_ / "absent", stranger(), "gateway.auth.tokenFile");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find((dir_ / "absent").string()), std::string::npos);
}

TEST_F(OwnerAccessTest, SpecCheckCoversEverySecretFileAndOnlyWithAnOwner) {
  chmod_secret(0600);
  ProvisionSpec spec;
  spec.token.file = secret_;
  EXPECT_TRUE(check_secret_files_readable_by_owner(spec)) << "no owner: the gateway runs as the provisioner";

  spec.owner = stranger();
  auto token = check_secret_files_readable_by_owner(spec);
  ASSERT_FALSE(token);
  EXPECT_NE(token.error().message.find("gateway.auth.tokenFile"), std::string::npos);

  spec.token.file.reset();
  ProviderSpec provider;
  provider.id = "openai";
  provider.api_key.file = secret_;
  spec.providers.push_back(provider);
  auto key = check_secret_files_readable_by_owner(spec);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("providers.openai.apiKeyFile"), std::string::npos);

  spec.providers.clear();
  spec.metrics = MetricsSpec{};
  spec.metrics->token_file = secret_;
  auto metrics = check_secret_files_readable_by_owner(spec);
  ASSERT_FALSE(metrics);
  EXPECT_NE(metrics.error().message.find("gateway.metrics.tokenFile"), std::string::npos);

  chmod_secret(0604);
  EXPECT_TRUE(check_secret_files_readable_by_owner(spec));
}

TEST_F(OwnerAccessTest, SpecCheckTrustsTheProvisionersOwnReadWhenItIsTheOwner) {
  // The bits would refuse it, but a provisioner running as the owner has just read the file
  // (for instance through a supplementary group this check cannot see).
  chmod_secret(0000);
  ProvisionSpec spec;
  spec.token.file = secret_;
  spec.owner = state::FileOwner{::geteuid(), ::getegid()};
  EXPECT_TRUE(check_secret_files_readable_by_owner(spec));
}

}  // namespace
}  // namespace openclaw::provision
