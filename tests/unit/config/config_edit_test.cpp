#include "core/config/config_edit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "core/config/config_path.h"
#include "core/config/config_snapshot.h"
#include "core/crypto/sha256.h"
#include "temp_dir.h"
#include "test_env.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 07777;
}

class ConfigEdit : public ::testing::Test {
 protected:
  std::filesystem::path config_path() const { return dir_.path() / "openclaw.json"; }
  std::filesystem::path write(std::string_view text) { return dir_.write("openclaw.json", text); }
  ConfigSnapshot snapshot() { return read_config_snapshot(config_path(), env_); }

  TempDir dir_;
  Environment env_;
};

const char* kCommented = R"(// ops notes: do not touch
{
  gateway: { mode: "local", port: 18789, auth: { token: "${GATEWAY_TOKEN}" } },
  agents: { list: [{ id: "main" }] },
}
)";

TEST_F(ConfigEdit, SnapshotHashesTheRawFileText) {
  write(kCommented);
  auto snap = snapshot();
  EXPECT_TRUE(snap.exists);
  EXPECT_TRUE(snap.valid);
  EXPECT_EQ(snap.hash, crypto::sha256_hex(kCommented));
  EXPECT_EQ(*snap.raw, kCommented);
  EXPECT_EQ(snap.parsed["gateway"]["auth"]["token"], "${GATEWAY_TOKEN}")
      << "parsed is before ${VAR}";
  ASSERT_TRUE(snap.loaded);
}

TEST_F(ConfigEdit, SnapshotOfAMissingFileIsAValidEmptyConfig) {
  auto snap = snapshot();
  EXPECT_FALSE(snap.exists);
  EXPECT_TRUE(snap.valid);
  EXPECT_EQ(snap.parsed, json::object());
  EXPECT_EQ(snap.hash, crypto::sha256_hex(""));
}

TEST_F(ConfigEdit, SnapshotOfABrokenFileListsItsIssues) {
  write("{ gateway: { port: , } }");
  auto unparsable = snapshot();
  EXPECT_FALSE(unparsable.valid);
  ASSERT_EQ(unparsable.issues.size(), 1u);
  EXPECT_THAT(unparsable.issues[0].message, HasSubstr("JSON5 parse failed: line 1, column"));

  write(R"({ gateway: { port: 70000, bind: "everywhere", extra: 1 } })");
  auto invalid = snapshot();
  EXPECT_FALSE(invalid.valid);
  ASSERT_EQ(invalid.issues.size(), 2u);
  EXPECT_EQ(invalid.issues[0].path, "gateway.port");
  EXPECT_EQ(invalid.issues[1].path, "gateway.bind");
  ASSERT_EQ(invalid.warnings.size(), 1u);
  EXPECT_EQ(invalid.warnings[0].path, "gateway.extra");
}

TEST_F(ConfigEdit, WritesAtomicallyKeepingUnrelatedKeysAndABackup) {
  write(kCommented);
  auto base = snapshot();
  json candidate = base.parsed;
  ASSERT_TRUE(set_at_path(candidate, *parse_config_path("gateway.port"), 19001));
  auto written = write_config(base, candidate, env_);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_TRUE(written->changed);
  EXPECT_TRUE(written->dropped_comments);
  ASSERT_TRUE(written->backup);
  EXPECT_EQ(read_text(*written->backup), kCommented) << "the previous file is kept byte for byte";
  EXPECT_EQ(mode_of(config_path()), 0600u);
  EXPECT_EQ(mode_of(*written->backup), 0600u);

  const json on_disk = json::parse(read_text(config_path()));
  EXPECT_EQ(on_disk["gateway"]["port"], 19001);
  EXPECT_EQ(on_disk["gateway"]["auth"]["token"], "${GATEWAY_TOKEN}")
      << "placeholders survive an edit";
  EXPECT_EQ(on_disk["agents"]["list"][0]["id"], "main");
  EXPECT_EQ(written->hash, crypto::sha256_hex(read_text(config_path())));
  EXPECT_EQ(written->loaded.config.gateway.port, 19001);
  // No temporary files are left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_.path()))
    ++files;
  EXPECT_EQ(files, 2u);
}

TEST_F(ConfigEdit, InvalidCandidateIsRefusedAndTheFileIsUntouched) {
  write(kCommented);
  auto base = snapshot();
  json candidate = base.parsed;
  candidate["gateway"]["port"] = "not-a-port";
  candidate["gateway"]["bind"] = "everywhere";
  auto written = write_config(base, candidate, env_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ConfigWriteError::Kind::Invalid);
  ASSERT_EQ(written.error().errors.size(), 2u);
  EXPECT_EQ(written.error().errors[0].path, "gateway.port");
  EXPECT_EQ(written.error().errors[1].path, "gateway.bind");
  EXPECT_EQ(read_text(config_path()), kCommented);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "openclaw.json.bak"));
}

TEST_F(ConfigEdit, InvalidSecretIsNeverQuoted) {
  write("{}");
  auto base = snapshot();
  json candidate = {{"gateway", {{"auth", {{"token", 12345678}}}}}};
  auto written = write_config(base, candidate, env_);
  ASSERT_FALSE(written);
  EXPECT_THAT(written.error().message, Not(HasSubstr("12345678")));
}

TEST_F(ConfigEdit, UnchangedCandidateWritesNothing) {
  write(kCommented);
  auto base = snapshot();
  auto written = write_config(base, base.parsed, env_);
  ASSERT_TRUE(written);
  EXPECT_FALSE(written->changed);
  EXPECT_EQ(written->hash, base.hash);
  EXPECT_EQ(read_text(config_path()), kCommented) << "comments stay when nothing changed";
}

TEST_F(ConfigEdit, ConcurrentChangeIsDetected) {
  write(kCommented);
  auto base = snapshot();
  write("{ gateway: { mode: 'local' } }");
  json candidate = base.parsed;
  candidate["gateway"]["port"] = 19001;
  auto written = write_config(base, candidate, env_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ConfigWriteError::Kind::Changed);
  EXPECT_EQ(read_text(config_path()), "{ gateway: { mode: 'local' } }");
}

TEST_F(ConfigEdit, CreatesAMissingFile) {
  auto base = snapshot();
  auto written = write_config(base, {{"gateway", {{"mode", "local"}}}}, env_);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_TRUE(written->changed);
  EXPECT_FALSE(written->backup);
  EXPECT_EQ(json::parse(read_text(config_path()))["gateway"]["mode"], "local");
  EXPECT_EQ(mode_of(config_path()), 0600u);
}

TEST_F(ConfigEdit, WritesThroughASymlinkToItsTarget) {
  auto real = dir_.write("real/openclaw.json", "{}");
  std::filesystem::create_symlink(real, config_path());
  auto base = snapshot();
  auto written = write_config(base, {{"gateway", {{"port", 1234}}}}, env_);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_TRUE(std::filesystem::is_symlink(config_path()));
  EXPECT_EQ(json::parse(read_text(real))["gateway"]["port"], 1234);
}

TEST(KeepEnvPlaceholders, ResolvedValuesSentBackBecomePlaceholdersAgain) {
  const json written = {
      {"gateway", {{"auth", {{"token", "${GW_TOKEN}"}}}, {"remote", {{"url", "ws://${HOST}:1"}}}}}};
  const json resolved = {
      {"gateway", {{"auth", {{"token", "s3cret"}}}, {"remote", {{"url", "ws://box:1"}}}}}};
  json sent = resolved;
  sent["gateway"]["port"] = 19001;
  const json kept = keep_env_placeholders(sent, written, resolved);
  EXPECT_EQ(kept["gateway"]["auth"]["token"], "${GW_TOKEN}");
  EXPECT_EQ(kept["gateway"]["remote"]["url"], "ws://${HOST}:1");
  EXPECT_EQ(kept["gateway"]["port"], 19001);
  sent["gateway"]["auth"]["token"] = "changed";
  EXPECT_EQ(keep_env_placeholders(sent, written, resolved)["gateway"]["auth"]["token"], "changed")
      << "a value the client changed is taken as sent";
}

TEST_F(ConfigEdit, CommentDetectionIgnoresStrings) {
  EXPECT_TRUE(has_json5_comments("{ a: 1 } // note"));
  EXPECT_TRUE(has_json5_comments("/* header */ {}"));
  EXPECT_FALSE(has_json5_comments(R"({ "url": "https://example.com/x" })"));
  EXPECT_FALSE(has_json5_comments(R"({ a: 'it\'s // not a comment' })"));
}

}  // namespace
}  // namespace openclaw::config
