#include <gtest/gtest.h>

#include "cli/doctor/state_checks.h"
#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::mode_of;
using testing::read_text;
using testing::TestState;

std::vector<const Finding*> with_id(const Findings& findings, std::string_view id) {
  std::vector<const Finding*> out;
  for (const auto& finding : findings.all()) {
    if (finding.id == id) out.push_back(&finding);
  }
  return out;
}

TEST(DoctorStateChecks, ProvisionedStateHasNoProblems) {
  TestState state;
  Findings findings;
  check_state_integrity(state.inputs(), DoctorOptions{}, findings);
  EXPECT_EQ(findings.count(Severity::Error), 0u);
  EXPECT_EQ(findings.count(Severity::Warn), 0u);
  EXPECT_NE(findings.find("state.directories"), nullptr);
  EXPECT_NE(findings.find("state.modes"), nullptr);
}

TEST(DoctorStateChecks, MissingStateDirIsCriticalAndNotCreated) {
  config::testing::TempDir scratch;
  const state::StateLayout layout(scratch.path() / "nope");
  Findings findings;
  DoctorOptions options;
  options.fix = true;
  check_state_integrity(gather_inputs(layout, layout.config_file(), Environment{}), options,
                        findings);
  const Finding* missing = findings.find("state.dir.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->severity, Severity::Error);
  EXPECT_NE(
      missing->message.find("CRITICAL: state directory missing (" + layout.root().string() + ")"),
      std::string::npos);
  EXPECT_EQ(missing->remedy, "openclaw-provision apply --state-dir " + layout.root().string());
  EXPECT_FALSE(std::filesystem::exists(layout.root()));
}

TEST(DoctorStateChecks, MissingSessionsDirIsReportedWithTheRunbookWording) {
  TestState state;
  std::filesystem::remove(state.layout().sessions_dir("main"));
  std::filesystem::remove(state.layout().credentials_dir());
  Findings findings;
  check_state_integrity(state.inputs(), DoctorOptions{}, findings);
  const auto missing = with_id(findings, "state.directory.missing");
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0]->message,
            "CRITICAL: OAuth dir missing (" + state.layout().credentials_dir().string() + ").");
  EXPECT_EQ(missing[1]->message, "CRITICAL: Session store dir missing (" +
                                     state.layout().sessions_dir("main").string() + ").");
  EXPECT_EQ(missing[1]->remedy, "mkdir -m 700 -p " + state.layout().sessions_dir("main").string());
  EXPECT_TRUE(missing[1]->fixable);
  EXPECT_FALSE(missing[1]->fixed);
  EXPECT_TRUE(findings.has_unfixed_error());
  EXPECT_FALSE(
      std::filesystem::exists(state.layout().sessions_dir("main")));  // reporting never repairs
}

TEST(DoctorStateChecks, FixCreatesMissingDirectoriesWithPrivateModes) {
  TestState state;
  std::filesystem::remove_all(state.root() / "agents");
  Findings findings;
  DoctorOptions options;
  options.fix = true;
  check_state_integrity(state.inputs(), options, findings);
  EXPECT_FALSE(findings.has_unfixed_error());
  for (const auto& finding : with_id(findings, "state.directory.missing"))
    EXPECT_TRUE(finding->fixed);
  EXPECT_TRUE(std::filesystem::is_directory(state.layout().sessions_dir("main")));
  EXPECT_EQ(mode_of(state.layout().sessions_dir("main")), 0700u);
  EXPECT_EQ(mode_of(state.root() / "agents"), 0700u);

  Findings again;
  check_state_integrity(state.inputs(), DoctorOptions{}, again);
  EXPECT_EQ(again.count(Severity::Error), 0u);
  EXPECT_EQ(again.count(Severity::Warn), 0u);
}

TEST(DoctorStateChecks, LooseModesAreWarnedAndTightenedWithoutTouchingContent) {
  TestState state;
  const std::string config_before = read_text(state.layout().config_file());
  state.write(state.layout().gateway_token(), "secret-token\n", 0644);
  state.write(state.layout().paired_devices(), "{}\n", 0640);
  ::chmod(state.root().c_str(), 0755);
  ::chmod(state.layout().config_file().c_str(), 0644);
  ::chmod(state.layout().devices_dir().c_str(), 0750);

  Findings findings;
  check_state_integrity(state.inputs(), DoctorOptions{}, findings);
  const Finding* root = findings.find("state.dir.mode");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->severity, Severity::Warn);
  EXPECT_EQ(root->message, "State directory permissions are too open (" + state.root().string() +
                               ", mode 755). Recommend chmod 700.");
  EXPECT_EQ(root->remedy, "chmod 700 " + state.root().string());
  const auto files = with_id(findings, "state.file.mode");
  ASSERT_EQ(files.size(), 3u);  // config, devices/paired.json, credentials/gateway-token
  EXPECT_EQ(files[0]->message, "Credential file is group/world accessible (" +
                                   state.layout().gateway_token().string() +
                                   ", mode 644). Recommend chmod 600.");
  EXPECT_NE(findings.find("state.directory.mode"), nullptr);  // devices/ 750
  EXPECT_EQ(mode_of(state.root()), 0755u);                    // not without --fix

  Findings fixed;
  DoctorOptions options;
  options.fix = true;
  check_state_integrity(state.inputs(), options, fixed);
  for (const auto& finding : fixed.all()) {
    if (finding.severity == Severity::Warn) EXPECT_TRUE(finding.fixed) << finding.message;
  }
  EXPECT_EQ(fixed.find("state.dir.mode")->fix_note,
            "Tightened permissions on " + state.root().string() + " to 700");
  EXPECT_EQ(mode_of(state.root()), 0700u);
  EXPECT_EQ(mode_of(state.layout().config_file()), 0600u);
  EXPECT_EQ(mode_of(state.layout().gateway_token()), 0600u);
  EXPECT_EQ(mode_of(state.layout().paired_devices()), 0600u);
  EXPECT_EQ(mode_of(state.layout().devices_dir()), 0700u);
  EXPECT_EQ(read_text(state.layout().config_file()), config_before);
  EXPECT_EQ(read_text(state.layout().gateway_token()), "secret-token\n");
}

TEST(DoctorStateChecks, SymlinkedSecretsAreLeftAlone) {
  TestState state;
  config::testing::TempDir elsewhere;
  const auto target = elsewhere.write("mounted-secret", "x");
  ::chmod(target.c_str(), 0644);
  std::filesystem::create_symlink(target, state.layout().gateway_token());
  Findings findings;
  DoctorOptions options;
  options.fix = true;
  check_state_integrity(state.inputs(), options, findings);
  EXPECT_EQ(findings.find("state.file.mode"), nullptr);
  EXPECT_EQ(mode_of(target), 0644u);
}

TEST(DoctorStateChecks, BrokenSessionStoreIsReportedNotRewritten) {
  TestState state;
  const auto store = state.layout().sessions_dir("main") / "sessions.json";
  state.write(store, "{not json");
  Findings findings;
  DoctorOptions options;
  options.fix = true;
  check_state_integrity(state.inputs(), options, findings);
  const Finding* invalid = findings.find("state.session-store.invalid");
  ASSERT_NE(invalid, nullptr);
  EXPECT_EQ(invalid->severity, Severity::Warn);
  EXPECT_NE(invalid->message.find(store.string()), std::string::npos);
  EXPECT_FALSE(invalid->fixable);
  EXPECT_EQ(read_text(store), "{not json");
}

TEST(DoctorStateChecks, ReadableSessionStoreCountsItsSessions) {
  TestState state;
  state.write(state.layout().sessions_dir("main") / "sessions.json",
              R"({"agent:main:main": {"sessionId": "a"}})");
  Findings findings;
  check_state_integrity(state.inputs(), DoctorOptions{}, findings);
  const Finding* store = findings.find("state.session-store");
  ASSERT_NE(store, nullptr);
  EXPECT_NE(store->message.find("1 session(s)"), std::string::npos);
}

TEST(DoctorStateChecks, ConfiguredAgentsNeedTheirOwnSessionDirs) {
  TestState state;
  state.write_config(R"({"gateway": {"mode": "local"}, "agents": {"list": [{"id": "ops"}]}})");
  Findings findings;
  check_state_integrity(state.inputs(), DoctorOptions{}, findings);
  bool ops_sessions = false;
  for (const auto* finding : with_id(findings, "state.directory.missing")) {
    if (finding->message.find(state.layout().sessions_dir("ops").string()) != std::string::npos)
      ops_sessions = true;
  }
  EXPECT_TRUE(ops_sessions);
}

}  // namespace
}  // namespace openclaw::cli::doctor
